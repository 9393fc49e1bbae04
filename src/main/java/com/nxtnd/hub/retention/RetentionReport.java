package com.nxtnd.hub.retention;

import java.util.Map;

/**
 * What one clean-up deleted, rows per table, and how long it took.
 *
 * @param deleted rows deleted per table, in the order the rules ran
 * @param millis  wall time of the run
 */
public record RetentionReport(Map<String, Long> deleted, long millis) {

    public long total() {
        return deleted.values().stream().mapToLong(Long::longValue).sum();
    }
}
