package com.nxtnd.hub.webhook;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Webhook intake and inbox settings (hub.webhooks.*).
 *
 * @param allowedIps      CIDR blocks allowed to deliver; empty = anyone (the signature still decides)
 * @param rateLimitWindow window of the per-source-IP rate limit
 * @param rateLimitMax    deliveries one IP may send per window before it gets 429
 * @param maxBodyBytes    larger deliveries get 413 before they are read whole
 * @param consumers       events processed in parallel
 * @param claimBatch      events claimed per poll: enough for a batch upsert per worker ({@code consumers} ×
 *                        {@code applyBatchSize})
 * @param applyBatchSize  claimed product / customer events written to NXT-ND per batch upsert (NXT-ND takes 100)
 * @param busyWait        when deliveries wait this long on average (over the last second) before the intake gets to
 *                        them, the inbox steps back: it claims one event per poll delay instead of {@code claimBatch}
 *                        again and again, so that answering WooCommerce gets the CPU first (0: never)
 * @param maxAttempts     attempts before an event is failed into the error store
 * @param retryDelay      first retry delay (doubles per attempt)
 * @param lease           how long a claim may last before another instance may take the event over
 * @param healthInterval  how often route webhook-health reads the store's webhooks
 * @param heal            re-enable or re-create a disabled or missing webhook (else only alert)
 * @param gapFallback     how far back a gap is backfilled when no delivery was ever received
 * @param bodyReadTimeout a delivery whose body takes longer to arrive is answered 408 and its connection closed
 * @param maxReadsPerSource deliveries one source address may have being read at once; more get 429 at once, so a
 *                        slow sender holds at most this many of the server's worker threads
 */
@ConfigurationProperties("hub.webhooks")
public record WebhookProperties(
        @DefaultValue("") List<String> allowedIps,
        @DefaultValue("1m") Duration rateLimitWindow,
        @DefaultValue("6000") int rateLimitMax,
        @DefaultValue("1048576") long maxBodyBytes,
        @DefaultValue("4") int consumers,
        @DefaultValue("400") int claimBatch,
        @DefaultValue("100") int applyBatchSize,
        @DefaultValue("5ms") Duration busyWait,
        @DefaultValue("200") long pollDelayMs,
        @DefaultValue("6") int maxAttempts,
        @DefaultValue("2s") Duration retryDelay,
        @DefaultValue("2m") Duration lease,
        @DefaultValue("5m") Duration healthInterval,
        @DefaultValue("true") boolean heal,
        @DefaultValue("24h") Duration gapFallback,
        @DefaultValue("10s") Duration bodyReadTimeout,
        @DefaultValue("64") int maxReadsPerSource) {
}
