package com.nxtnd.hub.monitor;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * This instance's outbound calls and Camel exchanges as read from Micrometer: the clients' {@code hub.peer.calls}
 * timer (tags system, operation, status) and Camel's route policy counters. Figures are cumulative since start;
 * {@link Totals#minus} gives what happened between two readings.
 */
@Component
public class PeerCallStats {

    public static final String PEER_CALLS = "hub.peer.calls";

    /** A call failed when the peer answered 5xx, 401/403 (credentials), 429, or did not answer (timeout, I/O, open circuit). */
    private static final Pattern SUCCESS = Pattern.compile("(?i)success|ok|2\\d\\d|3\\d\\d|4(0[0-24-9]|[1-9]\\d)|[23]xx|4xx");
    private static final Pattern CLIENT_OK_EXCEPT = Pattern.compile("401|403|429");

    /** Cumulative figures of one system's calls. */
    public record Totals(long calls, long errors, double totalMs, Map<Double, Double> buckets) {

        static final Totals ZERO = new Totals(0, 0, 0, Map.of());

        public Totals minus(Totals earlier) {
            if (earlier == null || earlier.calls > calls) { // first reading, or a restart of the meters
                return this;
            }
            Map<Double, Double> b = new TreeMap<>();
            buckets.forEach((le, n) -> b.put(le, n - earlier.buckets.getOrDefault(le, 0.0)));
            return new Totals(calls - earlier.calls, errors - earlier.errors, totalMs - earlier.totalMs, b);
        }

        public Double avgMs() {
            return calls == 0 ? null : totalMs / calls;
        }

        /** Quantile (ms) interpolated in the histogram buckets; null when there are no calls or no histogram. */
        public Double quantileMs(double q) {
            if (calls == 0 || buckets.isEmpty()) {
                return null;
            }
            double target = q * calls;
            double previousLe = 0;
            double previousCount = 0;
            for (Map.Entry<Double, Double> e : new TreeMap<>(buckets).entrySet()) {
                if (e.getValue() >= target) {
                    double inBucket = e.getValue() - previousCount;
                    double fraction = inBucket <= 0 ? 1 : (target - previousCount) / inBucket;
                    return previousLe + fraction * (e.getKey() - previousLe);
                }
                previousLe = e.getKey();
                previousCount = e.getValue();
            }
            return previousLe; // above the last finite bucket
        }
    }

    private final MeterRegistry registry;

    public PeerCallStats(MeterRegistry registry) {
        this.registry = registry;
    }

    static boolean failed(String status) {
        if (status == null) {
            return false;
        }
        return CLIENT_OK_EXCEPT.matcher(status).matches() || !SUCCESS.matcher(status).matches();
    }

    /** Per system (woo, nxt): cumulative calls, failures, total time and histogram buckets (ms, cumulative counts). */
    public Map<String, Totals> totals() {
        Map<String, Totals> bySystem = new TreeMap<>();
        for (Timer timer : registry.find(PEER_CALLS).timers()) {
            String system = timer.getId().getTag("system");
            if (system == null) {
                continue;
            }
            var snapshot = timer.takeSnapshot();
            Map<Double, Double> buckets = new TreeMap<>();
            for (CountAtBucket c : snapshot.histogramCounts()) {
                if (!Double.isInfinite(c.bucket())) {
                    buckets.put(c.bucket(TimeUnit.MILLISECONDS), c.count());
                }
            }
            long count = timer.count();
            long errors = failed(timer.getId().getTag("status")) ? count : 0;
            Totals t = new Totals(count, errors, timer.totalTime(TimeUnit.MILLISECONDS), buckets);
            bySystem.merge(system, t, PeerCallStats::sum);
        }
        return bySystem;
    }

    /** One operation's calls since start: how many, how many failed, their average time (ms, absent without calls). */
    public record OperationCalls(long calls, long errors, Double avgMs) {
    }

    /** Per system and operation: calls, failures, average ms (for the status API). */
    public Map<String, Map<String, OperationCalls>> byOperation() {
        Map<String, Map<String, long[]>> raw = new TreeMap<>();
        Map<String, Map<String, Double>> time = new TreeMap<>();
        for (Timer timer : registry.find(PEER_CALLS).timers()) {
            String system = timer.getId().getTag("system");
            String operation = String.valueOf(timer.getId().getTag("operation"));
            if (system == null) {
                continue;
            }
            long[] c = raw.computeIfAbsent(system, k -> new TreeMap<>()).computeIfAbsent(operation, k -> new long[2]);
            c[0] += timer.count();
            c[1] += failed(timer.getId().getTag("status")) ? timer.count() : 0;
            time.computeIfAbsent(system, k -> new TreeMap<>()).merge(operation, timer.totalTime(TimeUnit.MILLISECONDS), Double::sum);
        }
        Map<String, Map<String, OperationCalls>> out = new TreeMap<>();
        raw.forEach((system, ops) -> ops.forEach((op, c) -> out.computeIfAbsent(system, k -> new TreeMap<>()).put(op,
                new OperationCalls(c[0], c[1], c[0] == 0 ? null : Math.round(time.get(system).get(op) / c[0] * 10) / 10.0))));
        return out;
    }

    /** Camel exchanges over every route since start: {total, failed}. */
    public long[] camelExchanges() {
        return new long[] {sumCount("camel.exchanges.total"), sumCount("camel.exchanges.failed")};
    }

    private long sumCount(String name) {
        double sum = 0;
        // per route only: Camel also publishes a context-wide total (eventType=context) that would count twice
        for (Meter m : registry.find(name).tag("eventType", "route").meters()) {
            for (Measurement measurement : m.measure()) {
                if (measurement.getStatistic() == Statistic.COUNT) {
                    sum += measurement.getValue();
                }
            }
        }
        return (long) sum;
    }

    private static Totals sum(Totals a, Totals b) {
        Map<Double, Double> buckets = new TreeMap<>(a.buckets());
        b.buckets().forEach((le, n) -> buckets.merge(le, n, Double::sum));
        return new Totals(a.calls() + b.calls(), a.errors() + b.errors(), a.totalMs() + b.totalMs(), buckets);
    }

    static List<String> systems() {
        return List.of("woo", "nxt");
    }
}
