package com.nxtnd.hub.monitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The bodies of the status, dashboard, analytics and health summary endpoints. */
@Component
public class MonitoringReports {

    /** An analytics period: how far back, and the chart bucket. */
    public enum Period {
        H24("24h", Duration.ofHours(24), Duration.ofMinutes(30)),
        D7("7d", Duration.ofDays(7), Duration.ofHours(4)),
        D30("30d", Duration.ofDays(30), Duration.ofHours(12));

        public final String label;
        public final Duration length;
        public final Duration bucket;

        Period(String label, Duration length, Duration bucket) {
            this.label = label;
            this.length = length;
            this.bucket = bucket;
        }

        /** @throws IllegalArgumentException naming the allowed values */
        public static Period of(String label) {
            return Arrays.stream(values()).filter(p -> p.label.equals(label)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("period must be one of " + labels()));
        }

        public static List<String> labels() {
            return Arrays.stream(values()).map(p -> p.label).toList();
        }
    }

    /** The series the dashboard charts over the last 24 h. */
    static final List<String> DASHBOARD_SERIES = List.of("webhooks.received", "webhooks.latency.p95", "webhooks.pending",
            "sync.records", "errors", "api.latency.avg", "conflicts.pending", "stock.drift");

    private final StoreQueries store;
    private final ServiceStatus services;
    private final CircuitBreakerStates circuits;
    private final StoredAlerts alerts;
    private final PeerCallStats peers;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final MonitoringProperties properties;

    public MonitoringReports(StoreQueries store, ServiceStatus services, CircuitBreakerStates circuits, StoredAlerts alerts,
                             PeerCallStats peers, JdbcTemplate jdbc, ObjectMapper json, MonitoringProperties properties) {
        this.store = store;
        this.services = services;
        this.circuits = circuits;
        this.alerts = alerts;
        this.peers = peers;
        this.jdbc = jdbc;
        this.json = json;
        this.properties = properties;
    }

    // ---- GET /api/woocommerce/health ----------------------------------------------------------------------------

    /** Statuses only: no URLs, no details, no secrets. */
    public HealthSummary healthSummary() {
        Map<String, ServiceStatus.Probe> probes = services.probes();
        return new HealthSummary(services.overall(probes), serviceStates(probes), Instant.now());
    }

    private ServiceStates serviceStates(Map<String, ServiceStatus.Probe> probes) {
        return new ServiceStates(probes.get("db").status(), services.camel().status(),
                probes.get("woocommerce").status(), probes.get("nxt").status());
    }

    // ---- GET /api/woocommerce/status ----------------------------------------------------------------------------

    public StatusReport status() {
        Map<String, ServiceStatus.Probe> probes = services.probes();
        StatusReport.HubState hub = new StatusReport.HubState("up".equals(probes.get("db").status()) ? "up" : "down",
                probes.get("db").status(), services.camel());
        Map<String, Map<String, PeerCallStats.OperationCalls>> calls = peers.byOperation();
        StatusReport.StatusServices svc = new StatusReport.StatusServices(hub,
                peer(probes.get("woocommerce"), "woo", calls), peer(probes.get("nxt"), "nxt", calls));
        Map<String, Long> bySeverity = alerts.activeBySeverity();
        StatusReport.AlertCounts a = new StatusReport.AlertCounts(sum(bySeverity), bySeverity);
        return new StatusReport(services.overall(probes), probes.get("woocommerce").checkedAt(), svc, queues(),
                store.lastSync(), a);
    }

    private StatusReport.PeerState peer(ServiceStatus.Probe probe, String system,
                                        Map<String, Map<String, PeerCallStats.OperationCalls>> calls) {
        Object latency = probe.details().get("latencyMs");
        Object error = probe.details().get("error");
        List<CircuitBreakerStates.State> states = circuits.states(system);
        String circuit = states.stream().anyMatch(s -> "OPEN".equals(s.state()) || "FORCED_OPEN".equals(s.state())) ? "OPEN"
                : states.stream().anyMatch(s -> "HALF_OPEN".equals(s.state())) ? "HALF_OPEN"
                : states.isEmpty() ? "NONE" : "CLOSED";
        return new StatusReport.PeerState(probe.status(), probe.health(),
                latency instanceof Number n ? n.longValue() : null, error == null ? null : String.valueOf(error),
                circuit, states, calls.getOrDefault(system, Map.of()));
    }

