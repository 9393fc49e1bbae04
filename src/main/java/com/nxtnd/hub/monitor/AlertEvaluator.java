package com.nxtnd.hub.monitor;

import com.nxtnd.hub.monitor.Alerts.Severity;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Raises and clears the threshold alerts after each snapshot (route {@code monitoring-snapshot}), judged over the
 * last {@code alertWindow} from the store and the snapshots (so every hub instance judges the same figures):
 * <ul>
 *   <li>{@code failure-rate:woo|nxt} failed outbound calls, {@code failure-rate:webhooks} failed inbox events,
 *       {@code failure-rate:sync} records in error, above {@code failureRate} (with at least {@code alertMinSamples});</li>
 *   <li>{@code avg-response-time:woo|nxt} average call latency above {@code avgResponseTime};</li>
 *   <li>{@code conflict-rate} conflicts per record synced (batch and webhook) above {@code conflictRate};</li>
 *   <li>{@code stock-drift} products off at the last stock reconciliation above {@code stockDrift};</li>
 *   <li>{@code job-stuck:<job id>} a running sync job without heartbeat for longer than {@code jobStuck};</li>
 *   <li>{@code webhook-delay} more than {@code webhookBacklog} webhook events waiting, or the oldest waiting longer
 *       than {@code webhookDelay};</li>
 *   <li>{@code conflicts-pending} conflicts held for a person longer than {@code conflictPending}.</li>
 * </ul>
 * Credentials, circuit and webhook-disabled alerts are raised by the flows themselves through {@link Alerts}.
 */
@Component
public class AlertEvaluator {

    private final StoreQueries store;
    private final StoredAlerts alerts;
    private final JdbcTemplate jdbc;
    private final MonitoringProperties properties;

