package com.nxtnd.hub.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IntakePressureTest {

    private static final long MS = 1_000_000;
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final IntakePressure pressure = new IntakePressure(Duration.ofMillis(5), now::get);

    @Test
    void busyWhenDeliveriesWaitedBusyWaitOnAverageInTheLastSecondWhateverTheirRate() {
        deliveries(5_000, 1 * MS); // many, answered at once
        now.addAndGet(1_000);
        assertThat(pressure.busy()).isFalse();

        deliveries(50, 4 * MS);
        deliveries(50, 6 * MS);
        assertThat(pressure.busy()).as("still counting this second").isFalse();
        now.addAndGet(1_000);
        assertThat(pressure.busy()).isTrue();
    }

    @Test
    void noLongerBusyAfterASecondOfShortWaitsOrOneWithoutDeliveries() {
        deliveries(100, 20 * MS);
        now.addAndGet(1_000);
        assertThat(pressure.busy()).isTrue();
        deliveries(100, 1 * MS);
        now.addAndGet(1_000);
        assertThat(pressure.busy()).isFalse();

        deliveries(100, 20 * MS);
        now.addAndGet(2_000); // nothing at all in the second before
        assertThat(pressure.busy()).isFalse();
    }

    @Test
    void busyWaitZeroIsNeverBusy() {
        IntakePressure never = new IntakePressure(Duration.ZERO, now::get);
        never.received(1_000 * MS);
        now.addAndGet(1_000);
        assertThat(never.busy()).isFalse();
    }

    private void deliveries(int count, long waitedNanos) {
        for (int i = 0; i < count; i++) {
            pressure.received(waitedNanos);
        }
    }
}
