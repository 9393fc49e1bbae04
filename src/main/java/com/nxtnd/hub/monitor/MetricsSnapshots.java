package com.nxtnd.hub.monitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes a snapshot of the hub's figures to wc_monitoring_metrics every {@code metricsInterval} (route
 * {@code monitoring-snapshot}) for the analytics endpoint and the alert thresholds, and deletes rows older than the
 * retention. Store-derived series are written once per interval for the whole cluster (advisory lock, window starting
 * where the last snapshot ended); this instance's own figures (outbound calls, Camel exchanges, circuits) carry an
 * {@code instance} tag.
 */
@Component
public class MetricsSnapshots {

    private static final Logger log = LoggerFactory.getLogger(MetricsSnapshots.class);
    private static final long LOCK_KEY = 0x6875624d6f6eL; // "hubMon"

    record Row(String name, Map<String, String> tags, double value) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final StoreQueries store;
    private final PeerCallStats peers;
    private final CircuitBreakerStates circuits;
    private final StoredAlerts alerts;
    private final MonitoringProperties properties;
    private final String instance = ManagementFactory.getRuntimeMXBean().getName();
    private final Map<String, PeerCallStats.Totals> lastPeerTotals = new HashMap<>();
    private long[] lastCamel;

    public MetricsSnapshots(JdbcTemplate jdbc, TransactionTemplate tx, ObjectMapper json, StoreQueries store,
                            PeerCallStats peers, CircuitBreakerStates circuits, StoredAlerts alerts,
                            MonitoringProperties properties) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
        this.store = store;
        this.peers = peers;
        this.circuits = circuits;
        this.alerts = alerts;
        this.properties = properties;
    }

    public String instance() {
        return instance;
    }

    /**
     * Takes one snapshot. The store-derived part is skipped when another instance wrote one less than half an
     * interval ago, unless {@code force}.
     *
     * @return rows written
     */
    public synchronized int take(boolean force) {
        Instant now = store.now();
        List<Row> rows = new ArrayList<>(local());
        Integer shared = tx.execute(status -> {
            if (!Boolean.TRUE.equals(jdbc.queryForObject("select pg_try_advisory_xact_lock(?)", Boolean.class, LOCK_KEY))) {
                return 0;
            }
            Timestamp last = jdbc.queryForObject("select max(recorded_at) from wc_monitoring_metrics where metric_name = ?",
                    Timestamp.class, SnapshotCatalog.MARKER);
            Instant from = last == null ? now.minus(properties.metricsInterval()) : last.toInstant();
            if (!from.isBefore(now) || (!force && Duration.between(from, now).compareTo(properties.metricsInterval().dividedBy(2)) < 0)) {
                return 0;
            }
            List<Row> storeRows = shared(from, now);
            insert(storeRows, now);
            return storeRows.size();
        });
        insert(rows, now);
        return rows.size() + (shared == null ? 0 : shared);
    }

    /** Deletes snapshots and resolved alerts older than the retention. */
    public int purge() {
        int metrics = jdbc.update("delete from wc_monitoring_metrics where recorded_at < now() - (? * interval '1 second')",
                properties.retention().toSeconds());
        int resolved = alerts.purgeResolved(properties.retention());
        if (metrics + resolved > 0) {
            log.info("Monitoring retention ({}): {} snapshot rows and {} resolved alerts deleted", properties.retention(),
                    metrics, resolved);
        }
        return metrics;
    }

    private List<Row> shared(Instant from, Instant to) {
        List<Row> rows = new ArrayList<>();
        Map<String, Long> webhooks = store.webhookWindow(from, to);
        rows.add(new Row("webhooks.received", Map.of(), webhooks.get("received")));
        rows.add(new Row("webhooks.processed", Map.of(), webhooks.get("processed")));
        rows.add(new Row("webhooks.rejected", Map.of(), webhooks.get("rejected")));
        rows.add(new Row("webhooks.duplicates", Map.of(), webhooks.get("duplicates")));
        rows.add(new Row("webhooks.failed", Map.of(), webhooks.get("failed")));
        Map<String, Long> status = store.webhookStatusCounts();
        rows.add(new Row("webhooks.pending", Map.of(), status.get("pending") + status.get("processing")));
        Double[] latency = store.webhookLatency(from, to);
        if (latency[0] != null) {
            rows.add(new Row("webhooks.latency.p50", Map.of(), latency[0]));
            rows.add(new Row("webhooks.latency.p95", Map.of(), latency[1]));
        }
        Map<String, Object> sessions = store.syncSessionWindow(from, to);
        rows.add(new Row("sync.sessions", Map.of(), ((Number) sessions.get("total")).doubleValue()));
        rows.add(new Row("sync.sessions.failed", Map.of(), ((Number) sessions.get("failed")).doubleValue()));
        if (sessions.get("avg_duration_ms") != null) {
            rows.add(new Row("sync.duration.avg", Map.of(), ((Number) sessions.get("avg_duration_ms")).doubleValue()));
        }
        Map<String, Long> byResult = new TreeMap<>();
        store.syncRecords(from, to).forEach((key, n) -> byResult.merge(key.split("\\|", 3)[2], n, Long::sum));
        for (String result : List.of("created", "updated", "unchanged", "errors", "conflicts", "drift")) {
            rows.add(new Row("sync.records", Map.of("result", result), byResult.getOrDefault(result, 0L)));
        }
        Map<String, Long> conflicts = store.conflictWindow(from, to);
        rows.add(new Row("conflicts.created", Map.of(), conflicts.get("created")));
        rows.add(new Row("conflicts.resolved", Map.of(), conflicts.get("resolved")));
        rows.add(new Row("conflicts.auto_resolved", Map.of(), conflicts.get("autoResolved")));
        rows.add(new Row("conflicts.pending", Map.of(), conflicts.get("pending")));
        store.errorsBySystem(from, to).forEach((system, n) -> rows.add(new Row("errors", Map.of("system", system), n)));
        rows.add(new Row("errors.open", Map.of(), store.openErrorsBySystem().values().stream().mapToLong(Long::longValue).sum()));
        Map<String, Long> jobs = store.jobCounts();
        rows.add(new Row("jobs.queued", Map.of(), jobs.get("queued")));
        rows.add(new Row("jobs.running", Map.of(), jobs.get("running")));
        rows.add(new Row("alerts.active", Map.of(), alerts.activeBySeverity().values().stream().mapToLong(Long::longValue).sum()));
        Map<String, Object> reconcile = store.lastStockReconciliation();
        rows.add(new Row("stock.drift", Map.of(), reconcile == null ? 0 : ((Number) reconcile.get("drift")).doubleValue()));
        return rows;
    }

    private List<Row> local() {
        List<Row> rows = new ArrayList<>();
        Map<String, PeerCallStats.Totals> totals = peers.totals();
        for (String system : PeerCallStats.systems()) {
            PeerCallStats.Totals now = totals.getOrDefault(system, PeerCallStats.Totals.ZERO);
            PeerCallStats.Totals delta = now.minus(lastPeerTotals.get(system));
            lastPeerTotals.put(system, now);
            Map<String, String> tags = Map.of("system", system, "instance", instance);
            rows.add(new Row("api.calls", tags, delta.calls()));
            rows.add(new Row("api.errors", tags, delta.errors()));
            rows.add(new Row("api.latency.total_ms", tags, delta.totalMs()));
            if (delta.calls() > 0) {
                rows.add(new Row("api.latency.avg", tags, delta.avgMs()));
                Double p95 = delta.quantileMs(0.95);
                if (p95 != null) {
                    rows.add(new Row("api.latency.p95", tags, p95));
                }
            }
        }
        long[] camel = peers.camelExchanges();
        long[] previous = lastCamel == null || lastCamel[0] > camel[0] ? new long[] {0, 0} : lastCamel;
        lastCamel = camel;
        rows.add(new Row("camel.exchanges", Map.of("instance", instance), camel[0] - previous[0]));
        rows.add(new Row("camel.exchanges.failed", Map.of("instance", instance), camel[1] - previous[1]));
        List<CircuitBreakerStates.State> states = circuits.states();
        rows.add(new Row("circuits.open", Map.of("instance", instance), states.stream().filter(CircuitBreakerStates.State::open).count()));
        for (CircuitBreakerStates.State s : states) {
            rows.add(new Row("circuit.state", Map.of("name", s.name(), "instance", instance), CircuitBreakerStates.code(s.state())));
        }
        return rows;
    }

    private void insert(List<Row> rows, Instant at) {
        if (rows.isEmpty()) {
            return;
        }
        Timestamp ts = Timestamp.from(at);
        jdbc.batchUpdate("insert into wc_monitoring_metrics (metric_name, tags, value, recorded_at) values (?, cast(? as jsonb), ?, ?)",
                rows, rows.size(), (ps, row) -> {
                    ps.setString(1, row.name());
                    ps.setString(2, tagsJson(row.tags()));
                    ps.setDouble(3, row.value());
                    ps.setTimestamp(4, ts);
                });
    }

    private String tagsJson(Map<String, String> tags) {
        try {
            return json.writeValueAsString(new TreeMap<>(tags));
        } catch (JsonProcessingException e) {
            return "{}";
        }
    }
}