    private StatusReport.Queues queues() {
        Map<String, Long> webhooks = store.webhookStatusCounts();
        Map<String, Long> jobs = store.jobCounts();
        return new StatusReport.Queues(
                new StatusReport.WebhookQueue(webhooks.get("pending"), webhooks.get("processing"), webhooks.get("failed")),
                new StatusReport.JobQueue(jobs.get("queued"), jobs.get("running")),
                new StatusReport.ConflictQueue(sum(store.pendingConflictsByType())),
                new StatusReport.ErrorQueue(sum(store.openErrorsBySystem())));
    }

    // ---- GET /api/woocommerce/dashboard -------------------------------------------------------------------------

    public DashboardReport dashboard() {
        Instant to = store.now();
        Instant from = to.minus(Duration.ofHours(24));

        Map<String, Object> sessions = store.syncSessionWindow(from, to);
        long total = ((Number) sessions.get("total")).longValue();
        long completed = ((Number) sessions.get("completed")).longValue();
        List<DashboardReport.SessionSummary> recent = store.recentSessions(8).stream().map(this::session).toList();
        Map<String, Long> records = new TreeMap<>();
        StoreQueries.RECORD_RESULTS.forEach(r -> records.put(r, 0L));
        store.syncRecords(from, to).forEach((k, n) -> {
            String result = k.split("\\|", 3)[2];
            if (StoreQueries.RECORD_RESULTS.contains(result)) {
                records.merge(result, n, Long::sum);
            }
        });
        DashboardReport.DashboardSync sync = new DashboardReport.DashboardSync(total, completed,
                ((Number) sessions.get("failed")).longValue(), total == 0 ? null : round((double) completed / total, 4),
                millis(sessions.get("avg_duration_ms")), recent.isEmpty() ? null : recent.get(0), recent, records,
                store.lastSync());

        Map<String, Long> window = store.webhookWindow(from, to);
        Map<String, Long> status = store.webhookStatusCounts();
        Double[] latency = store.webhookLatency(from, to);
        DashboardReport.DashboardWebhooks webhooks = new DashboardReport.DashboardWebhooks(window.get("received"),
                window.get("rejected"), window.get("duplicates"), window.get("processed"), window.get("failed"),
                round(window.get("received") / 24.0, 2), status.get("pending") + status.get("processing"),
                status.get("failed"), millis(latency[0]), millis(latency[1]), store.webhookRejectedByReason(),
                window.get("superseded"));

        Map<String, Long> c = store.conflictWindow(from, to);
        DashboardReport.DashboardConflicts conflicts = new DashboardReport.DashboardConflicts(c.get("pending"),
                c.get("created"), c.get("resolved"), c.get("autoResolved"), autoResolutionRate(c),
                store.pendingConflicts(20).stream().map(this::conflict).toList());

        Map<String, ServiceStatus.Probe> probes = services.probes();
        Map<String, Long> errorsBySystem = store.errorsBySystem(from, to);
        long errors = sum(errorsBySystem);
        long handled = sum(records) + window.get("processed") + window.get("failed");
        DashboardReport.DashboardErrors err = new DashboardReport.DashboardErrors(errors, errorsBySystem,
                sum(store.openErrorsBySystem()), handled == 0 ? null : round((double) errors / handled, 4),
                store.errorsByType(from, to));
        DashboardReport.SystemHealth system = new DashboardReport.SystemHealth(services.overall(probes),
                serviceStates(probes), circuits.states(), err, apiFigures(from));

        Map<String, Object> reconcile = store.lastStockReconciliation();
        DashboardReport.StockDrift stock = reconcile == null
                ? new DashboardReport.StockDrift(0, properties.thresholds().stockDrift(), null, null, null)
                : new DashboardReport.StockDrift(((Number) reconcile.get("drift")).longValue(),
                        properties.thresholds().stockDrift(), ((Number) reconcile.get("in_step")).longValue(),
                        ((Number) reconcile.get("fixed")).longValue(), ((Timestamp) reconcile.get("finished_at")).toInstant());

        return new DashboardReport(to, Math.max(1, properties.dashboardRefresh().toSeconds()), "24h", sync, webhooks,
                conflicts, system, stock, new DashboardReport.DashboardAlerts(alerts.active(), alerts.list("resolved", 5)),
                series(Period.H24, from, to, DASHBOARD_SERIES));
    }

    private DashboardReport.SessionSummary session(Map<String, Object> row) {
        return new DashboardReport.SessionSummary(String.valueOf(row.get("id")), (String) row.get("kind"),
                (String) row.get("direction"), (String) row.get("status"), (Boolean) row.get("dry_run"),
                toInstant(row.get("started_at")), toInstant(row.get("finished_at")), millis(row.get("duration_ms")),
                parse((String) row.get("counts")), (String) row.get("error"));
    }

