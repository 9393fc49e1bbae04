package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.nxt.NxtPaths;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * WooCommerce records written to NXT-ND outside a pull, the way a pull writes them: for a reconcile re-creating
 * records NXT-ND lost. A pull itself is the route in routes/pull.camel.yaml; this runs the same step beans
 * (pairs, plan, settle, batch upsert, pairs saved) in plain Java, on records the reconcile already holds.
 */
@Component
public class PullSync {

    private final PullPages pages;
    private final PullPlanner planner;
    private final PullBatches batches;
    private final NxtPaths paths;

    public PullSync(PullPages pages, PullPlanner planner, PullBatches batches, NxtPaths paths) {
        this.paths = paths;
        this.pages = pages;
        this.planner = planner;
        this.batches = batches;
    }

    /**
     * Writes these WooCommerce records to NXT-ND as a pull writes one of its pages: mapped (a variation with its
     * {@code parent} binding), matched to their pairs, only the changed ones upserted in batches of 100, the pairs
     * saved with the NXT-ND ids the batches answer. Counted under {@code <entity>.pull} (created, updated,
     * unchanged, conflicts, errors).
     */
    public void upsertRecords(String entity, List<Map.Entry<JsonNode, Map<String, Object>>> records,
                              SyncRequest request, SyncCounts counts) throws Exception {
        if (!"product".equals(entity) && !"customer".equals(entity)) {
            throw new IllegalArgumentException("no batch upsert for " + entity);
        }
        PullRun run = new PullRun(entity, request, counts, new ArrayList<>(), SyncCheckpoint.START,
                (next, total, size) -> { });
        List<PullItem> items = pages.items(entity, records.stream().map(r -> (Map.Entry<JsonNode, JsonNode>)
                new AbstractMap.SimpleEntry<>(r.getKey(), (JsonNode) r.getValue().get("parent"))).toList());
        if ("customer".equals(entity)) {
            pages.prepareMatcher(run, items);
        }
        PullBatch batch = new PullBatch(run);
        for (PullItem item : items) {
            PullCandidate c = "product".equals(entity) ? planner.product(run, item) : planner.customer(run, item);
            if (c != null) {
                batch.add(c);
            }
            if (batch.size() == NxtClient.MAX_BATCH_ITEMS) {
                write(batch, entity);
                batch = new PullBatch(run);
            }
        }
        write(batch, entity);
    }

    private void write(PullBatch batch, String entity) {
        if (batch.run().dryRun()) {
            batches.plan(batch);
            return;
        }
        batches.upsert(batch, paths.of(entity + "s"), null);
        batches.savePairs(batch);
    }
}
