package com.nxtnd.hub.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** One row of wc_entity_mapping: which WooCommerce record is which NXT-ND record, and their last synced state. */
public record EntityMapping(long id, String entityType, Long wooId, Long wooParentId, String nxtId, String matchKey,
                            String contentHash, String wooHash, String nxtHash, JsonNode baseSnapshot,
                            JsonNode wooSnapshot, JsonNode nxtSnapshot, Instant wooModifiedAt, Instant nxtModifiedAt,
                            Integer nxtVersion, String syncStatus, String lastDirection, String lastWrittenTo,
                            Instant syncedAt) {
}
