package com.nxtnd.hub.woo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One page of a WooCommerce list: its items, its number, and the totals from X-WP-TotalPages / X-WP-Total
 * ({@code -1} when WooCommerce sent no such header).
 */
public record WooPage(List<JsonNode> items, int page, int totalPages, long total) {

    /** Whether a page after this one may hold items. */
    public boolean hasNext(int perPage) {
        if (items.isEmpty()) {
            return false;
        }
        return totalPages >= 0 ? page < totalPages : items.size() >= perPage;
    }
}
