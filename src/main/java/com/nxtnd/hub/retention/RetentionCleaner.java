package com.nxtnd.hub.retention;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Deletes finished rows older than their {@link RetentionProperties age}, called by route {@code retention}
 * (routes/retention.camel.yaml). Each table is emptied in batches of {@code batchSize} rows, each batch a statement of its
 * own (auto-commit, so its row locks last milliseconds) that skips rows another transaction holds: an inbox worker,
 * a replay or a conflict being resolved never waits on the clean-up, and a row it holds is left for the next run.
 * What is not finished is never selected: pending or processing events, failed events (open errors), open errors,
 * pending conflicts, queued or running sessions and jobs.
 */
@Component("retention")
public class RetentionCleaner {

    private static final Logger log = LoggerFactory.getLogger(RetentionCleaner.class);

    /** One table's rule: the rows of {@code select} (with :cutoff and :limit) are deleted by {@code delete}. */
    record Rule(String table, Function<RetentionProperties, Duration> age, String sql) {
    }

    static final List<Rule> RULES = List.of(
            new Rule("wc_webhook_events", RetentionProperties::webhookEvents, """
                    with old as (select id from wc_webhook_events
                                 where received_at < :cutoff and coalesce(processed_at, received_at) < :cutoff
                                   and status in ('processed', 'duplicate', 'echo', 'superseded', 'rejected', 'ping')
                                 limit :limit for update skip locked)
                    delete from wc_webhook_events e using old where e.id = old.id"""),
            // createdat is a timestamp without time zone written by Camel from the JVM's clock: :cutoff is one too
            new Rule("camel_messageprocessed", RetentionProperties::idempotencyKeys, """
                    with old as (select processorname, messageid from camel_messageprocessed
                                 where createdat < :localCutoff
                                 limit :limit for update skip locked)
                    delete from camel_messageprocessed m using old
                    where m.processorname = old.processorname and m.messageid = old.messageid"""),
            new Rule("wc_error_log", RetentionProperties::errors, """
                    with old as (select id from wc_error_log
                                 where created_at < :cutoff and coalesce(replayed_at, created_at) < :cutoff
                                   and status in ('replayed', 'resolved', 'discarded')
                                 limit :limit for update skip locked)
                    delete from wc_error_log l using old where l.id = old.id"""),
            new Rule("wc_sync_conflicts", RetentionProperties::conflicts, """
                    with old as (select id from wc_sync_conflicts
                                 where created_at < :cutoff and coalesce(resolved_at, created_at) < :cutoff
                                   and status in ('resolved', 'superseded')
                                 limit :limit for update skip locked)
                    delete from wc_sync_conflicts c using old where c.id = old.id"""),
            // jobs before sessions: a job references its session
            new Rule("wc_batch_jobs", RetentionProperties::sessions, """
                    with old as (select id from wc_batch_jobs
                                 where created_at < :cutoff and coalesce(finished_at, created_at) < :cutoff
                                   and status in ('completed', 'failed', 'cancelled')
                                 limit :limit for update skip locked)
                    delete from wc_batch_jobs j using old where j.id = old.id"""),
            new Rule("wc_sync_sessions", RetentionProperties::sessions, """
                    with old as (select id from wc_sync_sessions s
                                 where started_at < :cutoff and coalesce(finished_at, started_at) < :cutoff
                                   and status in ('completed', 'failed', 'cancelled')
                                   and not exists (select 1 from wc_batch_jobs j where j.session_id = s.id)
                                 limit :limit for update skip locked)
                    delete from wc_sync_sessions s using old where s.id = old.id"""),
            new Rule("wc_audit_log", RetentionProperties::auditLog, """
                    with old as (select id from wc_audit_log where created_at < :cutoff
                                 limit :limit for update skip locked)
                    delete from wc_audit_log a using old where a.id = old.id"""));

    private final NamedParameterJdbcTemplate jdbc;
    private final RetentionProperties properties;

    public RetentionCleaner(NamedParameterJdbcTemplate jdbc, RetentionProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** Runs every rule once; the route calls this. */
    public RetentionReport run() {
        long started = System.nanoTime();
        Instant now = Instant.now();
        Map<String, Long> deleted = new LinkedHashMap<>();
        for (Rule rule : RULES) {
            deleted.merge(rule.table(), purge(rule, now.minus(rule.age().apply(properties))), Long::sum);
        }
        RetentionReport report = new RetentionReport(deleted, (System.nanoTime() - started) / 1_000_000);
        if (report.total() > 0) {
            log.info("Retention: {} rows deleted in {} ms {}", report.total(), report.millis(), deleted);
        }
        return report;
    }

    /** Deletes batch after batch until one comes back short (nothing older left, or the rest is held elsewhere). */
    private long purge(Rule rule, Instant cutoff) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("cutoff", java.time.OffsetDateTime.ofInstant(cutoff, java.time.ZoneOffset.UTC))
                .addValue("localCutoff", Timestamp.from(cutoff))
                .addValue("limit", properties.batchSize());
        long total = 0;
        int batch;
        do {
            batch = jdbc.update(rule.sql(), params);
            total += batch;
        } while (batch == properties.batchSize());
        return total;
    }
}
