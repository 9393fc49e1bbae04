package com.nxtnd.hub.sync;

import java.util.List;
import java.util.Map;

/** What a sync run does: which way, which entities, full or incremental, forced, dry. */
public record SyncRequest(String direction, List<String> entityTypes, boolean incremental, boolean force,
                          boolean dryRun, Integer batchSize) {

    public static final List<String> ALL = List.of("product", "customer", "order", "inventory");

    /** The seed's API names entities in the plural ({@code ['products', 'customers']}); both forms are taken. */
    private static final Map<String, String> PLURALS = Map.of("products", "product", "customers", "customer",
            "orders", "order");

    public SyncRequest {
        direction = direction == null || direction.isBlank() ? "both" : direction;
        if (!List.of("pull", "push", "both").contains(direction)) {
            throw new IllegalArgumentException("direction must be pull, push or both");
        }
        if (entityTypes != null && entityTypes.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("entityTypes: must not hold null");
        }
        entityTypes = entityTypes == null || entityTypes.isEmpty() ? ALL
                : entityTypes.stream().map(e -> PLURALS.getOrDefault(e, e)).distinct().toList();
        for (String e : entityTypes) {
            if (!ALL.contains(e)) {
                throw new IllegalArgumentException("entityTypes: unknown entity '" + e + "' (use " + ALL
                        + ", or products, customers, orders)");
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
