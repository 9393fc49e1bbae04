package com.nxtnd.hub.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nxtnd.hub.HubIntegrationTest;
import com.nxtnd.hub.RouteFileEdit;
import com.nxtnd.hub.nxt.NxtApiException;
import com.nxtnd.hub.peer.HubPeers;
import com.nxtnd.hub.peer.PeerUnavailableException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Route webhook-batch's breaker (id webhook-apply-breaker) is declared in routes/webhook-inbox.camel.yaml with
 * NXT-ND's settings as placeholders: Camel makes it in the hub's registry, and an edit of the file changes it live.
 * HubIntegrationTest sets hub.peers.nxt.minimum-calls=5, window-size=10, open-wait=2s.
 */
class InboxBreakerTest extends HubIntegrationTest {

    private static final String BREAKER = "webhook-apply-breaker";

    @Autowired
    CircuitBreakerRegistry registry;
    @Autowired
    HubPeers peers;
    @Autowired
    CamelContext camel;

    private CircuitBreakerConfig config() {
        Optional<CircuitBreaker> breaker = registry.find(BREAKER);
        assertThat(breaker).as("breaker " + BREAKER + " in the hub's registry").isPresent();
        return breaker.get().getCircuitBreakerConfig();
    }

    @Test
    void theRouteFilesBreakerTakesNxtSettingsAndCountsOnlyAnUnavailablePeer() {
        CircuitBreakerConfig config = config();
        CircuitBreakerConfig nxt = peers.nxt().breaker();
        assertThat(config.getMinimumNumberOfCalls()).isEqualTo(nxt.getMinimumNumberOfCalls()).isEqualTo(5);
        assertThat(config.getSlidingWindowSize()).isEqualTo(nxt.getSlidingWindowSize()).isEqualTo(10);
        assertThat(config.getFailureRateThreshold()).isEqualTo(nxt.getFailureRateThreshold());
        assertThat(config.getPermittedNumberOfCallsInHalfOpenState())
                .isEqualTo(nxt.getPermittedNumberOfCallsInHalfOpenState());
        assertThat(config.getWaitIntervalFunctionInOpenState().apply(1)).isEqualTo(Duration.ofSeconds(2).toMillis());
        assertThat(config.isAutomaticTransitionFromOpenToHalfOpenEnabled()).isTrue();

        // what the applier throws when NXT-ND is unwell counts; bad data and 429 pacing do not
        assertThat(config.getRecordExceptionPredicate().test(PeerUnavailableException.ifUnavailable(
                new NxtApiException(503, "unavailable", "down", null)))).isTrue();
        assertThat(config.getRecordExceptionPredicate().test(PeerUnavailableException.ifUnavailable(
                new NxtApiException(429, "rate_limited", "slow down", null)))).isFalse();
        assertThat(config.getRecordExceptionPredicate().test(PeerUnavailableException.ifUnavailable(
                new NxtApiException(400, "invalid", "bad price", null)))).isFalse();
        assertThat(config.getRecordExceptionPredicate().test(new IllegalStateException("a bug"))).isFalse();
    }

    @Test
    void anEditOfTheBreakerInTheRouteFileAppliesWithoutARestart() throws Exception {
        try (RouteFileEdit edit = RouteFileEdit.of(ROUTES_COPY, "webhook-inbox.camel.yaml")) {
            edit.replace("minimumNumberOfCalls: \"{{hub.peers.nxt.minimum-calls:10}}\"", "minimumNumberOfCalls: \"8\"");
            await().atMost(Duration.ofSeconds(30)).until(() -> registry.find(BREAKER)
                    .map(b -> b.getCircuitBreakerConfig().getMinimumNumberOfCalls() == 8).orElse(false)
                    && camel.getRouteController().getRouteStatus("webhook-batch").isStarted());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> registry.find(BREAKER)
                .map(b -> b.getCircuitBreakerConfig().getMinimumNumberOfCalls() == 5).orElse(false)
                && camel.getRoute("webhook-batch") != null
                && camel.getRouteController().getRouteStatus("webhook-batch").isStarted());
    }
}
