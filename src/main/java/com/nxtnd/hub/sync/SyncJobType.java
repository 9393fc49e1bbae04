package com.nxtnd.hub.sync;

import java.util.Arrays;
import java.util.List;

/**
 * The job types of the seed's API ({@code queueBatchSync('full_sync', {...})}): each fixes what a queued job does
 * beyond the request's own fields. Stored as wc_batch_jobs.job_type.
 */
public enum SyncJobType {
    /** Every record of the given entities, both ways unless the request names a direction. */
    FULL_SYNC("full_sync"),
    /** Only what changed since the stored watermarks and cursors. */
    INCREMENTAL_SYNC("incremental_sync"),
    /** NXT-ND's available stock written to WooCommerce's stock_quantity (push of inventory only). */
    INVENTORY_SYNC("inventory_sync");

    private final String wire;

    SyncJobType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static SyncJobType of(String wire) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(wire)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("type: unknown job type '" + wire + "' (use "
                        + String.join(", ", Arrays.stream(values()).map(SyncJobType::wire).toList()) + ")"));
    }

    /** The request this type runs, from the caller's fields (null when not given). */
    public SyncRequest request(String direction, List<String> entityTypes, Boolean incremental, boolean force,
                               boolean dryRun, Integer batchSize) {
        return switch (this) {
            case FULL_SYNC -> {
                if (Boolean.TRUE.equals(incremental)) {
                    throw new IllegalArgumentException("incremental: a full_sync is not incremental (use incremental_sync)");
                }
                yield new SyncRequest(direction, entityTypes, false, force, dryRun, batchSize);
            }
            case INCREMENTAL_SYNC -> new SyncRequest(direction, entityTypes, true, force, dryRun, batchSize);
            case INVENTORY_SYNC -> {
                if (entityTypes != null && !entityTypes.isEmpty() && !List.of("inventory").equals(entityTypes)) {
                    throw new IllegalArgumentException("entityTypes: an inventory_sync syncs inventory only");
                }
                if (direction != null && !direction.isBlank() && !direction.equals("push")) {
                    throw new IllegalArgumentException("direction: an inventory_sync is a push (NXT-ND's stock to WooCommerce)");
                }
                yield new SyncRequest("push", List.of("inventory"), false, force, dryRun, batchSize);
            }
        };
    }
}
