package com.nxtnd.hub.monitor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The series persisted to wc_monitoring_metrics, and how the analytics endpoint folds them into buckets: counts of
 * the interval are summed, gauges (a level at snapshot time) and latencies are averaged.
 */
public final class SnapshotCatalog {

    public enum Kind { COUNT, GAUGE, LATENCY }

    /** name -> kind, in the order the analytics endpoint lists them. */
    public static final Map<String, Kind> SERIES = series();

    /** The series whose last row marks the end of the previous shared snapshot. */
    static final String MARKER = "webhooks.received";

    private SnapshotCatalog() {
    }

    private static Map<String, Kind> series() {
        Map<String, Kind> s = new LinkedHashMap<>();
        s.put("webhooks.received", Kind.COUNT);
        s.put("webhooks.processed", Kind.COUNT);
        s.put("webhooks.rejected", Kind.COUNT);
        s.put("webhooks.duplicates", Kind.COUNT);
        s.put("webhooks.failed", Kind.COUNT);
        s.put("webhooks.pending", Kind.GAUGE);
        s.put("webhooks.latency.p50", Kind.LATENCY);
        s.put("webhooks.latency.p95", Kind.LATENCY);
        s.put("sync.sessions", Kind.COUNT);
        s.put("sync.sessions.failed", Kind.COUNT);
        s.put("sync.duration.avg", Kind.LATENCY);
        s.put("sync.records", Kind.COUNT);            // tag result
        s.put("conflicts.created", Kind.COUNT);
        s.put("conflicts.resolved", Kind.COUNT);
        s.put("conflicts.auto_resolved", Kind.COUNT);
        s.put("conflicts.pending", Kind.GAUGE);
        s.put("errors", Kind.COUNT);                  // tag system
        s.put("errors.open", Kind.GAUGE);
        s.put("jobs.queued", Kind.GAUGE);
        s.put("jobs.running", Kind.GAUGE);
        s.put("alerts.active", Kind.GAUGE);
        s.put("stock.drift", Kind.GAUGE);
        // per hub instance (tag instance)
        s.put("api.calls", Kind.COUNT);               // tag system
        s.put("api.errors", Kind.COUNT);              // tag system
        s.put("api.latency.total_ms", Kind.COUNT);    // tag system: with api.calls gives the true average
        s.put("api.latency.avg", Kind.LATENCY);       // tag system
        s.put("api.latency.p95", Kind.LATENCY);       // tag system
        s.put("camel.exchanges", Kind.COUNT);
        s.put("camel.exchanges.failed", Kind.COUNT);
        s.put("circuits.open", Kind.GAUGE);
        s.put("circuit.state", Kind.GAUGE);           // tag name: 0 closed, 1 half-open, 2 open
        return java.util.Collections.unmodifiableMap(s);
    }
}
