package com.nxtnd.hub.monitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    public Map<String, Object> healthSummary() {
        Map<String, ServiceStatus.Probe> probes = services.probes();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", services.overall(probes));
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("database", probes.get("db").status());
        s.put("camel", services.camel().get("status"));
        s.put("woocommerce", probes.get("woocommerce").status());
        s.put("nxt", probes.get("nxt").status());
        body.put("services", s);
        body.put("time", Instant.now());
        return body;
    }

    // ---- GET /api/woocommerce/status ----------------------------------------------------------------------------

    public Map<String, Object> status() {
        Map<String, ServiceStatus.Probe> probes = services.probes();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", services.overall(probes));
        body.put("checkedAt", probes.get("woocommerce").checkedAt());
        Map<String, Object> svc = new LinkedHashMap<>();
        Map<String, Object> hub = new LinkedHashMap<>();
        hub.put("status", "up".equals(probes.get("db").status()) ? "up" : "down");
        hub.put("database", probes.get("db").status());
        hub.put("camel", services.camel());
        svc.put("hub", hub);
        Map<String, Map<String, Map<String, Object>>> calls = peers.byOperation();
        svc.put("woocommerce", peer(probes.get("woocommerce"), "woo", calls));
        svc.put("nxt", peer(probes.get("nxt"), "nxt", calls));
        body.put("services", svc);
        body.put("queues", queues());
        body.put("lastSync", store.lastSync());
        Map<String, Object> a = new LinkedHashMap<>();
        Map<String, Long> bySeverity = alerts.activeBySeverity();
        a.put("active", bySeverity.values().stream().mapToLong(Long::longValue).sum());
        a.put("bySeverity", bySeverity);
        body.put("alerts", a);
        return body;
    }

    private Map<String, Object> peer(ServiceStatus.Probe probe, String system, Map<String, Map<String, Map<String, Object>>> calls) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", probe.status());
        m.put("health", probe.health());
        Object latency = probe.details().get("latencyMs");
        if (latency != null) {
            m.put("latencyMs", latency);
        }
        Object error = probe.details().get("error");
        if (error != null) {
            m.put("error", error);
        }
        List<CircuitBreakerStates.State> states = circuits.states(system);
        m.put("circuit", states.stream().anyMatch(s -> "OPEN".equals(s.state()) || "FORCED_OPEN".equals(s.state())) ? "OPEN"
                : states.stream().anyMatch(s -> "HALF_OPEN".equals(s.state())) ? "HALF_OPEN"
                : states.isEmpty() ? "NONE" : "CLOSED");
        m.put("circuits", states);
        m.put("calls", calls.getOrDefault(system, Map.of()));
        return m;
    }

    private Map<String, Object> queues() {
        Map<String, Long> webhooks = store.webhookStatusCounts();
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("webhooks", Map.of("pending", webhooks.get("pending"), "processing", webhooks.get("processing"),
                "failed", webhooks.get("failed")));
        Map<String, Long> jobs = store.jobCounts();
        q.put("jobs", Map.of("queued", jobs.get("queued"), "running", jobs.get("running")));
        q.put("conflicts", Map.of("pending", store.pendingConflictsByType().values().stream().mapToLong(Long::longValue).sum()));
        q.put("errors", Map.of("open", store.openErrorsBySystem().values().stream().mapToLong(Long::longValue).sum()));
        return q;
    }

    // ---- GET /api/woocommerce/dashboard -------------------------------------------------------------------------

    public Map<String, Object> dashboard() {
        Instant to = store.now();
        Instant from = to.minus(Duration.ofHours(24));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("generatedAt", to);
        body.put("refreshSeconds", Math.max(1, properties.dashboardRefresh().toSeconds()));
        body.put("window", "24h");

        Map<String, Object> sessions = store.syncSessionWindow(from, to);
        Map<String, Object> sync = new LinkedHashMap<>();
        long total = ((Number) sessions.get("total")).longValue();
        long completed = ((Number) sessions.get("completed")).longValue();
        sync.put("sessions", total);
        sync.put("completed", completed);
        sync.put("failed", ((Number) sessions.get("failed")).longValue());
        sync.put("successRate", total == 0 ? null : round((double) completed / total, 4));
        sync.put("avgDurationMs", sessions.get("avg_duration_ms") == null ? null
                : Math.round(((Number) sessions.get("avg_duration_ms")).doubleValue()));
        List<Map<String, Object>> recent = store.recentSessions(8).stream().map(this::session).toList();
        sync.put("lastRun", recent.isEmpty() ? null : recent.get(0));
        sync.put("recent", recent);
        Map<String, Long> records = new TreeMap<>();
        StoreQueries.RECORD_RESULTS.forEach(r -> records.put(r, 0L));
        store.syncRecords(from, to).forEach((k, n) -> {
            String result = k.split("\\|", 3)[2];
            if (StoreQueries.RECORD_RESULTS.contains(result)) {
                records.merge(result, n, Long::sum);
            }
        });
        sync.put("records", records);
        sync.put("lastSync", store.lastSync());
        body.put("sync", sync);

        Map<String, Long> window = store.webhookWindow(from, to);
        Map<String, Long> status = store.webhookStatusCounts();
        Double[] latency = store.webhookLatency(from, to);
        Map<String, Object> webhooks = new LinkedHashMap<>(window);
        webhooks.put("perHour", round(window.get("received") / 24.0, 2));
        webhooks.put("pending", status.get("pending") + status.get("processing"));
        webhooks.put("failedTotal", status.get("failed"));
        webhooks.put("latencyMsP50", latency[0] == null ? null : Math.round(latency[0]));
        webhooks.put("latencyMsP95", latency[1] == null ? null : Math.round(latency[1]));
        webhooks.put("rejectedByReason", store.webhookRejectedByReason());
        body.put("webhooks", webhooks);

        Map<String, Long> c = store.conflictWindow(from, to);
        Map<String, Object> conflicts = new LinkedHashMap<>();
        conflicts.put("pending", c.get("pending"));
        conflicts.put("created", c.get("created"));
        conflicts.put("resolved", c.get("resolved"));
        conflicts.put("autoResolved", c.get("autoResolved"));
        conflicts.put("autoResolutionRate", c.get("created") == 0 ? null : round((double) c.get("autoResolved") / c.get("created"), 4));
        conflicts.put("items", store.pendingConflicts(20).stream().map(this::conflict).toList());
        body.put("conflicts", conflicts);

        Map<String, Object> system = new LinkedHashMap<>();
        Map<String, ServiceStatus.Probe> probes = services.probes();
        system.put("status", services.overall(probes));
        Map<String, Object> svc = new LinkedHashMap<>();
        svc.put("database", probes.get("db").status());
        svc.put("camel", services.camel().get("status"));
        svc.put("woocommerce", probes.get("woocommerce").status());
        svc.put("nxt", probes.get("nxt").status());
        system.put("services", svc);
        system.put("circuits", circuits.states());
        Map<String, Long> errorsBySystem = store.errorsBySystem(from, to);
        long errors = errorsBySystem.values().stream().mapToLong(Long::longValue).sum();
        long handled = records.values().stream().mapToLong(Long::longValue).sum() + window.get("processed") + window.get("failed");
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("total", errors);
        err.put("bySystem", errorsBySystem);
        err.put("open", store.openErrorsBySystem().values().stream().mapToLong(Long::longValue).sum());
        err.put("errorRate", handled == 0 ? null : round((double) errors / handled, 4));
        err.put("byType", store.errorsByType(from, to));
        system.put("errors", err);
        system.put("api", apiFigures(from));
        body.put("system", system);

        Map<String, Object> stock = new LinkedHashMap<>();
        Map<String, Object> reconcile = store.lastStockReconciliation();
        stock.put("drift", reconcile == null ? 0 : ((Number) reconcile.get("drift")).longValue());
        stock.put("threshold", properties.thresholds().stockDrift());
        stock.put("inStep", reconcile == null ? null : reconcile.get("in_step"));
        stock.put("fixed", reconcile == null ? null : reconcile.get("fixed"));
        stock.put("lastReconciledAt", reconcile == null ? null : ((Timestamp) reconcile.get("finished_at")).toInstant());
        body.put("stock", stock);

        Map<String, Object> a = new LinkedHashMap<>();
        a.put("active", alerts.active());
        a.put("recentlyResolved", alerts.list("resolved", 5));
        body.put("alerts", a);
        body.put("charts", series(Period.H24, from, to, DASHBOARD_SERIES));
        return body;
    }

    private Map<String, Object> session(Map<String, Object> row) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", String.valueOf(row.get("id")));
        s.put("kind", row.get("kind"));
        s.put("direction", row.get("direction"));
        s.put("status", row.get("status"));
        s.put("dryRun", row.get("dry_run"));
        s.put("startedAt", toInstant(row.get("started_at")));
        s.put("finishedAt", toInstant(row.get("finished_at")));
        s.put("durationMs", row.get("duration_ms") == null ? null : Math.round(((Number) row.get("duration_ms")).doubleValue()));
        s.put("counts", parse((String) row.get("counts")));
        s.put("error", row.get("error"));
        return s;
    }

    private Map<String, Object> conflict(Map<String, Object> row) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", row.get("id"));
        c.put("entityType", row.get("entity_type"));
        c.put("wooId", row.get("woo_id"));
        c.put("nxtId", row.get("nxt_id"));
        c.put("type", row.get("conflict_type"));
        String fields = (String) row.get("fields");
        c.put("fields", fields == null || fields.isEmpty() ? List.of() : List.of(fields.split(",")));
        c.put("baseValues", parse((String) row.get("base_values")));
        c.put("wooValues", parse((String) row.get("woo_values")));
        c.put("nxtValues", parse((String) row.get("nxt_values")));
        c.put("detail", row.get("detail"));
        c.put("strategy", row.get("strategy"));
        c.put("createdAt", toInstant(row.get("created_at")));
        return c;
    }

    // ---- GET /api/woocommerce/analytics -------------------------------------------------------------------------

    public Map<String, Object> analytics(Period period) {
        Instant to = store.now();
        Instant from = to.minus(period.length);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("period", period.label);
        body.put("from", from);
        body.put("to", to);
        body.put("bucketSeconds", period.bucket.toSeconds());

        Map<String, Object> totals = new LinkedHashMap<>();
        Map<String, Object> sessions = store.syncSessionWindow(from, to);
        long total = ((Number) sessions.get("total")).longValue();
        long completed = ((Number) sessions.get("completed")).longValue();
        Map<String, Object> sync = new LinkedHashMap<>();
        sync.put("sessions", total);
        sync.put("completed", completed);
        sync.put("failed", ((Number) sessions.get("failed")).longValue());
        sync.put("successRate", total == 0 ? null : round((double) completed / total, 4));
        sync.put("avgDurationMs", sessions.get("avg_duration_ms") == null ? null : Math.round(((Number) sessions.get("avg_duration_ms")).doubleValue()));
        sync.put("maxDurationMs", sessions.get("max_duration_ms") == null ? null : Math.round(((Number) sessions.get("max_duration_ms")).doubleValue()));
        Map<String, Map<String, Map<String, Long>>> tree = new TreeMap<>();
        long written = 0;
        for (Map.Entry<String, Long> e : store.syncRecords(from, to).entrySet()) {
            String[] k = e.getKey().split("\\|", 3);
            tree.computeIfAbsent(k[0], x -> new TreeMap<>()).computeIfAbsent(k[1], x -> new TreeMap<>()).put(k[2], e.getValue());
            if (StoreQueries.RECORD_RESULTS.contains(k[2])) {
                written += e.getValue();
            }
        }
        sync.put("records", tree);
        totals.put("sync", sync);

        Map<String, Long> w = store.webhookWindow(from, to);
        Double[] latency = store.webhookLatency(from, to);
        Map<String, Object> webhooks = new LinkedHashMap<>(w);
        webhooks.put("latencyMsP50", latency[0] == null ? null : Math.round(latency[0]));
        webhooks.put("latencyMsP95", latency[1] == null ? null : Math.round(latency[1]));
        totals.put("webhooks", webhooks);

        Map<String, Long> c = store.conflictWindow(from, to);
        Map<String, Object> conflicts = new LinkedHashMap<>();
        conflicts.put("created", c.get("created"));
        conflicts.put("resolved", c.get("resolved"));
        conflicts.put("autoResolved", c.get("autoResolved"));
        conflicts.put("autoResolutionRate", c.get("created") == 0 ? null : round((double) c.get("autoResolved") / c.get("created"), 4));
        long handled = written + w.get("processed") + w.get("failed");
        conflicts.put("conflictRate", handled == 0 ? null : round((double) c.get("created") / handled, 4));
        conflicts.put("pending", c.get("pending"));
        totals.put("conflicts", conflicts);

        Map<String, Long> errorsBySystem = store.errorsBySystem(from, to);
        long errors = errorsBySystem.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("total", errors);
        err.put("errorRate", handled == 0 ? null : round((double) errors / handled, 4));
        err.put("bySystem", errorsBySystem);
        err.put("byType", store.errorsByType(from, to));
        totals.put("errors", err);
        totals.put("api", apiFigures(from));
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("raised", jdbc.queryForObject("select count(*) from wc_alerts where raised_at >= ?", Long.class, Timestamp.from(from)));
        Map<String, Long> byKind = new TreeMap<>();
        jdbc.query("select split_part(condition_key, ':', 1), count(*) from wc_alerts where raised_at >= ? group by 1",
                rs -> { byKind.put(rs.getString(1), rs.getLong(2)); }, Timestamp.from(from));
        a.put("byCondition", byKind);
        a.put("active", alerts.activeBySeverity().values().stream().mapToLong(Long::longValue).sum());
        totals.put("alerts", a);
        body.put("totals", totals);
        body.put("series", series(period, from, to, new ArrayList<>(SnapshotCatalog.SERIES.keySet())));
        return body;
    }

    /** Per system, over the snapshots since {@code from}: calls, errors, failureRate, avgMs, p95Ms. */
    Map<String, Object> apiFigures(Instant from) {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        for (String system : PeerCallStats.systems()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("calls", 0L);
            m.put("errors", 0L);
            m.put("failureRate", null);
            m.put("avgMs", null);
            m.put("p95Ms", null);
            out.put(system, m);
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
            Map<String, Object> m = out.computeIfAbsent(rs.getString("system"), k -> new LinkedHashMap<>());
            long calls = Math.round(rs.getDouble("calls"));
            long errs = Math.round(rs.getDouble("errors"));
            m.put("calls", calls);
            m.put("errors", errs);
            m.put("failureRate", calls == 0 ? null : round((double) errs / calls, 4));
            m.put("avgMs", calls == 0 ? null : round(rs.getDouble("total_ms") / calls, 1));
            double p95 = rs.getDouble("p95");
            m.put("p95Ms", rs.wasNull() ? null : round(p95, 1));
        }, Timestamp.from(from));
        return new LinkedHashMap<>(out);
    }

    /**
     * Snapshot series folded into buckets: [{name, tags, kind, points: [[epoch ms, value], ...]}], counts summed,
     * gauges and latencies averaged; the per-instance tag is folded away.
     */
    List<Map<String, Object>> series(Period period, Instant from, Instant to, List<String> names) {
        long bucket = period.bucket.toSeconds();
        Map<String, Map<String, Object>> byKey = new LinkedHashMap<>();
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
            @SuppressWarnings("unchecked")
            List<Object[]> points = (List<Object[]>) byKey.computeIfAbsent(name + tags, k -> {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("name", name);
                s.put("tags", parse(tags));
                s.put("kind", kind.name().toLowerCase());
                s.put("points", new ArrayList<Object[]>());
                return s;
            }).get("points");
            double value = kind == SnapshotCatalog.Kind.COUNT ? rs.getDouble("total") : rs.getDouble("mean");
            points.add(new Object[] {rs.getTimestamp("bucket").toInstant().toEpochMilli(), round(value, 2)});
        }, args(bucket, bucket, Timestamp.from(from), Timestamp.from(to), names));
        List<Map<String, Object>> out = new ArrayList<>(byKey.values());
        out.sort((a, b) -> Integer.compare(names.indexOf((String) a.get("name")), names.indexOf((String) b.get("name"))));
        return out;
    }

    private static Object[] args(long bucket1, long bucket2, Timestamp from, Timestamp to, List<String> names) {
        List<Object> args = new ArrayList<>(List.of(bucket1, bucket2, from, to));
        args.addAll(names);
        return args.toArray();
    }

    private Object parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            JsonNode node = json.readTree(text);
            return json.convertValue(node, Object.class);
        } catch (JsonProcessingException e) {
            return text;
        }
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
