package com.nxtnd.hub.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CallTimeoutTest {

    @Test
    void readsTheFormsApplicationYmlTakes() {
        assertThat(CallTimeout.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(CallTimeout.parse(" 2m ")).isEqualTo(Duration.ofMinutes(2));
        assertThat(CallTimeout.parse("PT45S")).isEqualTo(Duration.ofSeconds(45));
        assertThat(CallTimeout.parse("1500")).isEqualTo(Duration.ofMillis(1500));
        assertThat(CallTimeout.parse("300ms")).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void refusesWhatIsNoTimeoutWithTheValueNamed() {
        assertThatThrownBy(() -> CallTimeout.parse("soon")).hasMessageContaining("'soon'");
        assertThatThrownBy(() -> CallTimeout.parse("0s")).hasMessageContaining("above zero");
        assertThatThrownBy(() -> CallTimeout.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStepsTimeoutsHoldForItsCallsOnItsThreadAndTheReadsItHandsOn() throws Exception {
        Duration setting = Duration.ofSeconds(30);
        assertThat(CallTimeout.of("nxt", setting)).isEqualTo(setting);

        java.util.concurrent.ExecutorService other = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            Duration[] seen = CallTimeout.within(CallTimeout.named("2s", "300ms"), () -> {
                java.util.function.Supplier<Duration> handedOn = CallTimeout.carried(() -> CallTimeout.of("nxt", setting));
                return new Duration[] {CallTimeout.of("woo", setting), CallTimeout.of("nxt", setting),
                    other.submit(() -> CallTimeout.of("nxt", setting)).get(), other.submit(handedOn::get).get()};
            });
            assertThat(seen).containsExactly(Duration.ofSeconds(2), Duration.ofMillis(300),
                    setting, // a thread the step did not hand its work to keeps the setting
                    Duration.ofMillis(300));
        } finally {
            other.shutdown();
        }
        // after the step, and after a step that failed, the setting again
        assertThat(CallTimeout.of("nxt", setting)).isEqualTo(setting);
        assertThatThrownBy(() -> CallTimeout.within(CallTimeout.named("1s", "1s"), () -> {
            throw new IllegalStateException("down");
        })).hasMessage("down");
        assertThat(CallTimeout.of("woo", setting)).isEqualTo(setting);
    }

    @Test
    void aStepNamingNoTimeoutIsRefusedBeforeItRuns() {
        assertThatThrownBy(() -> CallTimeout.named("30s", "soon")).hasMessageContaining("'soon'");
    }
}
