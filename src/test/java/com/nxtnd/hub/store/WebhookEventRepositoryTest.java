package com.nxtnd.hub.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.nxtnd.hub.HubIntegrationTest;
import java.util.List;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

class WebhookEventRepositoryTest extends HubIntegrationTest {

    private static final String OWNER = "hub-claim-test";
    /** This test's events are of resources from here on. */
    private static final long OURS = 7_000_000;

    @Autowired
    WebhookEventRepository events;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CamelContext camel;

    @BeforeEach
    void stopTheInbox() throws Exception {
        camel.getRouteController().stopRoute("webhook-inbox"); // this test claims by hand
    }

    @AfterEach
    void startTheInbox() throws Exception {
        // events of other tests this one may have claimed go back as they were
        jdbc.update("update wc_webhook_events set status = 'pending', locked_by = null, attempts = attempts - 1 "
                + "where locked_by = ? and resource_id < ?", OWNER, OURS);
        jdbc.update("delete from wc_webhook_events where resource_id >= ?", OURS);
        camel.getRouteController().startRoute("webhook-inbox");
    }

    @Test
    void aClaimTakesOnlyTheEarliestUnfinishedEventOfEachResource() {
        long first = event(OURS + 1, "processing");
        long second = event(OURS + 1, "pending");
        long other = event(OURS + 2, "pending");

        assertThat(claimedHere()).containsExactly(other); // the first resource waits for its event in processing

        events.markDone(first, "processed", 1, "done");
        assertThat(claimedHere()).containsExactly(second);
    }

    @Test
    void aFloodOfDeliveriesDoesNotMakeTheClaimLookAtEveryPendingEvent() {
        // statistics taken while a few events are pending, then a flood: what the planner sees before autovacuum
        // catches up
        events(OURS, 20_000, 100);
        jdbc.execute("analyze wc_webhook_events");
        events(OURS + 100_000, 15_000, 1);

        String plan = String.join("\n", events.claimPlan(OWNER, 20));

        // candidates are read in order of arrival and the reading stops at the limit: no sort of every pending event,
        // which evaluates the resource check for each of them (50-150 ms a claim with 15,000 pending)
        assertThat(plan).contains("Index Scan using ix_events_pending on wc_webhook_events c")
                .doesNotContain("Bitmap Heap Scan on wc_webhook_events c").doesNotContain("Sort Key: c.id");
        // each candidate's resource is looked up through the index of unfinished events, by its key
        assertThat(plan).contains("ix_events_unfinished")
                .containsPattern("Index Cond: \\(\\(resource = \\(c\\.resource\\)::text\\) AND \\(resource_id = c\\.resource_id\\)\\)");
        assertEveryOtherReadIsByKey(plan);
    }

    @Test
    void ofTheManyPendingEventsOfOneRecordOnlyTheNewestIsClaimedAndTheOthersAreSuperseded() {
        long hot = OURS + 10;
        long first = update(hot, "2026-01-01T10:00:00", "a");
        long newest = update(hot, "2026-01-01T10:05:00", "b");
        long lateButOlder = update(hot, "2026-01-01T10:03:00", "c"); // WooCommerce's date decides, not arrival
        long sameContent = update(hot, "2026-01-01T10:05:00", "b");  // the newest's content again, arrived later
        long other = update(OURS + 11, "2026-01-01T09:00:00", "d");

        assertThat(claimedHere()).containsExactly(sameContent, other);
        assertThat(statusOf(first)).isEqualTo("superseded");
        assertThat(statusOf(lateButOlder)).isEqualTo("superseded");
        assertThat(statusOf(newest)).isEqualTo("duplicate"); // same content, same date: the later arrival is applied
        assertThat(jdbc.queryForObject("select last_error from wc_webhook_events where id = ?", String.class, first))
                .isEqualTo("superseded by event " + sameContent);
        assertThat(jdbc.queryForObject("select count(*) from wc_webhook_events where resource_id = ? "
                + "and status in ('superseded', 'duplicate') and processed_at is not null and locked_by is null",
                Long.class, hot)).isEqualTo(3);
        assertThat(events.stats().superseded()).isGreaterThanOrEqualTo(2);

        // order per record kept: a delivery arriving while the newest is applied waits for it
        long next = update(hot, "2026-01-01T10:07:00", "e");
        assertThat(claimedHere()).isEmpty();
        events.markDone(sameContent, "processed", 1, "done");
        assertThat(claimedHere()).containsExactly(next);
    }

