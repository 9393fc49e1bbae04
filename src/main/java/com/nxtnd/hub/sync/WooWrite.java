package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.nxtnd.hub.store.EntityMappingRepository.SyncedPair;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One record to write to WooCommerce, travelling through route woo-batch-writer (routes/push.camel.yaml): aggregated
 * with the others of its resource and page into one /batch call, then told how it went. With {@code pairOf}, the pair
 * to store for the saved record: the pairs of one /batch call are stored together before {@code onSaved} hears of
 * them. {@code group} and {@code last} are set by the route (WooWriteGroups): the aggregation key and whether this
 * write closes its group.
 */
public record WooWrite(String resource, String action, JsonNode payload, Function<JsonNode, SyncedPair> pairOf,
                       Consumer<JsonNode> onSaved, BiConsumer<String, String> onFailed, PushRun run, String group,
                       boolean last) {

    public WooWrite(String resource, String action, JsonNode payload, Function<JsonNode, SyncedPair> pairOf,
                    Consumer<JsonNode> onSaved, BiConsumer<String, String> onFailed, PushRun run) {
        this(resource, action, payload, pairOf, onSaved, onFailed, run, null, false);
    }

    /** A write whose {@code onSaved} stores what it needs itself. */
    public WooWrite(String resource, String action, JsonNode payload, Consumer<JsonNode> onSaved,
                    BiConsumer<String, String> onFailed, PushRun run) {
        this(resource, action, payload, null, onSaved, onFailed, run, null, false);
    }

    public WooWrite grouped(String group, boolean last) {
        return new WooWrite(resource, action, payload, pairOf, onSaved, onFailed, run, group, last);
    }

    /** Items per /batch call asked by this write's run; 0 = the route's own size. */
    public int batchSize() {
        return run == null ? 0 : run.batchSize();
    }
}
