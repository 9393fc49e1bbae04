package com.nxtnd.hub.woo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A /batch answer matched to what was sent: for each sent item, in request order (creates, updates, deletes), the
 * saved record or its error ({@code {"id":0|id,"error":{code,message,data}}} inside the 200).
 */
public record WooBatchResult(List<JsonNode> create, List<JsonNode> update, List<Long> delete, JsonNode answer) {

    /** One sent item and what became of it. */
    public record Item(String action, Object sent, JsonNode result) {

        public boolean failed() {
            return result == null || result.has("error");
        }

        public String errorCode() {
            return result == null ? "missing_result" : result.path("error").path("code").asText(null);
        }

        public String errorMessage() {
            return result == null ? "WooCommerce returned no result for this item"
                    : result.path("error").path("message").asText(null);
        }

        /** The item's error as an exception (status from {@code error.data.status}); null when it succeeded. */
        public WooApiException error() {
            if (!failed()) {
                return null;
            }
            if (result == null) {
                return new WooApiException(0, errorCode(), errorMessage(), null, 0);
            }
            return WooApiException.fromBody(0, result.path("error"), 0, action);
        }
    }

    public List<Item> items() {
        List<Item> items = new ArrayList<>();
        add(items, "create", create);
        add(items, "update", update);
        add(items, "delete", delete);
        return items;
    }

    public List<Item> succeeded() {
        return items().stream().filter(item -> !item.failed()).toList();
    }

    public List<Item> failed() {
        return items().stream().filter(Item::failed).toList();
    }

    private void add(List<Item> items, String action, List<?> sent) {
        if (sent == null) {
            return;
        }
        JsonNode results = answer.path(action);
        for (int i = 0; i < sent.size(); i++) {
            items.add(new Item(action, sent.get(i), i < results.size() ? results.get(i) : null));
        }
    }
}
