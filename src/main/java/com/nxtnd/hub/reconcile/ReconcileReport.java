package com.nxtnd.hub.reconcile;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The answer of a reconcile run: its session (wc_sync_sessions, kind {@code reconcile}), status, figures per entity
 * and, for a dry run, the repairs it would make (the first {@link ReconcileRun#PLAN_LIMIT}; {@code planTruncated}
 * says when there were more).
 */
public record ReconcileReport(UUID sessionId, String status, boolean dryRun, Instant startedAt, long durationMs,
                              Map<String, ReconcileFigures> entities, List<ReconcileAction> plan,
                              boolean planTruncated, String error) {
}
