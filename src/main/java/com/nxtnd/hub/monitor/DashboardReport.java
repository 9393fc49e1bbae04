package com.nxtnd.hub.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Every figure the /dashboard page shows, over the last 24 h, with its chart series. */
public record DashboardReport(Instant generatedAt, long refreshSeconds, String window, DashboardSync sync,
                              DashboardWebhooks webhooks, DashboardConflicts conflicts, SystemHealth system,
                              StockDrift stock, DashboardAlerts alerts, List<ChartSeries> charts) {

    /** Sync sessions in the window, the recent ones, records per result, the last sync per entity and direction. */
    public record DashboardSync(long sessions, long completed, long failed, Double successRate, Long avgDurationMs,
                                SessionSummary lastRun, List<SessionSummary> recent, Map<String, Long> records,
                                Map<String, Map<String, StoreQueries.LastSync>> lastSync) {
    }

    /** One sync session, running or finished, with its counts per entity, direction and result. */
    public record SessionSummary(String id, String kind, String direction, String status, Boolean dryRun,
                                 Instant startedAt, Instant finishedAt, Long durationMs, JsonNode counts, String error) {
    }

    /**
     * Webhook events in the window, the inbox now (pending, failed), processing times and rejections by reason;
     * superseded: closed unapplied in the window, a newer pending event of the same record was applied instead.
     */
    public record DashboardWebhooks(long received, long rejected, long duplicates, long processed, long failed,
                                    double perHour, long pending, long failedTotal, Long latencyMsP50,
                                    Long latencyMsP95, Map<String, Long> rejectedByReason, long superseded) {
    }

    /** Conflicts in the window and the oldest pending ones, for the resolve buttons. */
    public record DashboardConflicts(long pending, long created, long resolved, long autoResolved,
                                     Double autoResolutionRate, List<PendingConflict> items) {
    }

    public record PendingConflict(Long id, String entityType, Long wooId, String nxtId, String type,
                                  List<String> fields, JsonNode baseValues, JsonNode wooValues, JsonNode nxtValues,
                                  String detail, String strategy, Instant createdAt) {
    }

    /** Services, breakers, errors in the window and the peers' call figures. */
    public record SystemHealth(String status, ServiceStates services, List<CircuitBreakerStates.State> circuits,
                               DashboardErrors errors, Map<String, ApiFigures> api) {
    }

    public record DashboardErrors(long total, Map<String, Long> bySystem, long open, Double errorRate,
                                  Map<String, Long> byType) {
    }

    /** The last stock reconciliation: products drifting, in step and fixed; drift 0 before the first. */
    public record StockDrift(long drift, long threshold, Long inStep, Long fixed, Instant lastReconciledAt) {
    }

    public record DashboardAlerts(List<StoredAlerts.Alert> active, List<StoredAlerts.Alert> recentlyResolved) {
    }
}
