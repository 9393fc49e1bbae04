package com.nxtnd.hub.monitor;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Read-only figures from the hub's store tables (webhook inbox, sync sessions and jobs, conflicts, error log): the
 * one source for the Micrometer meters, the snapshots, the alert thresholds, the status and dashboard API. The flows
 * stay free of monitoring code, and every hub instance sees the same figures.
 */
@Component
public class StoreQueries {

    /** Results of a sync that count as records synced (pages, planned and drift are not records written). */
    static final List<String> RECORD_RESULTS = List.of("created", "updated", "unchanged", "errors", "conflicts");

    /** A conflict settled by its strategy without a person (conflict.ConflictRepository records "auto:<strategy>"). */
    static final String AUTO_RESOLVED = "resolved_by like 'auto:%'";

    private final JdbcTemplate jdbc;

    public StoreQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Instant now() {
        return jdbc.queryForObject("select now()", Timestamp.class).toInstant();
    }

    // ---- webhooks ---------------------------------------------------------------------------------------------

    /** Events per status, every status present (0 when none). */
    public Map<String, Long> webhookStatusCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String s : List.of("pending", "processing", "processed", "duplicate", "echo", "rejected", "failed", "ping",
                "superseded")) {
            counts.put(s, 0L);
        }
        jdbc.query("select status, count(*) from wc_webhook_events group by status",
                rs -> { counts.put(rs.getString(1), rs.getLong(2)); });
        return counts;
    }

    public Map<String, Long> webhookRejectedByReason() {
        Map<String, Long> counts = new TreeMap<>();
        jdbc.query("select coalesce(reject_reason, 'unknown'), count(*) from wc_webhook_events where status = 'rejected' "
                + "group by 1", rs -> { counts.put(rs.getString(1), rs.getLong(2)); });
        return counts;
    }

    /** count and total processing time (ms) of every event that went through the inbox. */
    public long[] webhookProcessingTotals() {
        return jdbc.queryForObject("select count(*), coalesce(sum(processing_ms), 0) from wc_webhook_events "
                        + "where status in ('processed', 'echo', 'duplicate') and processing_ms is not null",
                (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)});
    }

    /** p50 and p95 processing time (ms) of events finished in [from, to); null when none. */
    public Double[] webhookLatency(Instant from, Instant to) {
        return jdbc.queryForObject("""
                select percentile_cont(0.5) within group (order by processing_ms),
                       percentile_cont(0.95) within group (order by processing_ms)
                from wc_webhook_events
                where status in ('processed', 'echo', 'duplicate') and processing_ms is not null
                  and processed_at >= ? and processed_at < ?""",
                (rs, i) -> new Double[] {(Double) rs.getObject(1), (Double) rs.getObject(2)}, ts(from), ts(to));
    }

    /**
     * Counts of events in [from, to): received (not pings), rejected, duplicates by receipt; processed, failed,
     * superseded (closed for a newer event of the same record) by outcome.
     */
    public Map<String, Long> webhookWindow(Instant from, Instant to) {
        return jdbc.queryForObject("""
                select count(*) filter (where status <> 'ping' and received_at >= ? and received_at < ?) as received,
                       count(*) filter (where status = 'rejected' and received_at >= ? and received_at < ?) as rejected,
                       count(*) filter (where status = 'duplicate' and received_at >= ? and received_at < ?) as duplicates,
                       count(*) filter (where status in ('processed', 'echo') and processed_at >= ? and processed_at < ?) as processed,
                       count(*) filter (where status = 'failed' and processed_at >= ? and processed_at < ?) as failed,
                       count(*) filter (where status = 'superseded' and processed_at >= ? and processed_at < ?) as superseded
                from wc_webhook_events where received_at >= ? or processed_at >= ?""", (rs, i) -> {
                    Map<String, Long> m = new LinkedHashMap<>();
                    for (String c : List.of("received", "rejected", "duplicates", "processed", "failed", "superseded")) {
                        m.put(c, rs.getLong(c));
                    }
                    return m;
                }, ts(from), ts(to), ts(from), ts(to), ts(from), ts(to), ts(from), ts(to), ts(from), ts(to),
                ts(from), ts(to), ts(from), ts(from));
    }

    // ---- sync -------------------------------------------------------------------------------------------------

    /** Sum of every finished, real (not dry-run) session's counts: "entity|direction|result" -> n. */
    public Map<String, Long> syncRecordTotals() {
        return syncRecords("", new Object[0]);
    }

    /** The same for sessions finished in [from, to). */
    public Map<String, Long> syncRecords(Instant from, Instant to) {
        return syncRecords(" and s.finished_at >= ? and s.finished_at < ?", new Object[] {ts(from), ts(to)});
    }

    private Map<String, Long> syncRecords(String where, Object[] args) {
        Map<String, Long> totals = new TreeMap<>();
        jdbc.query("""
                select e.key as entity, d.key as direction, r.key as result, sum((r.value #>> '{}')::numeric) as n
                from wc_sync_sessions s
                     cross join lateral jsonb_each(case when jsonb_typeof(s.counts) = 'object' then s.counts else '{}' end) e
                     cross join lateral jsonb_each(case when jsonb_typeof(e.value) = 'object' then e.value else '{}' end) d
                     cross join lateral jsonb_each(case when jsonb_typeof(d.value) = 'object' then d.value else '{}' end) r
                where not s.dry_run and s.finished_at is not null and jsonb_typeof(r.value) = 'number'""" + where + """
                 group by 1, 2, 3""", rs -> {
            totals.put(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3), rs.getLong(4));
        }, args);
        return totals;
    }

    /** Finished sessions per "kind|status". */
    public Map<String, Long> syncSessionCounts() {
        Map<String, Long> counts = new TreeMap<>();
        jdbc.query("select kind, status, count(*) from wc_sync_sessions where finished_at is not null and not dry_run "
                + "group by 1, 2", rs -> { counts.put(rs.getString(1) + "|" + rs.getString(2), rs.getLong(3)); });
        return counts;
    }

    /** count and total duration (ms) of finished real sessions. */
    public long[] syncDurationTotals() {
        return jdbc.queryForObject("select count(*), coalesce(sum(extract(epoch from (finished_at - started_at)) * 1000), 0) "
                + "from wc_sync_sessions where finished_at is not null and not dry_run",
                (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)});
    }

    public long runningSessions() {
        return jdbc.queryForObject("select count(*) from wc_sync_sessions where status = 'running'", Long.class);
    }

    /** Sessions finished in [from, to): total, completed, failed, average duration (ms, null when none). */
    public Map<String, Object> syncSessionWindow(Instant from, Instant to) {
        return jdbc.queryForMap("""
                select count(*) as total,
                       count(*) filter (where status = 'completed') as completed,
                       count(*) filter (where status = 'failed') as failed,
                       avg(extract(epoch from (finished_at - started_at)) * 1000) as avg_duration_ms,
                       max(extract(epoch from (finished_at - started_at)) * 1000) as max_duration_ms
                from wc_sync_sessions where not dry_run and finished_at >= ? and finished_at < ?""", ts(from), ts(to));
    }

    /** One entity and direction's last sync run (any status) and the end of its last completed one. */
    public record LastSync(Instant lastRunAt, Instant lastFinishedAt, String lastStatus, String lastKind,
                           String lastSessionId, Instant lastSuccessAt) {
    }

    /**
     * Per entity and direction: the last run (any status) and the last completed one, from the sessions whose
     * counts name that entity and direction. {"product": {"pull": {lastRunAt, lastStatus, lastSessionId, lastSuccessAt}}}
     */
    public Map<String, Map<String, LastSync>> lastSync() {
        Map<String, Map<String, LastSync>> tree = new TreeMap<>();
        jdbc.query("""
                with runs as (
                    select e.key as entity, d.key as direction, s.id, s.status, s.kind, s.started_at, s.finished_at
                    from wc_sync_sessions s
                         cross join lateral jsonb_each(case when jsonb_typeof(s.counts) = 'object' then s.counts else '{}' end) e
                         cross join lateral jsonb_each(case when jsonb_typeof(e.value) = 'object' then e.value else '{}' end) d
                    where not s.dry_run)
                select l.entity, l.direction, l.id, l.status, l.kind, l.started_at, l.finished_at,
                       (select max(r.finished_at) from runs r where r.entity = l.entity and r.direction = l.direction
                          and r.status = 'completed') as last_success_at
                from (select distinct on (entity, direction) * from runs
                      order by entity, direction, started_at desc) l""", rs -> {
            LastSync run = new LastSync(instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("finished_at")),
                    rs.getString("status"), rs.getString("kind"), rs.getString("id"),
                    instant(rs.getTimestamp("last_success_at")));
            tree.computeIfAbsent(rs.getString("entity"), k -> new TreeMap<>()).put(rs.getString("direction"), run);
        });
        return tree;
    }

    /** The most recent sessions, newest first, with their counts as JSON text. */
    public List<Map<String, Object>> recentSessions(int limit) {
        return jdbc.queryForList("""
                select id, kind, direction, status, dry_run, counts::text as counts, error, started_at, finished_at,
                       extract(epoch from (coalesce(finished_at, now()) - started_at)) * 1000 as duration_ms
                from wc_sync_sessions order by started_at desc limit ?""", limit);
    }

    /** The last finished real session that reconciled stock: products found drifting and when; null when none yet. */
    public Map<String, Object> lastStockReconciliation() {
        return jdbc.queryForList("""
                select id, finished_at, status,
                       coalesce((counts #>> '{inventory,push,drift}')::bigint, 0) as drift,
                       coalesce((counts #>> '{inventory,push,unchanged}')::bigint, 0) as in_step,
                       coalesce((counts #>> '{inventory,push,updated}')::bigint, 0) as fixed
                from wc_sync_sessions
                where not dry_run and finished_at is not null and counts -> 'inventory' is not null
                order by finished_at desc limit 1""").stream().findFirst().orElse(null);
    }

    // ---- jobs -------------------------------------------------------------------------------------------------

    public Map<String, Long> jobCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String s : List.of("queued", "running", "completed", "failed", "cancelled")) {
            counts.put(s, 0L);
        }
        jdbc.query("select status, count(*) from wc_batch_jobs group by status",
                rs -> { counts.put(rs.getString(1), rs.getLong(2)); });
        return counts;
    }

    /** Running jobs whose last heartbeat (or start) is older than {@code after}. */
    public List<Map<String, Object>> stuckJobs(Duration after) {
        return jdbc.queryForList("""
                select id, job_type, locked_by, progress, started_at, coalesce(heartbeat_at, started_at, created_at) as heartbeat_at
                from wc_batch_jobs
                where status = 'running'
                  and coalesce(heartbeat_at, started_at, created_at) < now() - (? * interval '1 millisecond')
                order by id""", after.toMillis());
    }

    // ---- conflicts --------------------------------------------------------------------------------------------

    public Map<String, Long> pendingConflictsByType() {
        Map<String, Long> counts = new TreeMap<>();
        for (String t : List.of("field_conflict", "data_validation", "type_mismatch", "business_rule")) {
            counts.put(t, 0L);
        }
        jdbc.query("select conflict_type, count(*) from wc_sync_conflicts where status = 'pending' group by 1",
                rs -> { counts.put(rs.getString(1), rs.getLong(2)); });
        return counts;
    }

    /** Conflicts ever recorded per "type|entity". */
    public Map<String, Long> conflictsCreated() {
        Map<String, Long> counts = new TreeMap<>();
        jdbc.query("select conflict_type, entity_type, count(*) from wc_sync_conflicts group by 1, 2",
                rs -> { counts.put(rs.getString(1) + "|" + rs.getString(2), rs.getLong(3)); });
        return counts;
    }

    /** Resolved conflicts per "auto|manual". */
    public Map<String, Long> conflictsResolved() {
        Map<String, Long> counts = new TreeMap<>(Map.of("auto", 0L, "manual", 0L));
        jdbc.query("select case when " + AUTO_RESOLVED + " then 'auto' else 'manual' end, count(*) "
                + "from wc_sync_conflicts where status = 'resolved' group by 1",
                rs -> { counts.put(rs.getString(1), rs.getLong(2)); });
        return counts;
    }

    /**
     * In [from, to): created; resolved (by resolved_at); autoResolved among those created (as the conflicts stats
     * API counts them); pending now.
     */
    public Map<String, Long> conflictWindow(Instant from, Instant to) {
        return jdbc.queryForObject("select count(*) filter (where created_at >= ? and created_at < ?) as created, "
                + "count(*) filter (where status = 'resolved' and resolved_at >= ? and resolved_at < ?) as resolved, "
                + "count(*) filter (where created_at >= ? and created_at < ? and " + AUTO_RESOLVED
                + ") as auto_resolved, count(*) filter (where status = 'pending') as pending from wc_sync_conflicts",
                (rs, i) -> {
                    Map<String, Long> m = new LinkedHashMap<>();
                    m.put("created", rs.getLong("created"));
                    m.put("resolved", rs.getLong("resolved"));
                    m.put("autoResolved", rs.getLong("auto_resolved"));
                    m.put("pending", rs.getLong("pending"));
                    return m;
                }, ts(from), ts(to), ts(from), ts(to), ts(from), ts(to));
    }

    /** Pending conflicts, oldest first, for the dashboard's resolve buttons. */
    public List<Map<String, Object>> pendingConflicts(int limit) {
        return jdbc.queryForList("""
                select id, entity_type, woo_id, nxt_id, conflict_type, array_to_string(fields, ',') as fields,
                       base_values::text as base_values, woo_values::text as woo_values, nxt_values::text as nxt_values,
                       detail, source, strategy, created_at
                from wc_sync_conflicts where status = 'pending' order by created_at, id limit ?""", limit);
    }

    // ---- errors -----------------------------------------------------------------------------------------------

    /** Errors ever logged per "system|type". */
    public Map<String, Long> errorsLogged() {
        Map<String, Long> counts = new TreeMap<>();
        jdbc.query("select system, error_type, count(*) from wc_error_log group by 1, 2",
                rs -> { counts.put(rs.getString(1) + "|" + rs.getString(2), rs.getLong(3)); });
        return counts;
    }

    public Map<String, Long> openErrorsBySystem() {
        Map<String, Long> counts = new TreeMap<>(Map.of("woo", 0L, "nxt", 0L, "hub", 0L));
        jdbc.query("select system, count(*) from wc_error_log where status = 'open' group by 1",
                rs -> { counts.put(rs.getString(1), rs.getLong(2)); });
        return counts;
    }

    /** Errors logged in [from, to) per system. */
    public Map<String, Long> errorsBySystem(Instant from, Instant to) {
        Map<String, Long> counts = new TreeMap<>(Map.of("woo", 0L, "nxt", 0L, "hub", 0L));
        jdbc.query("select system, count(*) from wc_error_log where created_at >= ? and created_at < ? group by 1",
                rs -> { counts.put(rs.getString(1), rs.getLong(2)); }, ts(from), ts(to));
        return counts;
    }

    /** Errors logged in [from, to) per type, most frequent first. */
    public Map<String, Long> errorsByType(Instant from, Instant to) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.query("select error_type, count(*) from wc_error_log where created_at >= ? and created_at < ? "
                + "group by 1 order by 2 desc, 1 limit 20", rs -> { counts.put(rs.getString(1), rs.getLong(2)); },
                ts(from), ts(to));
        return counts;
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    static Timestamp ts(Instant i) {
        return Timestamp.from(i);
    }

    static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    static List<String> keys(Map<String, ?> m) {
        return new ArrayList<>(m.keySet());
    }
}
