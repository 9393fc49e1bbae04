package com.nxtnd.hub.peer;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the hub treats one peer (hub.peers.woo.*, hub.peers.nxt.*; see {@link HubPeers}). Retries: a transient failure
 * is retried up to {@code maxRetries} times, the first wait {@code retryDelay} (a plain number is milliseconds).
 * Breaker: it opens when at least {@code minimumCalls} of the last {@code windowSize} attempts were made and
 * {@code failureRate} percent of them failed (no answer, 5xx); it lets {@code halfOpenCalls} probes through after
 * {@code openWait} and closes when they succeed. Pacing starts at {@code concurrency} calls in flight, between 1 and
 * {@code maxConcurrency}, and treats an answer slower than {@code slowCall} ({@code slowBatchCall} for a /batch call,
 * which writes up to 100 records and takes seconds on a healthy store) as a sign to slow down. While the peer refuses
 * the hub's credentials they are tried again every {@code credentialProbeInterval}.
 */
public record PeerSettings(
        @DefaultValue("3")
        @Min(value = 0, message = "max-retries (WOOCOMMERCE_MAX_RETRIES, NXT_MAX_RETRIES) must be between 0 and 20")
        @Max(value = 20, message = "max-retries (WOOCOMMERCE_MAX_RETRIES, NXT_MAX_RETRIES) must be between 0 and 20")
        int maxRetries,
        @DefaultValue("1000ms") Duration retryDelay,
        @DefaultValue("50") float failureRate,
        @DefaultValue("20") int windowSize,
        @DefaultValue("10") int minimumCalls,
        @DefaultValue("30s") Duration openWait,
        @DefaultValue("3") int halfOpenCalls,
        @DefaultValue("8") int concurrency,
        @DefaultValue("16") int maxConcurrency,
        @DefaultValue("5s") Duration slowCall,
        @DefaultValue("30s") Duration slowBatchCall,
        @DefaultValue("60s") Duration credentialProbeInterval) {

    public PeerSettings {
        // checked here, not by a constraint: Bean Validation has no @Min for a Duration
        if (retryDelay.isNegative()) {
            throw new IllegalArgumentException(
                    "retry-delay (WOOCOMMERCE_RETRY_DELAY, NXT_RETRY_DELAY) must be a number of milliseconds >= 0");
        }
    }

    /** The same settings as built in (what an unset hub.peers.woo / hub.peers.nxt binds to). */
    public static PeerSettings defaults() {
        return new PeerSettings(3, Duration.ofSeconds(1), 50, 20, 10, Duration.ofSeconds(30), 3, 8, 16,
                Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    public RetrySettings retry() {
        return RetrySettings.of(maxRetries, retryDelay);
    }

    /** The breaker configuration of this peer's read and write breakers. */
    public CircuitBreakerConfig breaker() {
        return breaker(failureRate, windowSize, minimumCalls, openWait, halfOpenCalls);
    }

    /** A peer breaker's configuration from its five settings: as bound here, or as route peer-breakers names them. */
    static CircuitBreakerConfig breaker(float failureRate, int windowSize, int minimumCalls, Duration openWait,
                                        int halfOpenCalls) {
        return CircuitBreakerConfig.custom()
                .failureRateThreshold(failureRate)
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(windowSize)
                .minimumNumberOfCalls(minimumCalls)
                .waitDurationInOpenState(openWait)
                .permittedNumberOfCallsInHalfOpenState(halfOpenCalls)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build();
    }

    public AdaptiveLimiter limiter() {
        return new AdaptiveLimiter(concurrency, 1, maxConcurrency, slowCall, slowBatchCall);
    }
}
