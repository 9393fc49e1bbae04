package com.nxtnd.hub.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The error log over a window: totals, counts by system, type, route and status, and per hour and system. */
public record ErrorStats(long total, long open, Map<String, Long> bySystem, Map<String, Long> byType,
                         Map<String, Long> byRoute, Map<String, Long> byStatus, List<Hour> overTime) {

    public record Hour(Instant hour, String system, long count) {
    }
}
