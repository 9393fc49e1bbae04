package com.nxtnd.hub.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The periodic evaluator against the real store: each threshold raises its alert when crossed and clears it when
 * the condition ends. The evaluator judges a short window here so the rows other tests leave behind stay out of it.
 */
class AlertThresholdsTest extends MonitorTestSupport {

    @Autowired
    StoreQueries store;
    @Autowired
    StoredAlerts alerts;
    @Autowired
    MonitoringProperties properties;

    final String marker = "monitor-test-" + UUID.randomUUID();

    AlertEvaluator evaluator(Duration jobStuck) {
        MonitoringProperties.Thresholds t = properties.thresholds();
        return evaluator(jobStuck, t.webhookBacklog(), t.webhookDelay(), t.conflictPending());
    }

    AlertEvaluator evaluator(Duration jobStuck, long webhookBacklog, Duration webhookDelay, Duration conflictPending) {
        MonitoringProperties.Thresholds t = properties.thresholds();
        MonitoringProperties p = new MonitoringProperties(properties.metricsInterval(), properties.retention(),
                properties.dashboardRefresh(), null, Duration.ofMinutes(1), properties.alertMinSamples(),
                new MonitoringProperties.Thresholds(t.failureRate(), t.avgResponseTime(), t.conflictRate(), t.stockDrift(), jobStuck,
                        webhookBacklog, webhookDelay, conflictPending), properties.alertMailFrom());
        return new AlertEvaluator(store, alerts, jdbc, p);
    }

    /** Webhook events waiting, not due for an hour (the inbox leaves them), received {@code agoSeconds} ago. */
    void waitingEvents(int n, long agoSeconds) {
        jdbc.update("insert into wc_webhook_events (topic, resource, payload, signature_status, status, source, "
                + "next_attempt_at, received_at) select 'product.updated', 'product', '{}'::bytea, 'valid', 'pending', ?, "
                + "now() + interval '1 hour', now() - (? * interval '1 second') from generate_series(1, ?)", marker,
                agoSeconds, n);
    }

    long waitingNow() {
        return jdbc.queryForObject("select count(*) from wc_webhook_events where status in ('pending', 'processing')", Long.class);
    }

    @AfterEach
    void removeTestRows() {
        jdbc.update("delete from wc_monitoring_metrics where tags ->> 'instance' = ?", marker);
        jdbc.update("delete from wc_sync_conflicts where detail = ?", marker);
        jdbc.update("delete from wc_batch_jobs where locked_by = ?", marker);
        jdbc.update("delete from wc_sync_sessions where kind = 'monitor-test'");
        jdbc.update("delete from wc_webhook_events where source = ?", marker);
    }

    void apiSnapshot(String system, long calls, long errors, double totalMs) {
        for (Object[] row : new Object[][] {{"api.calls", calls}, {"api.errors", errors}, {"api.latency.total_ms", totalMs}}) {
            jdbc.update("insert into wc_monitoring_metrics (metric_name, tags, value) values (?, cast(? as jsonb), ?)",
                    row[0], "{\"system\":\"" + system + "\",\"instance\":\"" + marker + "\"}", ((Number) row[1]).doubleValue());
        }
    }

    List<String> active(String prefix) {
        return alerts.activeConditions(prefix);
    }

