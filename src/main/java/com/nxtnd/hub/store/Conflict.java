package com.nxtnd.hub.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** One row of wc_sync_conflicts. Values are canonical (NXT-ND-shaped) records or the conflicting fields of them. */
public record Conflict(long id, String entityType, Long mappingId, Long wooId, String nxtId, String type,
                       List<String> fields, JsonNode baseValues, JsonNode wooValues, JsonNode nxtValues,
                       Instant wooModifiedAt, Instant nxtModifiedAt, String detail, String source, String strategy,
                       String status, String resolution, JsonNode resolvedValues, Instant resolvedAt,
                       String resolvedBy, Instant createdAt) {

    public boolean pending() {
        return "pending".equals(status);
    }
}
