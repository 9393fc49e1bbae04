package com.nxtnd.hub.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.nxtnd.hub.HubIntegrationTest;
import com.nxtnd.hub.RouteFileEdit;
import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.peer.PeerGuards;
import com.nxtnd.hub.sandbox.FaultSettings;
import com.nxtnd.hub.sandbox.SandboxTrafficRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Operator story (issue 18): the peers' breakers take their settings from routes/peer-breakers.camel.yaml, and an edit
 * of the running hub's file applies without a restart. HubIntegrationTest binds hub.peers.nxt.minimum-calls=5, so one
 * NXT-ND read that fails four times (the attempt and three retries) leaves nxt-read closed; with '3' written in the file
 * the same read opens it. A value that is none is refused and kept in the error store under the route.
 */
class PeerBreakersStoryTest extends HubIntegrationTest {

    @Autowired
    PeerGuards guards;
    @Autowired
    NxtClient nxt;
    @Autowired
    SandboxTrafficRegistry traffic;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void anEditOfAPeersBreakerInTheRouteFileAppliesWithoutARestart() throws Exception {
        String named = "'{{hub.peers.nxt.minimum-calls:10}}'";
        assertThat(minimumCalls()).as("as bound: the file names the same setting").isEqualTo(5);
        assertThat(failingReadOpensTheBreaker()).as("four failures of at least five: still closed").isFalse();
        try (RouteFileEdit edit = RouteFileEdit.of(ROUTES_COPY, "peer-breakers.camel.yaml")) {
            edit.replace(named, "'3'");
            await().atMost(Duration.ofSeconds(30)).until(() -> minimumCalls() == 3);
            assertThat(guards.isOpen("nxt-read")).as("made anew, closed").isFalse();
            assertThat(failingReadOpensTheBreaker()).as("three failures of at least three: open").isTrue();

            // a broken edit: refused with the value named, the breakers keep what they had
            long before = stored();
            edit.replace(named, "'many'");
            await().atMost(Duration.ofSeconds(30)).until(() -> stored() > before);
            assertThat(jdbc.queryForObject("select message from wc_error_log where route_id = 'peer-breakers' "
                    + "order by id desc limit 1", String.class))
                    .contains("hub.peers.nxt.minimum-calls must be a whole number, not 'many'");
            assertThat(minimumCalls()).isEqualTo(3);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> minimumCalls() == 5);
        assertThat(guards.isOpen("nxt-read")).isFalse();
    }

    /** One NXT-ND read against a sandbox answering 503 to everything: whether it left nxt-read open. */
    private boolean failingReadOpensTheBreaker() {
        guards.nxt().breaker(false).reset();
        traffic.nxt().setFaults(new FaultSettings(0, 0, 0, 1.0, 503, 0, 1, false, false));
        try {
            assertThatThrownBy(() -> nxt.get("products", "no-such-product"));
            return guards.isOpen("nxt-read");
        } finally {
            traffic.nxt().setFaults(FaultSettings.NONE);
        }
    }

    private int minimumCalls() {
        return guards.nxt().breaker(false).getCircuitBreakerConfig().getMinimumNumberOfCalls();
    }

    private long stored() {
        return jdbc.queryForObject("select count(*) from wc_error_log where route_id = 'peer-breakers'", Long.class);
    }
}
