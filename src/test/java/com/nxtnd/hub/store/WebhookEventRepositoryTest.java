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
                + "where locked_by = ? and resource_id not between 7000 and 7999", OWNER);
        jdbc.update("delete from wc_webhook_events where resource_id between 7000 and 7999");
        camel.getRouteController().startRoute("webhook-inbox");
    }

    @Test
    void aClaimTakesOnlyTheEarliestUnfinishedEventOfEachResource() {
        long first = event(7001, "processing");
        long second = event(7001, "pending");
        long other = event(7002, "pending");

        assertThat(claimedHere()).containsExactly(other); // 7001 waits for its event in processing

        events.markDone(first, "processed", 1, "done");
        assertThat(claimedHere()).containsExactly(second);
    }

    @Test
    void aFloodOfDeliveriesDoesNotMakeTheClaimScanEveryUnfinishedEventPerCandidate() {
        // statistics taken while nothing is pending, then a flood: what the planner sees before autovacuum catches up
        jdbc.execute("analyze wc_webhook_events");
        jdbc.update("""
                insert into wc_webhook_events (resource, resource_id, topic, payload, signature_status, status,
                                               next_attempt_at)
                select 'product', 7000 + g % 1000, 'product.updated', '\\x7b7d'::bytea, 'valid', 'pending',
                       now() + interval '1 hour'
                from generate_series(1, 3000) g""");

        String plan = String.join("\n", jdbc.queryForList("explain " + WebhookEventRepository.CLAIM, String.class,
                OWNER, 20));

        // each candidate's resource is looked up through the index of unfinished events, by its key
        assertThat(plan).contains("ix_events_unfinished")
                .containsPattern("Index Cond: \\(\\(resource = \\(c\\.resource\\)::text\\) AND \\(resource_id = c\\.resource_id\\)\\)")
                .doesNotContain("Join Filter");
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
                        / 1000 == 7)
                .toList();
    }
}
