package com.nxtnd.hub.nxt;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code POST /{entity}/batch} answer matched to what was sent: per upserted record, in request order, its
 * {@code {"sku"|"customerCode","id","status":"created|updated|unchanged"}} or {@code {..,"error":{...}}}.
 */
public record NxtBatchResult(List<JsonNode> sent, JsonNode data) {

    /** One sent record and what became of it. */
    public record Item(JsonNode sent, JsonNode result) {

        public boolean failed() {
            return result == null || result.has("error");
        }

        /** created, updated or unchanged; null when it failed. */
        public String status() {
            return failed() ? null : result.path("status").asText(null);
        }

        public String id() {
            return result == null ? null : result.path("id").asText(null);
        }

        /** The item's error as an exception (status 0: it came inside the 200); null when it succeeded. */
        public NxtApiException error() {
            if (!failed()) {
                return null;
            }
            if (result == null) {
                return new NxtApiException(0, "MISSING_RESULT", "NXT-ND returned no result for this item", null);
            }
            JsonNode error = result.path("error");
            if (error.isTextual()) {
                return new NxtApiException(0, result.path("code").asText(null), error.asText(), null);
            }
            return new NxtApiException(error.path("status").asInt(0), error.path("code").asText(null),
                    error.path("message").asText(error.toString()),
                    error.path("existingId").asText(error.path("data").path("existingId").asText(null)));
        }
    }

    public List<Item> items() {
        JsonNode results = data.path("upserted");
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            items.add(new Item(sent.get(i), i < results.size() ? results.get(i) : null));
        }
        return items;
    }

    public List<Item> succeeded() {
        return items().stream().filter(item -> !item.failed()).toList();
    }

    public List<Item> failed() {
        return items().stream().filter(Item::failed).toList();
    }

    /** Ids NXT-ND reports as deactivated (items with an error left out). */
    public List<String> deactivated() {
        List<String> ids = new ArrayList<>();
        for (JsonNode d : data.path("deactivated")) {
            if (d.isTextual()) {
                ids.add(d.asText());
            } else if (!d.has("error")) {
                ids.add(d.path("id").asText());
            }
        }
        return ids;
    }

    /** A field of the raw answer ({@code upserted}, {@code deactivated}), for callers that read it directly. */
    public JsonNode path(String field) {
        return data.path(field);
    }
}
