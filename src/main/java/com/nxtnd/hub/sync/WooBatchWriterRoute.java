package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.nxtnd.hub.store.EntityMappingRepository;
import com.nxtnd.hub.store.EntityMappingRepository.SyncedPair;
import com.nxtnd.hub.woo.WooBatchResult;
import com.nxtnd.hub.woo.WooCommerceClient;
import com.nxtnd.hub.woo.WooCommerceProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AggregationStrategies;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * route woo-batch-writer: WooWrites are aggregated per resource into groups of WOOCOMMERCE_BATCH_SIZE (or whatever
 * arrived within 250 ms), and each group becomes one /batch call; hub.sync.concurrency groups are in flight at once.
 * Per-item outcomes inside the 200 go back to each write.
 */
@Component
public class WooBatchWriterRoute extends RouteBuilder {

    public static final String ENDPOINT = "direct:woo-batch-writer";
    static final String RESOURCE = "hubWooResource";
    static final String BATCH_SIZE = "hubWooBatchSize";

    private final WooCommerceClient woo;
    private final WooCommerceProperties wooProperties;
    private final SyncProperties syncProperties;
    private final EntityMappingRepository pairs;

    public WooBatchWriterRoute(WooCommerceClient woo, WooCommerceProperties wooProperties, SyncProperties syncProperties,
                               EntityMappingRepository pairs) {
        this.pairs = pairs;
        this.woo = woo;
        this.wooProperties = wooProperties;
        this.syncProperties = syncProperties;
    }

    @Override
    public void configure() {
        ExecutorService inFlight = getContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "woo-batch-writer", syncProperties.concurrency());
        from(ENDPOINT).routeId("woo-batch-writer")
                .setHeader(RESOURCE, simple("${body.resource}"))
                .process(exchange -> {
                    int requested = exchange.getMessage().getBody(WooWrite.class).batchSize();
                    exchange.getMessage().setHeader(BATCH_SIZE, requested > 0 ? requested : wooProperties.batchSize());
                })
                // one group per resource and batch size, so runs asking for different sizes never share a call
                .aggregate(simple("${header." + RESOURCE + "}|${header." + BATCH_SIZE + "}"), AggregationStrategies.groupedBody())
                    .completionSize(header(BATCH_SIZE))
                    .completionTimeout(250)
                    .parallelProcessing().executorService(inFlight)
                    .process(this::writeBatch)
                .end();
    }

    @SuppressWarnings("unchecked")
    void writeBatch(Exchange exchange) {
        List<WooWrite> writes = exchange.getMessage().getBody(List.class);
        String resource = writes.get(0).resource();
        List<WooWrite> creates = new ArrayList<>();
        List<WooWrite> updates = new ArrayList<>();
        for (WooWrite w : writes) {
            ("create".equals(w.action()) ? creates : updates).add(w);
        }
        try {
            WooBatchResult result = woo.batch(resource, creates.stream().map(WooWrite::payload).toList(),
                    updates.stream().map(WooWrite::payload).toList(), null);
            List<WooBatchResult.Item> items = result.items();
            List<WooWrite> ordered = new ArrayList<>(creates);
            ordered.addAll(updates);
            List<Saved> toStore = new ArrayList<>();
            for (int i = 0; i < ordered.size(); i++) {
                WooWrite w = ordered.get(i);
                WooBatchResult.Item item = items.get(i);
                if (item.failed() || w.pairOf() == null) {
                    report(w, item.failed(), item.errorCode(), item.errorMessage(), item.result());
                    continue;
                }
                try {
                    toStore.add(new Saved(w, item.result(), w.pairOf().apply(item.result())));
                } catch (RuntimeException e) {
                    report(w, true, "hub_error", e.getMessage(), null);
                }
            }
            storeTogether(toStore);
        } catch (RuntimeException e) {
            if (SyncService.peerUnavailable(e)) {
                // WooCommerce is down or behind an open breaker: the run stops and resumes, these writes included
                for (WooWrite w : writes) {
                    w.tracker().peerUnavailable(e);
                    w.tracker().finished();
                }
                return;
            }
            // the whole call failed after its retries: every write in it is failed, none silently dropped
            for (WooWrite w : writes) {
                try {
                    w.onFailed().accept("batch_failed", e.getMessage());
                } finally {
                    w.tracker().finished();
                }
            }
        }
    }

    /** A write WooCommerce saved, with the pair to store for it. */
    private record Saved(WooWrite write, JsonNode record, SyncedPair pair) {
    }

    /** The pairs of one call, stored in one go; a store that fails fails those writes (WooCommerce has them). */
    private void storeTogether(List<Saved> saved) {
        if (saved.isEmpty()) {
            return;
        }
        try {
            pairs.saveAll(saved.stream().map(Saved::pair).toList());
        } catch (RuntimeException e) {
            saved.forEach(s -> report(s.write(), true, "hub_error",
                    "saved in WooCommerce, but not stored in the mapping: " + e.getMessage(), null));
            return;
        }
        saved.forEach(s -> report(s.write(), false, null, null, s.record()));
    }

    private static void report(WooWrite w, boolean failed, String code, String message, JsonNode result) {
        try {
            if (failed) {
                w.onFailed().accept(code, message);
            } else {
                w.onSaved().accept(result);
            }
        } catch (RuntimeException e) {
            w.onFailed().accept("hub_error", e.getMessage());
        } finally {
            w.tracker().finished();
        }
    }
}
