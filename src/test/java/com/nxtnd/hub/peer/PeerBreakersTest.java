package com.nxtnd.hub.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** Route peer-breakers' step: what routes/peer-breakers.camel.yaml names becomes the peer's breakers' settings. */
class PeerBreakersTest {

    private final PeerGuards guards = new PeerGuards(HubPeers.defaults(), new SimpleMeterRegistry(), e -> { });
    private final PeerBreakers breakers = new PeerBreakers(guards);

    @Test
    void theSettingsAsBoundChangeNothingAndKeepABreakersState() {
        CircuitBreaker write = guards.nxt().breaker(true);
        write.transitionToOpenState();

        breakers.configure("nxt", "50", "20", "10", "30s", "3");

        assertThat(guards.nxt().breaker(true)).isSameAs(write);
        assertThat(guards.isOpen("nxt-write")).isTrue();
    }

    @Test
    void otherSettingsMakeThePeersBreakersAnewAndLeaveTheOtherPeersAlone() {
        CircuitBreaker wooRead = guards.woo().breaker(false);
        guards.nxt().breaker(false).transitionToOpenState();

        String answer = breakers.configure("nxt", "25", "4", "3", "2s", "1");

        for (boolean writes : new boolean[] {false, true}) {
            var config = guards.nxt().breaker(writes).getCircuitBreakerConfig();
            assertThat(config.getFailureRateThreshold()).isEqualTo(25f);
            assertThat(config.getSlidingWindowSize()).isEqualTo(4);
            assertThat(config.getMinimumNumberOfCalls()).isEqualTo(3);
            assertThat(config.getWaitIntervalFunctionInOpenState().apply(1)).isEqualTo(2000L);
            assertThat(config.getPermittedNumberOfCallsInHalfOpenState()).isEqualTo(1);
        }
        assertThat(guards.isOpen("nxt-read")).as("made anew, closed").isFalse();
        assertThat(guards.registry().circuitBreaker("nxt-read")).isSameAs(guards.nxt().breaker(false));
        assertThat(guards.woo().breaker(false)).isSameAs(wooRead);
        assertThat(answer).contains("minimum calls 3");

        // the guard counts its attempts in the new breaker: three failures of three open it
        for (int i = 0; i < 3; i++) {
            try {
                guards.nxt().attempt("GET", () -> {
                    throw new IllegalStateException("no answer");
                });
            } catch (IllegalStateException expected) {
                // counted
            }
        }
        assertThat(guards.isOpen("nxt-read")).isTrue();
    }

    @Test
    void aValueThatIsNoneIsRefusedWithItsNameAndTheBreakersKeepTheirs() {
        CircuitBreaker write = guards.nxt().breaker(true);

        assertThatThrownBy(() -> breakers.configure("nxt", "50", "20", "many", "30s", "3"))
                .hasMessage("peer-breakers: hub.peers.nxt.minimum-calls must be a whole number, not 'many'");
        assertThatThrownBy(() -> breakers.configure("nxt", "50", "20", "10", "soon", "3"))
                .hasMessageContaining("hub.peers.nxt.open-wait").hasMessageContaining("'soon'");
        assertThatThrownBy(() -> breakers.configure("nxt", "150", "20", "10", "30s", "3"))
                .hasMessageStartingWith("peer-breakers: nxt's breaker settings refused");
        assertThatThrownBy(() -> breakers.configure("erp", "50", "20", "10", "30s", "3"))
                .hasMessageContaining("no peer 'erp'");

        assertThat(guards.nxt().breaker(true)).isSameAs(write);
        assertThat(write.getCircuitBreakerConfig().getMinimumNumberOfCalls()).isEqualTo(10);
    }
}
