package com.nxtnd.hub.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.nxtnd.hub.HubIntegrationTest;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The stop a SIGTERM starts (Spring's shutdown hook stops the lifecycle beans, OrderlyShutdown first), while the
 * inbox works through a backlog of 100,000 events: done well within 10 s, no event left {@code processing}, the
 * database still there until Camel has stopped, and what was not done left for the next start to claim.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS) // Camel is stopped here
class CleanStopTest extends HubIntegrationTest {

    static final int BACKLOG = 100_000;

    @Autowired
    OrderlyShutdown shutdown;
    @Autowired
    DeliveryGate gate;
    @Autowired
    CamelContext camel;
    @Autowired
    JdbcTemplate jdbc;

    long count(String where) {
        return jdbc.queryForObject("select count(*) from wc_webhook_events where " + where, Long.class);
    }

    @Test
    void aStopWithABacklogIsQuickLeavesNothingProcessingAndTheNextStartResumes() throws Exception {
        // a webhook flood of distinct products: one record's deliveries would collapse into its newest at the first
        // claim (superseded), and no backlog would be left to stop with
        jdbc.update("""
                insert into wc_webhook_events (delivery_id, webhook_id, source, topic, resource, event, resource_id,
                    date_modified_gmt, dedupe_key, payload, content_type, signature_status)
                select 'd' || g, '1', 'http://127.0.0.1/', 'product.updated', 'product', 'updated', 1000000 + g,
                    now() at time zone 'utc', 'backlog-' || g,
                    convert_to('{"id":' || (1000000 + g) || ',"type":"simple","status":"publish","sku":"CLEAN-'
                        || g || '","name":"Backlog ' || g || '","regular_price":"5.00"}',
                        'UTF8'), 'application/json', 'valid'
                from generate_series(1, ?) g""", BACKLOG);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> count("status = 'processing'") > 0 && count("status in ('processed', 'echo')") > 0);

        long t0 = System.nanoTime();
        shutdown.stop();
        long stopMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(stopMs).isLessThan(10_000);
        assertThat(gate.isClosed()).isTrue();
        assertThat(camel.isStopped()).isTrue();
        assertThat(count("status = 'processing'")).isZero(); // the database is still up: it stops last
        long done = count("status in ('processed', 'echo', 'failed', 'duplicate')");
        assertThat(count("status = 'pending'")).isGreaterThan(BACKLOG / 2);

        // what the next start's inbox claims: every unfinished event pending, unlocked and due (a Camel context
        // cannot be started again in this JVM once stopped, its thread pools are gone; a new process claims these)
        assertThat(count("status = 'pending' and (locked_by is not null or next_attempt_at > now() + interval '1 minute')"))
                .isZero();
        assertThat(count("locked_by is not null")).isZero();
        assertThat(done).isPositive();
        jdbc.update("update wc_webhook_events set status = 'processed' where dedupe_key like 'backlog-%'");
    }
}