    @Test
    void aDeleteWinsOverOlderUpdatesAndAnUpdateAfterADeleteIsApplied() {
        long deleted = OURS + 20;
        long u1 = update(deleted, "2026-01-01T10:00:00", "a");
        long u2 = update(deleted, "2026-01-01T10:01:00", "b");
        long delete = delete(deleted);
        assertThat(claimedHere()).containsExactly(delete);
        assertThat(List.of(statusOf(u1), statusOf(u2))).containsOnly("superseded");

        long restored = OURS + 21;
        long d = delete(restored);
        long after = update(restored, "2026-01-01T10:00:00", "a");
        assertThat(claimedHere()).containsExactly(after);
        assertThat(statusOf(d)).isEqualTo("superseded");

        // an update that arrives after a delete but is older than an update from before it: the delete still wins
        long mixed = OURS + 22;
        long before = update(mixed, "2026-01-01T10:05:00", "a");
        long d2 = delete(mixed);
        long stale = update(mixed, "2026-01-01T10:01:00", "b");
        assertThat(claimedHere()).containsExactly(d2);
        assertThat(List.of(statusOf(before), statusOf(stale))).containsOnly("superseded");
    }

    @Test
    void aNewestEventNotDueYetStaysPendingWhileTheOlderOnesAreSuperseded() {
        long older = update(OURS + 30, "2026-01-01T10:00:00", "a");
        long retrying = update(OURS + 30, "2026-01-01T10:01:00", "b");
        jdbc.update("update wc_webhook_events set next_attempt_at = now() + interval '1 hour' where id = ?", retrying);
        assertThat(claimedHere()).isEmpty();
        assertThat(statusOf(older)).isEqualTo("superseded");
        assertThat(statusOf(retrying)).isEqualTo("pending");
    }

    @Test
    void aBacklogOfOneBusyRecordIsCollapsedOnceAndThenCostsTheClaimNothing() {
        // issue 19: 30,000 pending deliveries of one product ahead of 70,000 of others, on statistics from before
        jdbc.execute("analyze wc_webhook_events");
        jdbc.update("""
                insert into wc_webhook_events (resource, resource_id, topic, event, date_modified_gmt, payload,
                                               signature_status, status)
                select 'product', ?, 'product.updated', 'updated', timestamp '2026-01-01' + g * interval '1 second',
                       '\\x7b7d'::bytea, 'valid', 'pending'
                from generate_series(1, 30000) g""", OURS);
        events(OURS + 100_000, 70_000, 1);
        long newest = jdbc.queryForObject("select max(id) from wc_webhook_events where resource_id = ?", Long.class, OURS);

        String plan = String.join("\n", events.claimPlan(OWNER, 20));
        // candidates read in order of arrival up to the limit; every look-up of a record's events by its key through
        // the index of unfinished events: nothing reads or sorts the whole backlog
        assertThat(plan).contains("Index Scan using ix_events_pending on wc_webhook_events c")
                .doesNotContain("Seq Scan").doesNotContain("Bitmap Heap Scan").doesNotContain("Sort Key: c.id");
        for (String alias : List.of("p", "d", "u", "o")) {
            assertThat(plan).containsPattern("ix_events_unfinished on wc_webhook_events " + alias + "\\b");
        }
        assertEveryOtherReadIsByKey(plan);

        // the first claim walks past the busy record's backlog once and supersedes it (0.8 s here, once: each of
        // those events had to be given its final status anyway)
        // a full batch, the busy record's newest in it (another test's pending event may be in it too: the context is
        // shared, so the count is over all that was claimed, not only this test's)
        assertThat(events.claim(OWNER, 20).stream().map(WebhookEvent::id).toList()).hasSize(20).contains(newest);
        assertThat(jdbc.queryForObject("select count(*) from wc_webhook_events where resource_id = ? and status = 'superseded'",
                Long.class, OURS)).isEqualTo(29_999);

        // the next claim reads about as many pending events as it claims, not the backlog (other tests' events may
        // be pending too, hence the margin)
        String next = String.join("\n", events.claimAnalyzed(OWNER, 20));
        java.util.regex.Matcher walked = java.util.regex.Pattern.compile("Index Scan using ix_events_pending on "
                + "wc_webhook_events c \\(actual rows=(\\d+)[^\\n]*\\n[^\\n]*Filter:[^\\n]*\\n(?:\\s*Rows Removed by Filter: (\\d+))?")
                .matcher(next);
        assertThat(walked.find()).as(next).isTrue();
        long read = Long.parseLong(walked.group(1)) + (walked.group(2) == null ? 0 : Long.parseLong(walked.group(2)));
        assertThat(read).as(next).isLessThan(200);
    }

