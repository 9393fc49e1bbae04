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
 * them. {@code group}, {@code last} and {@code page} are set by the route (WooWriteGroups): the aggregation key,
 * whether this write closes its group, and the writes its caller waits for.
 */
public record WooWrite(String resource, String action, JsonNode payload, Function<JsonNode, SyncedPair> pairOf,
                       Consumer<JsonNode> onSaved, BiConsumer<String, String> onFailed, PushRun run, String group,
                       boolean last, PageWrites page) {

    public WooWrite(String resource, String action, JsonNode payload, Function<JsonNode, SyncedPair> pairOf,
                    Consumer<JsonNode> onSaved, BiConsumer<String, String> onFailed, PushRun run) {
        this(resource, action, payload, pairOf, onSaved, onFailed, run, null, false, null);
    }

    /** A write whose {@code onSaved} stores what it needs itself. */
    public WooWrite(String resource, String action, JsonNode payload, Consumer<JsonNode> onSaved,
                    BiConsumer<String, String> onFailed, PushRun run) {
        this(resource, action, payload, null, onSaved, onFailed, run, null, false, null);
    }

    public WooWrite grouped(String group, boolean last, PageWrites page) {
        return new WooWrite(resource, action, payload, pairOf, onSaved, onFailed, run, group, last, page);
    }

    /** Items per /batch call asked by this write's run; 0 = the route's own size. */
    public int batchSize() {
        return run == null ? 0 : run.batchSize();
    }
}