    @Test
    void failureRateAndAverageResponseTimeOfAPeerRaiseAndClear() {
        AlertEvaluator evaluator = evaluator(properties.thresholds().jobStuck());
        // large enough to dominate the real calls other tests made in the window
        apiSnapshot("woo", 10_000, 9_000, 10_000 * 50.0);   // 90 % failing, fast
        apiSnapshot("nxt", 1_000, 0, 1_000 * 60_000.0);     // healthy but a minute on average
        assertThat(evaluator.evaluate()).contains("failure-rate:woo", "avg-response-time:nxt")
                .doesNotContain("failure-rate:nxt", "avg-response-time:woo");
        assertThat(active("failure-rate:woo")).containsExactly("failure-rate:woo");
        assertThat(alerts.list("active", 100)).filteredOn(a -> a.condition().equals("avg-response-time:nxt"))
                .singleElement().satisfies(a -> assertThat(a.message()).contains("NXT-ND answers slowly", "threshold 5000 ms"));

        jdbc.update("delete from wc_monitoring_metrics where tags ->> 'instance' = ?", marker);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(evaluator.evaluate()).doesNotContain("failure-rate:woo", "avg-response-time:nxt");
            assertThat(active("failure-rate:woo")).isEmpty();
            assertThat(active("avg-response-time:nxt")).isEmpty();
        });
        assertThat(alerts.list("resolved", 1000)).extracting(StoredAlerts.Alert::condition)
                .contains("failure-rate:woo", "avg-response-time:nxt");
    }

    @Test
    void fewCallsNeverMakeARateAlert() {
        AlertEvaluator evaluator = evaluator(properties.thresholds().jobStuck());
        apiSnapshot("nxt", 3, 3, 30.0); // 100 % of 3 calls: below alertMinSamples
        assertThat(evaluator.evaluate()).doesNotContain("failure-rate:nxt");
    }

    @Test
    void conflictRateAboveTheThresholdRaisesAndClears() {
        AlertEvaluator evaluator = evaluator(properties.thresholds().jobStuck());
        finishedSession("{\"product\":{\"pull\":{\"created\":60,\"updated\":40,\"pages\":3}}}");
        // 2000 conflicts for 100 records plus the webhook events other tests left in the window: far above 5 %
        jdbc.update("insert into wc_sync_conflicts (entity_type, conflict_type, fields, detail, status) "
                + "select 'product', 'field_conflict', '{name}', ?, 'superseded' from generate_series(1, 2000)", marker);
        assertThat(evaluator.evaluate()).contains("conflict-rate");
        assertThat(alerts.list("active", 100)).filteredOn(a -> a.condition().equals("conflict-rate"))
                .singleElement().satisfies(a -> assertThat(a.details()).containsKeys("rate", "threshold", "of"));

        jdbc.update("delete from wc_sync_conflicts where detail = ?", marker);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(evaluator.evaluate()).doesNotContain("conflict-rate");
            assertThat(active("conflict-rate")).isEmpty();
        });
    }

    @Test
    void stockDriftAboveTheThresholdAtTheLastReconciliationRaisesUntilAReconciliationIsClean() {
        AlertEvaluator evaluator = evaluator(properties.thresholds().jobStuck());
        finishedSession("{\"inventory\":{\"push\":{\"drift\":37,\"updated\":37,\"unchanged\":3}}}");
        assertThat(evaluator.evaluate()).contains("stock-drift");
        assertThat(alerts.list("active", 100)).filteredOn(a -> a.condition().equals("stock-drift"))
                .singleElement().satisfies(a -> assertThat(a.message()).startsWith("37 products"));

        jdbc.update("update wc_sync_sessions set finished_at = now() - interval '1 second' where kind = 'monitor-test'");
        finishedSession("{\"inventory\":{\"push\":{\"unchanged\":40}}}");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(evaluator.evaluate()).doesNotContain("stock-drift");
            assertThat(active("stock-drift")).isEmpty();
        });
    }

    @Test
    void aRunningJobWithoutHeartbeatIsStuckUntilItBeatsAgain() {
        // 30 s without heartbeat: stuck for a 5 s threshold, yet short of the 45 s after which a hub takes it over
        AlertEvaluator evaluator = evaluator(Duration.ofSeconds(5));
        UUID job = UUID.randomUUID();
        jdbc.update("insert into wc_batch_jobs (id, job_type, request, status, locked_by, started_at, heartbeat_at) "
                + "values (?, 'sync', '{}'::jsonb, 'running', ?, now() - interval '1 minute', now() - interval '30 second')",
                job, marker);
        assertThat(evaluator.evaluate()).contains("job-stuck:" + job);
        assertThat(alerts.list("active", 100)).filteredOn(a -> a.condition().equals("job-stuck:" + job))
                .singleElement().satisfies(a -> assertThat(a.severity()).isEqualTo(Alerts.Severity.CRITICAL));

        jdbc.update("update wc_batch_jobs set heartbeat_at = now() + interval '1 minute' where id = ?", job);
        assertThat(evaluator.evaluate()).doesNotContain("job-stuck:" + job);
        assertThat(active("job-stuck:" + job)).isEmpty();
    }

    @Test
    void aWebhookEventWaitingTooLongIsAProcessingDelayUntilItIsProcessed() {
        AlertEvaluator evaluator = evaluator(properties.thresholds().jobStuck(), 1_000_000, Duration.ofMinutes(5),
                properties.thresholds().conflictPending());
        assertThat(evaluator.evaluate()).doesNotContain("webhook-delay");
        waitingEvents(1, 600);
        assertThat(evaluator.evaluate()).contains("webhook-delay");
        assertThat(alerts.list("active", 100)).filteredOn(a -> a.condition().equals("webhook-delay")).singleElement()
                .satisfies(a -> {
                    assertThat(a.message()).contains("the oldest webhook event has waited", "threshold 5 min");
                    assertThat(((Number) a.details().get("oldestSeconds")).longValue()).isBetween(600L, 900L);
                });

        jdbc.update("update wc_webhook_events set status = 'processed', processed_at = now() where source = ?", marker);
        assertThat(evaluator.evaluate()).doesNotContain("webhook-delay");
        assertThat(active("webhook-delay")).isEmpty();
    }

    @Test
    void aWebhookBacklogAboveTheThresholdIsAProcessingDelayUntilItShrinks() {
        long before = waitingNow();
        AlertEvaluator evaluator = evaluator(properties.thresholds().jobStuck(), before + 5, Duration.ofDays(1),
                properties.thresholds().conflictPending());
        waitingEvents(10, 1);
        assertThat(evaluator.evaluate()).contains("webhook-delay");
        assertThat(alerts.list("active", 100)).filteredOn(a -> a.condition().equals("webhook-delay")).singleElement()
                .satisfies(a -> assertThat(a.message()).contains("webhook events waiting to be processed",
                        "threshold " + (before + 5)));

        jdbc.update("delete from wc_webhook_events where source = ?", marker);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(evaluator.evaluate()).doesNotContain("webhook-delay");
            assertThat(active("webhook-delay")).isEmpty();
        });
    }

    @Test
    void conflictsHeldForAPersonTooLongRaiseUntilTheyAreResolved() {
        AlertEvaluator evaluator = evaluator(properties.thresholds().jobStuck(), 1_000_000, Duration.ofDays(1),
                Duration.ofHours(24));
        jdbc.update("insert into wc_sync_conflicts (entity_type, conflict_type, fields, detail, status, created_at) "
                + "values ('customer', 'field_conflict', '{email}', ?, 'pending', now() - interval '1 hour')", marker);
        assertThat(evaluator.evaluate()).doesNotContain("conflicts-pending"); // pending, but not for long
        jdbc.update("insert into wc_sync_conflicts (entity_type, conflict_type, fields, detail, status, created_at) "
                + "select 'customer', 'field_conflict', '{email}', ?, 'pending', now() - interval '30 hour' "
                + "from generate_series(1, 2)", marker);
        assertThat(evaluator.evaluate()).contains("conflicts-pending");
        assertThat(alerts.list("active", 100)).filteredOn(a -> a.condition().equals("conflicts-pending")).singleElement()
                .satisfies(a -> {
                    assertThat(a.message()).startsWith("2 conflicts have waited for a person longer than 24 h");
                    assertThat(a.details()).containsEntry("overdue", 2);
                });

        jdbc.update("update wc_sync_conflicts set status = 'resolved', resolved_at = now() where detail = ?", marker);
        assertThat(evaluator.evaluate()).doesNotContain("conflicts-pending");
        assertThat(active("conflicts-pending")).isEmpty();
    }
}