    /**
     * Apart from the candidates (read in id order up to the limit), every read of the table has an index condition: a
     * record's events by its key, a row by its id. A partial index read whole and filtered is what statistics from
     * before a flood lead to, and it costs the whole backlog each time.
     */
    private static void assertEveryOtherReadIsByKey(String plan) {
        assertThat(plan).doesNotContain("Seq Scan").doesNotContain("Bitmap Heap Scan");
        String[] lines = plan.split("\n");
        java.util.regex.Pattern read = java.util.regex.Pattern.compile("Scan(?: Backward)? using \\w+ on wc_webhook_events (\\w+)");
        int reads = 0;
        for (int i = 0; i < lines.length; i++) {
            java.util.regex.Matcher m = read.matcher(lines[i]);
            if (m.find() && !m.group(1).equals("c")) {
                reads++;
                assertThat(i + 1 < lines.length ? lines[i + 1].trim() : "").as("read of %s in%n%s", m.group(1), plan)
                        .startsWith("Index Cond:");
            }
        }
        assertThat(reads).isGreaterThanOrEqualTo(6);
    }

    private long update(long resourceId, String dateModifiedGmt, String content) {
        return jdbc.queryForObject("""
                insert into wc_webhook_events (resource, resource_id, topic, event, date_modified_gmt, dedupe_key,
                                               payload, signature_status, status)
                values ('product', ?, 'product.updated', 'updated', cast(? as timestamp), ?, '\\x7b7d'::bytea, 'valid',
                        'pending') returning id""",
                Long.class, resourceId, dateModifiedGmt, resourceId + "|" + dateModifiedGmt + "|" + content);
    }

    private long delete(long resourceId) {
        return jdbc.queryForObject("""
                insert into wc_webhook_events (resource, resource_id, topic, event, dedupe_key, payload,
                                               signature_status, status)
                values ('product', ?, 'product.deleted', 'deleted', ?, '\\x7b7d'::bytea, 'valid', 'pending') returning id""",
                Long.class, resourceId, resourceId + "|deleted");
    }

    private String statusOf(long id) {
        return jdbc.queryForObject("select status from wc_webhook_events where id = ?", String.class, id);
    }

    /** {@code count} due events of resources from {@code firstId} on, every {@code pendingEvery}th one pending. */
    private void events(long firstId, int count, int pendingEvery) {
        jdbc.update("""
                insert into wc_webhook_events (resource, resource_id, topic, payload, signature_status, status)
                select 'product', ? + g, 'product.updated', convert_to(repeat('x', 1500), 'UTF8'), 'valid',
                       case when g % ? = 0 then 'pending' else 'processed' end
                from generate_series(1, ?) g""", firstId, pendingEvery, count);
    }

    private long event(long resourceId, String status) {
        return jdbc.queryForObject("""
                insert into wc_webhook_events (resource, resource_id, topic, payload, signature_status, status, locked_by)
                values ('product', ?, 'product.updated', '\\x7b7d'::bytea, 'valid', ?, ?) returning id""",
                Long.class, resourceId, status, "processing".equals(status) ? "hub-other" : null);
    }

    private List<Long> claimedHere() {
        return events.claim(OWNER, 20).stream().map(WebhookEvent::id)
                .filter(id -> jdbc.queryForObject("select resource_id from wc_webhook_events where id = ?", Long.class, id)
                        >= OURS)
                .toList();
    }

    @Test
    void theInboxKeysTellANewKeyFromOneAlreadyStoredInOneStatementAndForgetOnRemove() {
        org.apache.camel.spi.IdempotentRepository keys = camel.getRegistry()
                .lookupByNameAndType("webhookEventKeys", org.apache.camel.spi.IdempotentRepository.class);
        String key = "inbox-keys-test-" + System.nanoTime();
        assertThat(keys.add(key)).isTrue();
        assertThat(keys.add(key)).isFalse();
        assertThat(keys.contains(key)).isTrue();
        assertThat(keys.remove(key)).isTrue();
        assertThat(keys.add(key)).isTrue();
        keys.remove(key);
    }

    @Test
    void markAllDoneClosesEachEventWithItsOwnOutcome() {
        long a = event(OURS + 11, "processing");
        long b = event(OURS + 12, "processing");
        events.markAllDone(List.of(new WebhookEventRepository.Done(a, "processed", 7, "created"),
                new WebhookEventRepository.Done(b, "echo", 9, "echo")));
        assertThat(jdbc.queryForList("select status || ' ' || processing_ms || ' ' || last_error || ' ' "
                + "|| (locked_by is null) || ' ' || (processed_at is not null) from wc_webhook_events "
                + "where id in (?, ?) order by id", String.class, a, b))
                .containsExactly("processed 7 created true true", "echo 9 echo true true");
    }

}
