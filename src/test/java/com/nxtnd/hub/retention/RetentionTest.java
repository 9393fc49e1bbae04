package com.nxtnd.hub.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.nxtnd.hub.HubIntegrationTest;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Each retention rule on the real store: what is older than its age and finished goes, in batches; what is newer, or
 * not finished (pending events, failed events, open errors, pending conflicts, running syncs), stays whatever its age.
 */
class RetentionTest extends HubIntegrationTest {

    private static final String MARK = "retention-test";
    /** This test's webhook events are of resources from here on. */
    private static final long OURS = 8_800_000;

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    NamedParameterJdbcTemplate named;
    @Autowired
    DataSource dataSource;
    @Autowired
    CamelContext camel;
    @Autowired
    RetentionProperties defaults;

    /** Defaults but batches of 3, so that every rule needs several batches. */
    private RetentionCleaner cleaner() {
        return new RetentionCleaner(named, new RetentionProperties(defaults.webhookEvents(), defaults.idempotencyKeys(),
                defaults.errors(), defaults.conflicts(), defaults.sessions(), defaults.auditLog(), 3));
    }

    @AfterEach
    void removeOurRows() {
        jdbc.update("delete from wc_webhook_events where resource_id >= ?", OURS);
        jdbc.update("delete from camel_messageprocessed where processorname = ?", MARK);
        jdbc.update("delete from wc_error_log where route_id = ?", MARK);
        jdbc.update("delete from wc_sync_conflicts where detail = ?", MARK);
        jdbc.update("delete from wc_batch_jobs where job_type = ?", MARK);
        jdbc.update("delete from wc_sync_sessions where kind = ?", "rt-test");
        jdbc.update("delete from wc_audit_log where actor = ?", MARK);
    }

    @Test
    void defaultsAreThoseTheReadmeDocuments() {
        assertThat(defaults.webhookEvents()).isEqualTo(Duration.ofDays(30));
        assertThat(defaults.idempotencyKeys()).isEqualTo(Duration.ofDays(35)); // Action Scheduler keeps 30 days
        assertThat(defaults.errors()).isEqualTo(Duration.ofDays(90));
        assertThat(defaults.conflicts()).isEqualTo(Duration.ofDays(90));
        assertThat(defaults.sessions()).isEqualTo(Duration.ofDays(90));
        assertThat(defaults.auditLog()).isEqualTo(Duration.ofDays(365));
        assertThat(defaults.idempotencyKeys()).isGreaterThanOrEqualTo(defaults.webhookEvents());
    }

    @Test
    void webhookEventsGoOnlyWhenFinishedAndOlderThanTheirAge() {
        for (String status : List.of("processed", "duplicate", "echo", "superseded", "rejected", "ping")) {
            event(status, 31, 31);
            event(status, 31, 31);
            event(status, 29, 29); // young
        }
        event("processed", 40, 1); // received long ago, but held (an outage) and processed yesterday
        for (String status : List.of("pending", "processing", "failed")) {
            event(status, 400, null); // never finished: kept however old
        }

        RetentionReport report = cleaner().run();

        assertThat(report.deleted().get("wc_webhook_events")).isGreaterThanOrEqualTo(12);
        assertThat(jdbc.queryForList("select status from wc_webhook_events where resource_id >= ? order by status",
                String.class, OURS)).containsExactly("duplicate", "echo", "failed", "pending", "ping", "processed",
                "processed", "processing", "rejected", "superseded");
        assertThat(jdbc.queryForObject("select count(*) from wc_webhook_events where resource_id >= ? "
                + "and received_at < now() - interval '30 days' and status in ('processed') ", Long.class, OURS))
                .isEqualTo(1); // only the one processed yesterday
    }

    @Test
    void idempotencyKeysOutliveTheirEventsAndThenGo() {
        key("old-1", 36);
        key("old-2", 36);
        key("old-3", 36);
        key("old-4", 36);
        key("kept", 31); // its event (31 days) is gone, the key still recognises a re-run delivery

        cleaner().run();

        assertThat(jdbc.queryForList("select messageid from camel_messageprocessed where processorname = ?",
                String.class, MARK)).containsExactly("kept");
    }

    @Test
    void errorsGoOnceSettledAndOld() {
        for (String status : List.of("replayed", "resolved", "discarded")) {
            error(status, 91);
            error(status, 89);
        }
        error("open", 1000);

        cleaner().run();

        assertThat(jdbc.queryForList("select status || ':' || (created_at < now() - interval '90 days') "
                + "from wc_error_log where route_id = ? order by status", String.class, MARK))
                .containsExactly("discarded:false", "open:true", "replayed:false", "resolved:false");
    }

    @Test
    void conflictsGoOnceSettledAndOld() {
        conflict("resolved", 91, 91);
        conflict("superseded", 91, 91);
        conflict("resolved", 91, 10); // raised long ago, resolved lately
        conflict("resolved", 80, 80);
        conflict("pending", 1000, null);

        cleaner().run();

        assertThat(jdbc.queryForList("select status from wc_sync_conflicts where detail = ? order by status, id",
                String.class, MARK)).containsExactly("pending", "resolved", "resolved");
    }

    @Test
    void finishedSessionsAndJobsGoRunningOnesStay() throws Exception {
        // the hub's job runner would take the queued job (it did in CI) and the test would see it running
        camel.getRouteController().stopRoute("sync-jobs");
        try {
            sessionsAndJobs();
        } finally {
            camel.getRouteController().startRoute("sync-jobs");
        }
    }

