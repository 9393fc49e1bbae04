package com.nxtnd.hub.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IntakePressureTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final IntakePressure pressure = new IntakePressure(300, now::get);

    @Test
    void aSecondWithFloodRateDeliveriesFloodsTheNextSecond() {
        deliveries(299);
        now.addAndGet(1_000);
        assertThat(pressure.flooded()).isFalse();

        deliveries(300);
        assertThat(pressure.flooded()).as("still counting this second").isFalse();
        now.addAndGet(1_000);
        assertThat(pressure.flooded()).isTrue();
    }

    @Test
    void theFloodEndsWithTheFirstQuieterSecondAndAfterASilentOne() {
        deliveries(500);
        now.addAndGet(1_000);
        assertThat(pressure.flooded()).isTrue();
        deliveries(10);
        now.addAndGet(1_000);
        assertThat(pressure.flooded()).isFalse();

        deliveries(500);
        now.addAndGet(2_000); // nothing at all in the second before
        assertThat(pressure.flooded()).isFalse();
    }

    @Test
    void floodRateZeroNeverFloods() {
        IntakePressure never = new IntakePressure(0, now::get);
        for (int i = 0; i < 10_000; i++) {
            never.received();
        }
        now.addAndGet(1_000);
        assertThat(never.flooded()).isFalse();
    }

    private void deliveries(int count) {
        for (int i = 0; i < count; i++) {
            pressure.received();
        }
    }
}
