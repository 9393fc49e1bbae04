package com.nxtnd.hub.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class PeerGuardPacingTest {

    @Test
    void aBatchTakingSecondsKeepsItsCallsInFlight() {
        AdaptiveLimiter limiter = limiter();
        for (int i = 0; i < 5; i++) {
            guard(limiter).attempt("POST", true, taking(60));
        }
        assertThat(limiter.limit()).isEqualTo(4);
    }

    @Test
    void aReadAsSlowShrinksThem() {
        AdaptiveLimiter limiter = limiter();
        for (int i = 0; i < 5; i++) {
            guard(limiter).attempt("GET", taking(60));
        }
        assertThat(limiter.limit()).isLessThan(4);
    }

    @Test
    void aBatchPastItsOwnThresholdShrinksThemToo() {
        AdaptiveLimiter limiter = limiter();
        for (int i = 0; i < 5; i++) {
            guard(limiter).attempt("POST", true, taking(250));
        }
        assertThat(limiter.limit()).isLessThan(4);
    }

    /** Thresholds scaled down: a read is slow after 20 ms, a batch after 200 ms. */
    private static AdaptiveLimiter limiter() {
        return new AdaptiveLimiter(4, 1, 4, Duration.ofMillis(20), Duration.ofMillis(200));
    }

    private static PeerGuard guard(AdaptiveLimiter limiter) {
        return new PeerGuard("woo", CircuitBreakerRegistry.ofDefaults(), limiter, new SimpleMeterRegistry(),
                e -> { }, () -> { }, Duration.ofSeconds(5));
    }

    private static Supplier<Long> taking(long millis) {
        return () -> {
            long started = System.nanoTime();
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return System.nanoTime() - started;
        };
    }
}