    private void sessionsAndJobs() {
        UUID oldDone = session("completed", 91);
        session("failed", 91);
        session("cancelled", 91);
        UUID young = session("completed", 30);
        UUID running = session("running", 400);
        UUID queued = session("queued", 400);
        UUID ofKeptJob = session("completed", 91);
        job("completed", 91, oldDone);
        job("running", 400, ofKeptJob); // its session stays with it
        job("queued", 400, null);
        job("failed", 20, null);

        cleaner().run();

        assertThat(jdbc.queryForList("select id from wc_sync_sessions where kind = 'rt-test'", UUID.class))
                .containsExactlyInAnyOrder(young, running, queued, ofKeptJob);
        assertThat(jdbc.queryForList("select status from wc_batch_jobs where job_type = ? order by status",
                String.class, MARK)).containsExactly("failed", "queued", "running");
    }

    @Test
    void theAuditLogIsKeptAYear() {
        audit(366);
        audit(366);
        audit(366);
        audit(366);
        audit(364);

        cleaner().run();

        assertThat(jdbc.queryForObject("select count(*) from wc_audit_log where actor = ?", Long.class, MARK))
                .isEqualTo(1);
    }

    @Test
    void aRowHeldByAnotherTransactionIsSkippedNotWaitedFor() throws Exception {
        long held = event("processed", 31, 31);
        event("processed", 31, 31);
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            other.createStatement().execute("select id from wc_webhook_events where id = " + held + " for update");

            // the clean-up finishes while the row is held, and leaves just that row
            CompletableFuture<RetentionReport> run = CompletableFuture.supplyAsync(() -> cleaner().run());
            run.get(30, TimeUnit.SECONDS);
            assertThat(jdbc.queryForList("select id from wc_webhook_events where resource_id >= ?", Long.class, OURS))
                    .containsExactly(held);
            other.rollback();
        }
        cleaner().run();
        assertThat(jdbc.queryForObject("select count(*) from wc_webhook_events where resource_id >= ?", Long.class,
                OURS)).isZero();
    }

    @Test
    void aYamlRouteOnTheClusteredSchedulerCallsTheCleaner() {
        RouteDefinition route = ((ModelCamelContext) camel).getRouteDefinition("retention");
        assertThat(route).isNotNull();
        assertThat(route.getInput().getEndpointUri()).startsWith("quartz:maintenance/retention");
        assertThat(route.getOutputs().toString()).contains("ref:retention").contains("method:run");
        assertThat(camel.getRegistry().lookupByName("retention")).isInstanceOf(RetentionCleaner.class);
    }

    // ------------------------------------------------------------------ rows

    private long next = OURS;

    /** Not due for a day: the test hub's inbox would claim a pending one (CI saw it turn processing mid-test). */
    private long event(String status, int receivedDaysAgo, Integer processedDaysAgo) {
        return jdbc.queryForObject("""
                insert into wc_webhook_events (resource, resource_id, topic, payload, signature_status, status,
                                               received_at, processed_at, next_attempt_at)
                values ('product', ?, 'product.updated', convert_to('{}', 'UTF8'), 'valid', ?,
                        now() - make_interval(days => ?), now() - make_interval(days => ?), now() + interval '1 day')
                returning id""", Long.class, next++, status, receivedDaysAgo, processedDaysAgo);
    }

    private void key(String id, int daysAgo) {
        jdbc.update("insert into camel_messageprocessed (processorname, messageid, createdat) values (?, ?, ?)",
                MARK, id, Timestamp.from(Instant.now().minus(Duration.ofDays(daysAgo))));
    }

    private void error(String status, int daysAgo) {
        jdbc.update("insert into wc_error_log (system, error_type, route_id, status, created_at) "
                + "values ('hub', 'test', ?, ?, now() - make_interval(days => ?))", MARK, status, daysAgo);
    }

    private void conflict(String status, int createdDaysAgo, Integer resolvedDaysAgo) {
        jdbc.update("insert into wc_sync_conflicts (entity_type, conflict_type, detail, status, created_at, resolved_at) "
                + "values ('product', 'field_conflict', ?, ?, now() - make_interval(days => ?), "
                + "now() - make_interval(days => ?))", MARK, status, createdDaysAgo, resolvedDaysAgo);
    }

    private UUID session(String status, int daysAgo) {
        UUID id = UUID.randomUUID();
        jdbc.update("insert into wc_sync_sessions (id, kind, direction, entity_types, status, started_at, finished_at) "
                + "values (?, 'rt-test', 'pull', '{product}', ?, now() - make_interval(days => ?), "
                + "case when ? in ('completed', 'failed', 'cancelled') then now() - make_interval(days => ?) end)",
                id, status, daysAgo, status, daysAgo);
        return id;
    }

    private void job(String status, int daysAgo, UUID session) {
        jdbc.update("insert into wc_batch_jobs (id, job_type, request, status, session_id, created_at, finished_at) "
                + "values (?, ?, '{}'::jsonb, ?, ?, now() - make_interval(days => ?), "
                + "case when ? in ('completed', 'failed', 'cancelled') then now() - make_interval(days => ?) end)",
                UUID.randomUUID(), MARK, status, session, daysAgo, status, daysAgo);
    }

    private void audit(int daysAgo) {
        jdbc.update("insert into wc_audit_log (actor, action, status, created_at) "
                + "values (?, 'POST /test', 200, now() - make_interval(days => ?))", MARK, daysAgo);
    }
}
