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
                .containsPattern("Index Cond: \\(\\(resource = \\(c\\.resource\\)::text\\) AND \\(resource_id = c\\.resource_id\\)\\)")
                .doesNotContain("Join Filter");
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
}
