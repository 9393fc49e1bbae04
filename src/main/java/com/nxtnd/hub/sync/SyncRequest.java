package com.nxtnd.hub.sync;

import java.util.List;

/** What a sync run does: which way, which entities, full or incremental, forced, dry. */
public record SyncRequest(String direction, List<String> entityTypes, boolean incremental, boolean force,
                          boolean dryRun, Integer batchSize) {

    public static final List<String> ALL = List.of("product", "customer", "order", "inventory");

    public SyncRequest {
        direction = direction == null || direction.isBlank() ? "both" : direction;
        if (!List.of("pull", "push", "both").contains(direction)) {
            throw new IllegalArgumentException("direction must be pull, push or both");
        }
        if (entityTypes != null && entityTypes.stream().anyMatch(java.util.Objects::isNull)) { // List.copyOf would throw a NullPointerException
            throw new IllegalArgumentException("entityTypes: must not hold null");
        }
        entityTypes = entityTypes == null || entityTypes.isEmpty() ? ALL : List.copyOf(entityTypes);
        for (String e : entityTypes) {
            if (!ALL.contains(e)) {
                throw new IllegalArgumentException("entityTypes: unknown entity '" + e + "' (use " + ALL + ")");
            }
        }
        if (batchSize != null && (batchSize < 1 || batchSize > 100)) {
            throw new IllegalArgumentException("batchSize must be between 1 and 100");
        }
    }

    public boolean pull() {
        return !direction.equals("push");
    }

    public boolean push() {
        return !direction.equals("pull");
    }
}