    private DashboardReport.PendingConflict conflict(Map<String, Object> row) {
        String fields = (String) row.get("fields");
        return new DashboardReport.PendingConflict(number(row.get("id")), (String) row.get("entity_type"),
                number(row.get("woo_id")), (String) row.get("nxt_id"), (String) row.get("conflict_type"),
                fields == null || fields.isEmpty() ? List.of() : List.of(fields.split(",")),
                parse((String) row.get("base_values")), parse((String) row.get("woo_values")),
                parse((String) row.get("nxt_values")), (String) row.get("detail"), (String) row.get("strategy"),
                toInstant(row.get("created_at")));
    }

    // ---- GET /api/woocommerce/analytics -------------------------------------------------------------------------

    public AnalyticsReport analytics(Period period) {
        Instant to = store.now();
        Instant from = to.minus(period.length);

        Map<String, Object> sessions = store.syncSessionWindow(from, to);
        long total = ((Number) sessions.get("total")).longValue();
        long completed = ((Number) sessions.get("completed")).longValue();
        Map<String, Map<String, Map<String, Long>>> tree = new TreeMap<>();
        long written = 0;
        for (Map.Entry<String, Long> e : store.syncRecords(from, to).entrySet()) {
            String[] k = e.getKey().split("\\|", 3);
            tree.computeIfAbsent(k[0], x -> new TreeMap<>()).computeIfAbsent(k[1], x -> new TreeMap<>()).put(k[2], e.getValue());
            if (StoreQueries.RECORD_RESULTS.contains(k[2])) {
                written += e.getValue();
            }
        }
        AnalyticsReport.AnalyticsSync sync = new AnalyticsReport.AnalyticsSync(total, completed,
                ((Number) sessions.get("failed")).longValue(), total == 0 ? null : round((double) completed / total, 4),
                millis(sessions.get("avg_duration_ms")), millis(sessions.get("max_duration_ms")), tree);

        Map<String, Long> w = store.webhookWindow(from, to);
        Double[] latency = store.webhookLatency(from, to);
        AnalyticsReport.AnalyticsWebhooks webhooks = new AnalyticsReport.AnalyticsWebhooks(w.get("received"),
                w.get("rejected"), w.get("duplicates"), w.get("processed"), w.get("failed"), millis(latency[0]),
                millis(latency[1]), w.get("superseded"));

        Map<String, Long> c = store.conflictWindow(from, to);
        long handled = written + w.get("processed") + w.get("failed");
        AnalyticsReport.AnalyticsConflicts conflicts = new AnalyticsReport.AnalyticsConflicts(c.get("created"),
                c.get("resolved"), c.get("autoResolved"), autoResolutionRate(c),
                handled == 0 ? null : round((double) c.get("created") / handled, 4), c.get("pending"));

        Map<String, Long> errorsBySystem = store.errorsBySystem(from, to);
        long errors = sum(errorsBySystem);
        AnalyticsReport.AnalyticsErrors err = new AnalyticsReport.AnalyticsErrors(errors,
                handled == 0 ? null : round((double) errors / handled, 4), errorsBySystem, store.errorsByType(from, to));

        Map<String, Long> byKind = new TreeMap<>();
        jdbc.query("select split_part(condition_key, ':', 1), count(*) from wc_alerts where raised_at >= ? group by 1",
                rs -> { byKind.put(rs.getString(1), rs.getLong(2)); }, Timestamp.from(from));
        AnalyticsReport.AnalyticsAlerts a = new AnalyticsReport.AnalyticsAlerts(
                jdbc.queryForObject("select count(*) from wc_alerts where raised_at >= ?", Long.class, Timestamp.from(from)),
                byKind, sum(alerts.activeBySeverity()));

        return new AnalyticsReport(period.label, from, to, period.bucket.toSeconds(),
                new AnalyticsReport.AnalyticsTotals(sync, webhooks, conflicts, err, apiFigures(from), a),
                series(period, from, to, new ArrayList<>(SnapshotCatalog.SERIES.keySet())));
    }

