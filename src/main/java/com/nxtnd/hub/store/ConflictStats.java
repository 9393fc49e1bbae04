package com.nxtnd.hub.store;

import java.util.Map;

/**
 * Conflicts created over a window: how they stand, the share settled by their strategy without a person, and
 * counts by type, entity, strategy and source; pendingOverall counts every pending conflict, whenever created.
 */
public record ConflictStats(long total, long pending, long resolved, long superseded, long autoResolved,
                            double autoResolutionRate, long pendingOverall, Map<String, Long> byType,
                            Map<String, Long> byEntity, Map<String, Long> byStrategy, Map<String, Long> bySource) {
}
