package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One record to write to WooCommerce, travelling through route woo-batch-writer: aggregated with others of the same
 * resource into one /batch call, then told how it went.
 */
public record WooWrite(String resource, String action, JsonNode payload, Consumer<JsonNode> onSaved,
                       BiConsumer<String, String> onFailed, BatchTracker tracker) {

    /** Items per /batch call for this run's writes (the request's batchSize, else WOOCOMMERCE_BATCH_SIZE). */
    public int batchSize() {
        return tracker.batchSize();
    }
}
