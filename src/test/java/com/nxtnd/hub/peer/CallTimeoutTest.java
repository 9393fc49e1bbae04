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
}