    public AlertEvaluator(StoreQueries store, StoredAlerts alerts, JdbcTemplate jdbc, MonitoringProperties properties) {
        this.store = store;
        this.alerts = alerts;
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** @return the conditions that hold now */
    public Set<String> evaluate() {
        Set<String> holding = new HashSet<>();
        Instant to = store.now();
        Instant from = to.minus(properties.alertWindow());
        MonitoringProperties.Thresholds limits = properties.thresholds();
        String window = human(properties.alertWindow());

        for (String system : PeerCallStats.systems()) {
            double[] api = apiFigures(system, from);
            long calls = (long) api[0];
            rate(holding, "failure-rate:" + system, (long) api[1], calls, limits.failureRate(),
                    label(system) + " calls failing", Map.of("system", system, "window", window));
            String latencyKey = "avg-response-time:" + system;
            double avg = calls == 0 ? 0 : api[2] / calls;
            if (calls >= Math.min(5, properties.alertMinSamples()) && avg > limits.avgResponseTime().toMillis()) {
                holding.add(latencyKey);
                alerts.raise(latencyKey, Severity.WARNING, String.format("%s answers slowly: %.0f ms on average over %s "
                                + "(threshold %d ms)", label(system), avg, window, limits.avgResponseTime().toMillis()),
                        details("system", system, "avgMs", Math.round(avg), "calls", calls, "thresholdMs",
                                limits.avgResponseTime().toMillis(), "window", window));
            } else {
                alerts.clear(latencyKey);
            }
        }

        Map<String, Long> webhooks = store.webhookWindow(from, to);
        long finished = webhooks.get("processed") + webhooks.get("failed");
        rate(holding, "failure-rate:webhooks", webhooks.get("failed"), finished, limits.failureRate(),
                "webhook events failing", Map.of("window", window));

        long written = 0;
        long errors = 0;
        for (Map.Entry<String, Long> e : store.syncRecords(from, to).entrySet()) {
            String result = e.getKey().split("\\|", 3)[2];
            if (StoreQueries.RECORD_RESULTS.contains(result)) {
                written += e.getValue();
            }
            if (result.equals("errors")) {
                errors += e.getValue();
            }
        }
        rate(holding, "failure-rate:sync", errors, written, limits.failureRate(), "sync records failing",
                Map.of("window", window));

        long conflicts = store.conflictWindow(from, to).get("created");
        rate(holding, "conflict-rate", conflicts, written + finished, limits.conflictRate(), "records in conflict",
                Map.of("window", window));

        Map<String, Object> reconcile = store.lastStockReconciliation();
        long drift = reconcile == null ? 0 : ((Number) reconcile.get("drift")).longValue();
        if (drift > limits.stockDrift()) {
            holding.add("stock-drift");
            alerts.raise("stock-drift", Severity.WARNING, drift + " products had a WooCommerce stock different from "
                            + "NXT-ND at the last reconciliation (threshold " + limits.stockDrift() + ")",
                    details("drift", drift, "threshold", limits.stockDrift(), "session", String.valueOf(reconcile.get("id")),
                            "at", String.valueOf(reconcile.get("finished_at"))));
        } else {
            alerts.clear("stock-drift");
        }

        Set<String> stuck = new HashSet<>();
        for (Map<String, Object> job : store.stuckJobs(limits.jobStuck())) {
            String key = "job-stuck:" + job.get("id");
            stuck.add(key);
            alerts.raise(key, Severity.CRITICAL, "Sync job " + job.get("id") + " (" + job.get("job_type")
                            + ") has had no heartbeat since " + job.get("heartbeat_at") + " (threshold "
                            + human(limits.jobStuck()) + ")",
                    details("job", String.valueOf(job.get("id")), "owner", String.valueOf(job.get("locked_by")),
                            "progress", String.valueOf(job.get("progress")), "heartbeatAt", String.valueOf(job.get("heartbeat_at"))));
        }
        for (String active : alerts.activeConditions("job-stuck:")) {
            if (!stuck.contains(active)) {
                alerts.clear(active);
            }
        }
        holding.addAll(stuck);

        webhookDelay(holding, limits);
        conflictsPending(holding, limits);
        return holding;
    }

    /** Deliveries are answered at once and processed later: a backlog or an old waiting event is processing lag. */
    private void webhookDelay(Set<String> holding, MonitoringProperties.Thresholds limits) {
        Map<String, Object> waiting = jdbc.queryForMap("select count(*) as waiting, "
                + "extract(epoch from (now() - min(received_at))) as oldest_seconds from wc_webhook_events "
                + "where status in ('pending', 'processing')");
        long count = ((Number) waiting.get("waiting")).longValue();
        long oldest = waiting.get("oldest_seconds") == null ? 0 : ((Number) waiting.get("oldest_seconds")).longValue();
        boolean backlog = count > limits.webhookBacklog();
        boolean late = oldest > limits.webhookDelay().toSeconds();
        if (backlog || late) {
            holding.add("webhook-delay");
            String why = backlog && late ? count + " webhook events waiting (threshold " + limits.webhookBacklog()
                    + "), the oldest for " + human(Duration.ofSeconds(oldest)) + " (threshold " + human(limits.webhookDelay()) + ")"
                    : backlog ? count + " webhook events waiting to be processed (threshold " + limits.webhookBacklog() + ")"
                    : "the oldest webhook event has waited " + human(Duration.ofSeconds(oldest)) + " to be processed "
                    + "(threshold " + human(limits.webhookDelay()) + ", " + count + " waiting)";
            alerts.raise("webhook-delay", Severity.WARNING, "Webhook processing is behind: " + why,
                    details("waiting", count, "oldestSeconds", oldest, "backlogThreshold", limits.webhookBacklog(),
                            "delayThresholdSeconds", limits.webhookDelay().toSeconds()));
        } else {
            alerts.clear("webhook-delay");
        }
    }

    /** Conflicts held for a person (manual strategy, no auto-resolve) that nobody has settled in time. */
    private void conflictsPending(Set<String> holding, MonitoringProperties.Thresholds limits) {
        Map<String, Object> overdue = jdbc.queryForMap("select count(*) as overdue, "
                + "extract(epoch from (now() - min(created_at))) as oldest_seconds from wc_sync_conflicts "
                + "where status = 'pending' and created_at < now() - (? * interval '1 second')",
                limits.conflictPending().toSeconds());
        long count = ((Number) overdue.get("overdue")).longValue();
        if (count > 0) {
            long oldest = ((Number) overdue.get("oldest_seconds")).longValue();
            holding.add("conflicts-pending");
            alerts.raise("conflicts-pending", Severity.WARNING, count + " conflicts have waited for a person longer "
                            + "than " + human(limits.conflictPending()) + ", the oldest " + human(Duration.ofSeconds(oldest))
                            + " (GET /api/woocommerce/conflicts/pending)",
                    details("overdue", count, "oldestSeconds", oldest, "thresholdSeconds", limits.conflictPending().toSeconds()));
        } else {
            alerts.clear("conflicts-pending");
        }
    }

    private void rate(Set<String> holding, String key, long bad, long total, double threshold, String what,
                      Map<String, Object> extra) {
        double rate = total == 0 ? 0 : (double) bad / total;
        if (total >= properties.alertMinSamples() && rate > threshold) {
            holding.add(key);
            Map<String, Object> d = details("rate", Math.round(rate * 1000) / 1000.0, "count", bad, "of", total,
                    "threshold", threshold);
            d.putAll(extra);
            alerts.raise(key, Severity.WARNING, String.format("%.1f%% %s (%d of %d over %s, threshold %.1f%%)",
                    rate * 100, what, bad, total, extra.getOrDefault("window", ""), threshold * 100), d);
        } else {
            alerts.clear(key);
        }
    }

    /** calls, errors, total ms of one system over the snapshots since {@code from} (every instance). */
    private double[] apiFigures(String system, Instant from) {
        Map<String, Double> sums = new LinkedHashMap<>(Map.of("api.calls", 0.0, "api.errors", 0.0, "api.latency.total_ms", 0.0));
        jdbc.query("""
                select metric_name, sum(value) from wc_monitoring_metrics
                where metric_name in ('api.calls', 'api.errors', 'api.latency.total_ms') and tags ->> 'system' = ?
                  and recorded_at > ? group by metric_name""", rs -> {
            sums.put(rs.getString(1), rs.getDouble(2));
        }, system, Timestamp.from(from));
        return new double[] {sums.get("api.calls"), sums.get("api.errors"), sums.get("api.latency.total_ms")};
    }

    private static Map<String, Object> details(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String label(String system) {
        return switch (system) {
            case "woo" -> "WooCommerce";
            case "nxt" -> "NXT-ND";
            default -> system;
        };
    }

    static String human(Duration d) {
        if (d.toSeconds() % 3600 == 0 && d.toHours() > 0) {
            return d.toHours() + " h";
        }
        if (d.toSeconds() % 60 == 0 && d.toMinutes() > 0) {
            return d.toMinutes() + " min";
        }
        return d.toSeconds() + " s";
    }
}
