package com.nxtnd.hub.reconcile;

import java.util.List;

/**
 * What a reconcile run covers: {@code entityTypes} (product, customer; both when empty) and whether it only lists
 * the repairs ({@code dryRun}) instead of making them.
 */
public record ReconcileRequest(Boolean dryRun, List<String> entityTypes) {

    public static final List<String> ENTITIES = List.of("product", "customer");

    public ReconcileRequest {
        if (entityTypes != null) {
            for (String e : entityTypes) {
                if (!ENTITIES.contains(e)) {
                    throw new IllegalArgumentException("entityTypes: '" + e + "' is not one of " + ENTITIES);
                }
            }
        }
    }

    public boolean dry() {
        return Boolean.TRUE.equals(dryRun);
    }

    public List<String> entities() {
        return entityTypes == null || entityTypes.isEmpty() ? ENTITIES
                : ENTITIES.stream().filter(entityTypes::contains).toList();
    }
}
