package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.nxtnd.hub.store.EntityMappingRepository.SyncedPair;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One record to write to WooCommerce, travelling through route woo-batch-writer: aggregated with others of the same
 * resource into one /batch call, then told how it went. With {@code pairOf}, the pair to store for the saved record:
 * the pairs of one /batch call are stored together before {@code onSaved} hears of them.
 */
public record WooWrite(String resource, String action, JsonNode payload, Function<JsonNode, SyncedPair> pairOf,
                       Consumer<JsonNode> onSaved, BiConsumer<String, String> onFailed, BatchTracker tracker) {

    /** A write whose {@code onSaved} stores what it needs itself. */
    public WooWrite(String resource, String action, JsonNode payload, Consumer<JsonNode> onSaved,
                    BiConsumer<String, String> onFailed, BatchTracker tracker) {
        this(resource, action, payload, null, onSaved, onFailed, tracker);
    }

    /** Items per /batch call for this run's writes (the request's batchSize, else WOOCOMMERCE_BATCH_SIZE). */
    public int batchSize() {
        return tracker.batchSize();
    }
}
