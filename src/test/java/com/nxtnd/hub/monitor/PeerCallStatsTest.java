package com.nxtnd.hub.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the clients' hub.peer.calls timer is read: failures, averages, a quantile from the histogram, deltas. */
class PeerCallStatsTest {

    /** the registry the hub runs with: it keeps the histogram buckets */
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final PeerCallStats stats = new PeerCallStats(registry);

    void record(String system, String status, long ms, int times) {
        Timer t = Timer.builder(PeerCallStats.PEER_CALLS).tags("system", system, "operation", "products.list", "status", status)
                .publishPercentileHistogram().register(registry);
        for (int i = 0; i < times; i++) {
            t.record(Duration.ofMillis(ms));
        }
    }

    @Test
    void failuresAreServerErrorsCredentialsRateLimitsAndNoAnswer() {
        for (String ok : new String[] {"200", "201", "304", "400", "404", "409", "success", "OK", "2xx"}) {
            assertThat(PeerCallStats.failed(ok)).as(ok).isFalse();
        }
        for (String bad : new String[] {"500", "503", "401", "403", "429", "timeout", "io_error", "circuit_open", "error"}) {
            assertThat(PeerCallStats.failed(bad)).as(bad).isTrue();
        }
    }

    @Test
    void totalsPerSystemAndTheirDifferenceBetweenTwoReadings() {
        record("woo", "200", 100, 90);
        record("woo", "503", 1000, 10);
        record("nxt", "200", 20, 5);
        Map<String, PeerCallStats.Totals> first = stats.totals();
        assertThat(first.get("woo").calls()).isEqualTo(100);
        assertThat(first.get("woo").errors()).isEqualTo(10);
        assertThat(first.get("woo").avgMs()).isCloseTo(190.0, within(0.5));
        assertThat(first.get("woo").quantileMs(0.5)).isBetween(80.0, 120.0);
        assertThat(first.get("woo").quantileMs(0.95)).isBetween(800.0, 1200.0);
        assertThat(first.get("nxt").calls()).isEqualTo(5);

        record("woo", "200", 2000, 10);
        PeerCallStats.Totals delta = stats.totals().get("woo").minus(first.get("woo"));
        assertThat(delta.calls()).isEqualTo(10);
        assertThat(delta.errors()).isZero();
        assertThat(delta.avgMs()).isCloseTo(2000.0, within(1.0));
        assertThat(delta.quantileMs(0.95)).isBetween(1500.0, 2500.0);
        assertThat(PeerCallStats.Totals.ZERO.avgMs()).isNull();
        assertThat(stats.byOperation().get("woo").get("products.list")).returns(110L, PeerCallStats.OperationCalls::calls)
                .returns(10L, PeerCallStats.OperationCalls::errors);
    }
}
