package com.nxtnd.hub.monitor;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Totals over a period from the store, and the metric snapshots folded into buckets of bucketSeconds. */
public record AnalyticsReport(String period, Instant from, Instant to, long bucketSeconds, AnalyticsTotals totals,
                              List<ChartSeries> series) {

    public record AnalyticsTotals(AnalyticsSync sync, AnalyticsWebhooks webhooks, AnalyticsConflicts conflicts,
                                  AnalyticsErrors errors, Map<String, ApiFigures> api, AnalyticsAlerts alerts) {
    }

    /** Sessions finished in the period; records per entity, direction and result. */
    public record AnalyticsSync(long sessions, long completed, long failed, Double successRate, Long avgDurationMs,
                                Long maxDurationMs, Map<String, Map<String, Map<String, Long>>> records) {
    }

    /** superseded: closed unapplied, a newer pending event of the same record was applied instead. */
    public record AnalyticsWebhooks(long received, long rejected, long duplicates, long processed, long failed,
                                    Long latencyMsP50, Long latencyMsP95, long superseded) {
    }

    /** Conflicts in the period; pending is now. */
    public record AnalyticsConflicts(long created, long resolved, long autoResolved, Double autoResolutionRate,
                                     Double conflictRate, long pending) {
    }

    public record AnalyticsErrors(long total, Double errorRate, Map<String, Long> bySystem, Map<String, Long> byType) {
    }

    /** Alerts raised in the period, per condition kind; active is now. */
    public record AnalyticsAlerts(long raised, Map<String, Long> byCondition, long active) {
    }
}
