package com.nxtnd.hub.retention;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long finished rows are kept ({@code hub.retention.*}, README "Retention"). Only finished work ever ages out:
 * pending or processing events, open errors, pending conflicts and queued or running syncs are kept whatever their
 * age. Monitoring snapshots and resolved alerts have their own age, {@code hub.monitoring.retention}.
 *
 * @param webhookEvents   processed, duplicate, echo, rejected and ping deliveries (their raw payloads)
 * @param idempotencyKeys the inbox's keys in camel_messageprocessed: a re-delivery of the same content within this
 *                        age is recognised as a duplicate. WooCommerce itself never retries, but a store admin can
 *                        run a past delivery again from Action Scheduler, which keeps completed actions 30 days.
 * @param errors          replayed, resolved and discarded entries of wc_error_log
 * @param conflicts       resolved and superseded conflicts
 * @param sessions        finished sync sessions and finished queued jobs
 * @param auditLog        wc_audit_log
 * @param batchSize       rows deleted per statement; each batch is its own short transaction and skips rows another
 *                        transaction holds, so nothing waits on the clean-up and the clean-up waits on nothing
 */
@Validated
@ConfigurationProperties("hub.retention")
public record RetentionProperties(
        @NotNull @DefaultValue("30d") Duration webhookEvents,
        @NotNull @DefaultValue("35d") Duration idempotencyKeys,
        @NotNull @DefaultValue("90d") Duration errors,
        @NotNull @DefaultValue("90d") Duration conflicts,
        @NotNull @DefaultValue("90d") Duration sessions,
        @NotNull @DefaultValue("365d") Duration auditLog,
        @Min(1) @Max(100_000) @DefaultValue("1000") int batchSize) {
}
