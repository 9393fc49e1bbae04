package com.nxtnd.hub.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class MetricsAndAnalyticsTest extends MonitorTestSupport {

    @Autowired
    StoreMetrics metrics;
    @Autowired
    MetricsSnapshots snapshots;

    long rejectedEvent(String reason) {
        return jdbc.queryForObject("""
                insert into wc_webhook_events (topic, resource, payload, signature_status, status, reject_reason, processed_at)
                values ('product.updated', 'product', '\\x7b7d'::bytea, 'invalid', 'rejected', ?, now()) returning id""",
                Long.class, reason);
    }

    double prometheus(String body, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(body);
        assertThat(m.find()).as("%s in /actuator/prometheus", series).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** The series' value, 0 when the series does not exist yet (a counter before its first increment). */
    double prometheusOrZero(String body, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    long waitingEvents() {
        return jdbc.queryForObject("select count(*) from wc_webhook_events where status in ('pending', 'processing')", Long.class);
    }

    @Test
    void prometheusShowsStoreDerivedMetersRouteMetricsAndNoSecrets() throws Exception {
        String created = "hub_sync_records_total{direction=\"pull\",entity=\"product\",result=\"created\"}";
        String errors = "hub_sync_records_total{direction=\"pull\",entity=\"product\",result=\"errors\"}";
        String sessions = "hub_sync_sessions_total{kind=\"monitor-test\",status=\"completed\"}";
        // nothing due in the inbox: what is pending now stays pending until the figures are read
        awaitDueEventsProcessed(jdbc);
        metrics.refresh();
        String before = get("/actuator/prometheus", ADMIN).body();
        double rejectedBefore = prometheus(before, "hub_webhooks_events{status=\"rejected\"}");
        assertThat(prometheus(before, "hub_webhooks_pending")).isEqualTo(waitingEvents());
        rejectedEvent("monitor_test");
        rejectedEvent("monitor_test");
        String marker = "metrics-test-" + UUID.randomUUID();
        jdbc.update("insert into wc_webhook_events (topic, resource, payload, signature_status, status, source, next_attempt_at) "
                + "select 'product.updated', 'product', '{}'::bytea, 'valid', 'pending', ?, now() + interval '1 hour' "
                + "from generate_series(1, 3)", marker);
        UUID session = finishedSession("{\"product\":{\"pull\":{\"created\":3,\"errors\":1,\"pages\":1}}}");
        metrics.refresh();

        String body = get("/actuator/prometheus", ADMIN).body();
        assertThat(prometheus(body, "hub_webhooks_events{status=\"rejected\"}")).isEqualTo(rejectedBefore + 2);
        assertThat(prometheus(body, "hub_webhooks_pending")).isEqualTo(prometheus(before, "hub_webhooks_pending") + 3)
                .isEqualTo(waitingEvents());
        assertThat(prometheus(body, created)).isEqualTo(prometheusOrZero(before, created) + 3);
        assertThat(prometheus(body, errors)).isEqualTo(prometheusOrZero(before, errors) + 1);
        assertThat(body).doesNotContain("result=\"pages\"");
        assertThat(prometheus(body, sessions)).isEqualTo(prometheusOrZero(before, sessions) + 1);
        assertThat(prometheus(body, "hub_sync_session_duration_seconds_count"))
                .isEqualTo(prometheusOrZero(before, "hub_sync_session_duration_seconds_count") + 1);
        // the session took 2 s (finishedSession): the sum grows by that much
        assertThat(prometheus(body, "hub_sync_session_duration_seconds_sum")
                - prometheusOrZero(before, "hub_sync_session_duration_seconds_sum")).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.05));
        jdbc.update("delete from wc_webhook_events where source = ?", marker);
        assertThat(body).contains("hub_webhooks_processing_seconds_count", "hub_webhooks_failed_total", "hub_conflicts_pending{type=\"field_conflict\"}",
                "hub_errors_open{system=\"woo\"}", "hub_jobs{status=\"queued\"}", "hub_stock_drift", "hub_alerts_active{severity=\"CRITICAL\"}",
                "hub_sync_last_success{direction=\"pull\",entity=\"product\"}");
        // Camel route policy: per route, YAML and Java
        assertThat(body).containsPattern("camel_exchanges_total\\{[^}]*routeId=\"monitoring-snapshot\"")
                .containsPattern("camel_exchanges_total\\{[^}]*routeId=\"hub-info\"");
        assertThat(body).doesNotContain("cs_sandbox", "sandbox-secret", "sandbox-token");
        jdbc.update("delete from wc_sync_sessions where id = ?", session);
    }

    @Test
    void snapshotsAreWrittenAndFoldedIntoTheAnalyticsSeries() throws Exception {
        rejectedEvent("monitor_test_snapshot");
        int rows = snapshots.take(true);
        assertThat(rows).isGreaterThan(10);
        List<String> names = jdbc.queryForList("select distinct metric_name from wc_monitoring_metrics "
                + "where recorded_at = (select max(recorded_at) from wc_monitoring_metrics where metric_name = 'webhooks.received')",
                String.class);
        assertThat(names).contains("webhooks.received", "webhooks.rejected", "webhooks.pending", "sync.records",
                "conflicts.pending", "errors", "stock.drift", "alerts.active");
        assertThat(jdbc.queryForObject("select count(*) from wc_monitoring_metrics where metric_name = 'api.calls' "
                + "and tags ->> 'instance' = ? and tags ->> 'system' in ('woo', 'nxt')", Long.class, snapshots.instance()))
                .isGreaterThanOrEqualTo(2);
        assertThat(jdbc.queryForObject("select sum(value) from wc_monitoring_metrics where metric_name = 'webhooks.rejected'",
                Double.class)).isGreaterThanOrEqualTo(1);

        for (String period : List.of("24h", "7d", "30d")) {
            JsonNode analytics = adminJson("/api/woocommerce/analytics?period=" + period);
            assertThat(analytics.get("period").asText()).isEqualTo(period);
            long rejectedInPeriod = jdbc.queryForObject("select count(*) from wc_webhook_events where status = 'rejected' "
                    + "and received_at >= now() - cast(? as interval)", Long.class, period.replace("h", " hours").replace("d", " days"));
            assertThat(analytics.get("totals").get("webhooks").get("rejected").asLong()).isEqualTo(rejectedInPeriod)
                    .isGreaterThanOrEqualTo(1);
            assertThat(analytics.get("totals").has("sync")).isTrue();
            assertThat(analytics.get("totals").get("api").has("woo")).isTrue();
            List<String> series = new ArrayList<>();
            analytics.get("series").forEach(s -> series.add(s.get("name").asText()));
            assertThat(series).contains("webhooks.received", "webhooks.rejected", "api.calls", "stock.drift");
            JsonNode rejected = null;
            for (JsonNode s : analytics.get("series")) {
                if (s.get("name").asText().equals("webhooks.rejected")) {
                    rejected = s;
                }
            }
            assertThat(rejected.get("kind").asText()).isEqualTo("count");
            double sum = 0;
            for (JsonNode point : rejected.get("points")) {
                sum += point.get(1).asDouble();
            }
            assertThat(sum).isGreaterThanOrEqualTo(1);
        }
        assertThat(adminJson("/api/woocommerce/analytics").get("period").asText()).isEqualTo("24h");
        assertThat(adminJson("/api/woocommerce/analytics?period=7d").get("bucketSeconds").asLong()).isEqualTo(4 * 3600);

        var bad = get("/api/woocommerce/analytics?period=5d", ADMIN);
        assertThat(bad.statusCode()).isEqualTo(400);
        JsonNode error = json.readTree(bad.body());
        assertThat(error.get("error").asText()).isEqualTo("bad_request");
        assertThat(error.get("message").asText()).contains("period");
        assertThat(error.get("details").get("parameter").asText()).isEqualTo("period");
    }

    @Test
    void retentionDeletesOldSnapshotsAndResolvedAlertsOnly() {
        String tag = "{\"instance\":\"retention-" + UUID.randomUUID() + "\"}";
        jdbc.update("insert into wc_monitoring_metrics (metric_name, tags, value, recorded_at) values "
                + "('webhooks.pending', cast(? as jsonb), 1, now() - interval '400 days'), "
                + "('webhooks.pending', cast(? as jsonb), 2, now() - interval '1 day')", tag, tag);
        String old = "test:retention-" + UUID.randomUUID();
        String stillActive = "test:retention-active-" + UUID.randomUUID();
        jdbc.update("insert into wc_alerts (condition_key, severity, message, status, raised_at, resolved_at) values "
                + "(?, 'WARNING', 'old', 'resolved', now() - interval '401 days', now() - interval '400 days'), "
                + "(?, 'WARNING', 'old but active', 'active', now() - interval '401 days', null)", old, stillActive);

        assertThat(snapshots.purge()).isGreaterThanOrEqualTo(1);

        assertThat(jdbc.queryForList("select value from wc_monitoring_metrics where tags = cast(? as jsonb)", Double.class, tag))
                .containsExactly(2.0);
        assertThat(jdbc.queryForObject("select count(*) from wc_alerts where condition_key = ?", Long.class, old)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from wc_alerts where condition_key = ?", Long.class, stillActive)).isOne();
        jdbc.update("delete from wc_alerts where condition_key = ?", stillActive);
        jdbc.update("delete from wc_monitoring_metrics where tags = cast(? as jsonb)", tag);
    }
}