    /** Per system, over the snapshots since {@code from}: calls, errors, failureRate, avgMs, p95Ms. */
    Map<String, ApiFigures> apiFigures(Instant from) {
        Map<String, ApiFigures> out = new TreeMap<>();
        for (String system : PeerCallStats.systems()) {
            out.put(system, ApiFigures.NONE);
        }
        jdbc.query("""
                select tags ->> 'system' as system,
                       sum(value) filter (where metric_name = 'api.calls') as calls,
                       sum(value) filter (where metric_name = 'api.errors') as errors,
                       sum(value) filter (where metric_name = 'api.latency.total_ms') as total_ms,
                       max(value) filter (where metric_name = 'api.latency.p95') as p95
                from wc_monitoring_metrics
                where metric_name in ('api.calls', 'api.errors', 'api.latency.total_ms', 'api.latency.p95')
                  and recorded_at > ? and tags ->> 'system' is not null
                group by 1""", rs -> {
            long calls = Math.round(rs.getDouble("calls"));
            long errs = Math.round(rs.getDouble("errors"));
            double totalMs = rs.getDouble("total_ms");
            double p95 = rs.getDouble("p95");
            Double p95Ms = rs.wasNull() ? null : round(p95, 1);
            out.put(rs.getString("system"), new ApiFigures(calls, errs, calls == 0 ? null : round((double) errs / calls, 4),
                    calls == 0 ? null : round(totalMs / calls, 1), p95Ms));
        }, Timestamp.from(from));
        return new LinkedHashMap<>(out);
    }

    /**
     * Snapshot series folded into buckets: [{name, tags, kind, points: [[epoch ms, value], ...]}], counts summed,
     * gauges and latencies averaged; the per-instance tag is folded away.
     */
    List<ChartSeries> series(Period period, Instant from, Instant to, List<String> names) {
        long bucket = period.bucket.toSeconds();
        Map<String, ChartSeries> byKey = new LinkedHashMap<>();
        jdbc.query("""
                with b as (
                    select metric_name, (tags - 'instance')::text as tags,
                           to_timestamp(floor(extract(epoch from recorded_at) / ?) * ?) as bucket,
                           recorded_at, tags ->> 'instance' as instance, value
                    from wc_monitoring_metrics
                    where recorded_at > ? and recorded_at <= ? and metric_name in (%s)),
                per_snapshot as (    -- one value per series and snapshot: instances added up
                    select metric_name, tags, bucket, recorded_at, sum(value) as value, avg(value) as mean
                    from b group by metric_name, tags, bucket, recorded_at)
                select metric_name, tags, bucket, sum(value) as total, avg(mean) as mean
                from per_snapshot group by metric_name, tags, bucket order by metric_name, tags, bucket
                """.formatted(String.join(", ", java.util.Collections.nCopies(names.size(), "?"))), rs -> {
            String name = rs.getString("metric_name");
            String tags = rs.getString("tags");
            SnapshotCatalog.Kind kind = SnapshotCatalog.SERIES.getOrDefault(name, SnapshotCatalog.Kind.GAUGE);
            ChartSeries s = byKey.computeIfAbsent(name + tags,
                    k -> new ChartSeries(name, parse(tags), kind.name().toLowerCase(), new ArrayList<>()));
            double value = kind == SnapshotCatalog.Kind.COUNT ? rs.getDouble("total") : rs.getDouble("mean");
            s.points().add(List.of(rs.getTimestamp("bucket").toInstant().toEpochMilli(), round(value, 2)));
        }, args(bucket, bucket, Timestamp.from(from), Timestamp.from(to), names));
        List<ChartSeries> out = new ArrayList<>(byKey.values());
        out.sort((a, b) -> Integer.compare(names.indexOf(a.name()), names.indexOf(b.name())));
        return out;
    }

    private static Object[] args(long bucket1, long bucket2, Timestamp from, Timestamp to, List<String> names) {
        List<Object> args = new ArrayList<>(List.of(bucket1, bucket2, from, to));
        args.addAll(names);
        return args.toArray();
    }

    /** JSON text as JSON; text that does not parse stays text. */
    private JsonNode parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(text);
        }
    }

    private static Long millis(Object ms) {
        return ms == null ? null : Math.round(((Number) ms).doubleValue());
    }

    private static Long number(Object n) {
        return n == null ? null : ((Number) n).longValue();
    }

    private static long sum(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    private static Double autoResolutionRate(Map<String, Long> c) {
        return c.get("created") == 0 ? null : round((double) c.get("autoResolved") / c.get("created"), 4);
    }

    private static Instant toInstant(Object ts) {
        if (ts instanceof Timestamp t) {
            return t.toInstant();
        }
        if (ts instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        return null;
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
