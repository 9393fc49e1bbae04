package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.nxtnd.hub.store.EntityMapping;
import java.util.Optional;

/**
 * A pulled record that goes to NXT-ND: its WooCommerce form, the settled canonical record to upsert, its hash and
 * match key, its pair, NXT-ND's current record when known, and whether WooCommerce gets a merged field back.
 */
public record PullCandidate(JsonNode woo, JsonNode canonical, String hash, String key, Optional<EntityMapping> pair,
                            JsonNode existing, boolean writeBack) {

    PullCandidate(JsonNode woo, JsonNode canonical, String hash, String key, Optional<EntityMapping> pair) {
        this(woo, canonical, hash, key, pair, null, false);
    }

    long wooId() {
        return woo.path("id").asLong();
    }

    @Override
    public String toString() {
        return "PullCandidate[woo:" + wooId() + " " + key + "]";
    }
}
