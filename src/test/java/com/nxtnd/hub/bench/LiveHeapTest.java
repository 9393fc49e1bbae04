package com.nxtnd.hub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The benchmarks' live heap counts what is held after a full collection and nothing that was let go. */
class LiveHeapTest {

    private static final int MB = 1024 * 1024;

    @Test
    void countsWhatIsHeldAndNotWhatWasLetGo() {
        byte[][] held = new byte[32][];
        for (int i = 0; i < held.length; i++) {
            held[i] = new byte[MB];
        }
        long holding = LiveHeap.afterFullCollection();
        assertThat(holding).isGreaterThanOrEqualTo(32L * MB);
        assertThat(held[31]).hasSize(MB); // held until here

        held = null;
        for (int i = 0; i < 64; i++) {
            garbage = new byte[MB]; // let go at once, collected by the full collection
        }
        garbage = null;
        long after = LiveHeap.afterFullCollection();
        // 32 MB were let go; the margin is for what other tests' hubs in this JVM allocate meanwhile
        assertThat(after).isLessThan(holding - 24L * MB).isPositive();
    }

    private static volatile byte[] garbage;
}
