package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.nxtnd.hub.store.EntityMapping;
import java.util.Map;
import java.util.Optional;

/**
 * One WooCommerce record of a pulled page, as the record split hands it on: the record, its variable parent (for a
 * variation) and its pair, read for the whole page at once. {@link #field} is for a route's own conditions, e.g.
 * {@code ${body.field('status')} != 'draft'}.
 */
public record PullItem(JsonNode woo, JsonNode parent, Optional<EntityMapping> pair) {

    public long wooId() {
        return woo.path("id").asLong();
    }

    /** A top-level field of the WooCommerce record as text ("" when absent). */
    public String field(String name) {
        return woo.path(name).asText("");
    }

    /** The bindings the mapping gets: {@code parent} for a variation. */
    Map<String, Object> bindings() {
        return parent == null ? Map.of() : Map.of("parent", parent);
    }

    @Override
    public String toString() {
        return "PullItem[woo:" + wooId() + (parent == null ? "" : " of " + parent.path("id").asLong()) + "]";
    }
}
