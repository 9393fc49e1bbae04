package com.nxtnd.hub.store;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The dead letter store (wc_error_log): what failed, where, with the original message to replay. */
@Repository
public class ErrorLogRepository {

    private final JdbcTemplate jdbc;

    public ErrorLogRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record NewError(String system, String errorType, String routeId, String endpointUri, String entityType,
                           String entityRef, String message, String stackTrace, byte[] originalBody,
                           String originalHeadersJson, int attempts) {
    }

    public long record(NewError e) {
        return jdbc.queryForObject("""
                insert into wc_error_log (system, error_type, route_id, endpoint_uri, entity_type, entity_ref, message,
                    stack_trace, original_body, original_headers, attempts)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?) returning id
                """, Long.class, e.system(), e.errorType(), e.routeId(), e.endpointUri(), e.entityType(), e.entityRef(),
                truncate(e.message(), 4000), truncate(e.stackTrace(), 16000), e.originalBody(),
                e.originalHeadersJson(), e.attempts());
    }

    /** Whether an open error of this type is stored for this record (a data problem reported once, not per run). */
    public boolean hasOpen(String errorType, String entityRef) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from wc_error_log where status = 'open' "
                + "and error_type = ? and entity_ref = ?)", Boolean.class, errorType, entityRef));
    }

    /** One stored failure, as the replay needs it. */
    public record StoredError(long id, String system, String errorType, String routeId, String entityType,
                              String entityRef, String message, byte[] originalBody, String originalHeaders,
                              int attempts, String status, java.time.Instant createdAt) {
    }

    /** Which errors a replay or a listing takes; null fields do not filter. */
    public record Filter(String system, String errorType, String routeId, String entityType, java.time.Instant since) {
    }

    public java.util.Optional<StoredError> find(long id) {
        return jdbc.query("select * from wc_error_log where id = ?", this::row, id).stream().findFirst();
    }

    /** Open errors matching {@code filter}, oldest first, at most {@code limit}. */
    public java.util.List<StoredError> open(Filter f, int limit) {
        return jdbc.query("""
                select * from wc_error_log where status = 'open'
                and (cast(? as text) is null or system = ?) and (cast(? as text) is null or error_type = ?)
                and (cast(? as text) is null or route_id = ?) and (cast(? as text) is null or entity_type = ?)
                and (cast(? as timestamptz) is null or created_at >= ?)
                order by id limit ?""", this::row, f.system(), f.system(), f.errorType(), f.errorType(),
                f.routeId(), f.routeId(), f.entityType(), f.entityType(), ts(f.since()), ts(f.since()), limit);
    }

    public boolean markReplayed(long id) {
        return jdbc.update("update wc_error_log set status = 'replayed', replayed_at = now() where id = ? and status = 'open'",
                id) == 1;
    }

    /** Counts over a window: by system, type, route and status, and per hour. */
    public ErrorStats stats(java.time.Duration window) {
        java.sql.Timestamp since = java.sql.Timestamp.from(java.time.Instant.now().minus(window));
        java.util.List<ErrorStats.Hour> hourly = jdbc.query("""
                select date_trunc('hour', created_at) as hour, system, count(*) as n from wc_error_log
                where created_at >= ? group by 1, 2 order by 1, 2""", (rs, i) -> new ErrorStats.Hour(
                rs.getTimestamp("hour").toInstant(), rs.getString("system"), rs.getLong("n")), since);
        return new ErrorStats(jdbc.queryForObject("select count(*) from wc_error_log where created_at >= ?", Long.class, since),
                jdbc.queryForObject("select count(*) from wc_error_log where status = 'open'", Long.class),
                group("system", since), group("error_type", since), group("coalesce(route_id, 'none')", since),
                group("status", since), hourly);
    }

    private java.util.Map<String, Long> group(String expression, java.sql.Timestamp since) {
        java.util.Map<String, Long> counts = new java.util.LinkedHashMap<>();
        jdbc.query("select " + expression + " as k, count(*) as n from wc_error_log where created_at >= ? "
                + "group by 1 order by 2 desc", rs -> {
                    counts.put(rs.getString("k"), rs.getLong("n"));
                }, since);
        return counts;
    }

    private StoredError row(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        return new StoredError(rs.getLong("id"), rs.getString("system"), rs.getString("error_type"),
                rs.getString("route_id"), rs.getString("entity_type"), rs.getString("entity_ref"),
                rs.getString("message"), rs.getBytes("original_body"), rs.getString("original_headers"),
                rs.getInt("attempts"), rs.getString("status"), rs.getTimestamp("created_at").toInstant());
    }

    private static java.sql.Timestamp ts(java.time.Instant i) {
        return i == null ? null : java.sql.Timestamp.from(i);
    }

    /** Cut to length, NUL out: the last resort for a failure must not fail on the text it quotes (issue 17). */
    private static String truncate(String s, int max) {
        s = com.nxtnd.hub.mapping.OutsideText.safe(s);
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
