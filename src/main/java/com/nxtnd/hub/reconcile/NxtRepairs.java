package com.nxtnd.hub.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.store.EntityMappingRepository;
import com.nxtnd.hub.store.ErrorLogRepository;
import com.nxtnd.hub.sync.PullSync;
import com.nxtnd.hub.sync.SyncCounts;
import com.nxtnd.hub.sync.SyncRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The writes a reconcile makes to NXT-ND for the pairs neither pass saw, 100 at a time: records gone from
 * WooCommerce deactivated through {@code POST /{entity}/batch}, records gone from NXT-ND created again through the
 * pull's own batch upserts ({@link PullSync#upsertRecords}), which point the pairs at the new NXT-ND ids. A batch
 * holds at most 100 of each, so memory stays bounded however much is broken.
 */
@Component
public class NxtRepairs {

    private final NxtClient nxt;
    private final PullSync pull;
    private final ReconcilePairs reconcilePairs;
    private final EntityMappingRepository pairs;
    private final ErrorLogRepository errors;

    public NxtRepairs(NxtClient nxt, PullSync pull, ReconcilePairs reconcilePairs, EntityMappingRepository pairs,
                      ErrorLogRepository errors) {
        this.nxt = nxt;
        this.pull = pull;
        this.reconcilePairs = reconcilePairs;
        this.pairs = pairs;
        this.errors = errors;
    }

    /** The repairs of one entity in one run; {@link Batch#flush} at the end writes what is left. */
    Batch open(ReconcileRun run, String entity) {
        return new Batch(run, entity);
    }

    /** Repairs gathered until 100 of a kind are waiting, then written in one call. */
    final class Batch {
        private final ReconcileRun run;
        private final String entity;
        private final List<ReconcilePairs.PairIds> gone = new ArrayList<>();
        private final List<Long> lostPairs = new ArrayList<>();
        private final List<Map.Entry<JsonNode, Map<String, Object>>> lost = new ArrayList<>();

        private Batch(ReconcileRun run, String entity) {
            this.run = run;
            this.entity = entity;
        }

        /** Gone from WooCommerce: NXT-ND's record deactivated, the pair marked deleted. */
        void deactivate(ReconcilePairs.PairIds p) {
            if (p.nxtId() == null) {
                pairs.markStatus(p.id(), "deleted");
                run.count(entity, "deactivated");
                return;
            }
            gone.add(p);
            if (gone.size() >= NxtClient.MAX_BATCH_ITEMS) {
                writeDeactivations();
            }
        }

        /** Gone from NXT-ND: created again there from its WooCommerce record (a variation with its parent). */
        void recreate(ReconcilePairs.PairIds p, JsonNode wooRecord, JsonNode parent) throws Exception {
            lostPairs.add(p.id());
            lost.add(Map.entry(wooRecord, parent == null ? Map.of() : Map.of("parent", parent)));
            if (lost.size() >= NxtClient.MAX_BATCH_ITEMS) {
                writeRecreations();
            }
        }

        void flush() throws Exception {
            writeDeactivations();
            writeRecreations();
        }

        private void writeDeactivations() {
            if (gone.isEmpty()) {
                return;
            }
            List<String> ids = gone.stream().map(ReconcilePairs.PairIds::nxtId).toList();
            String key = "reconcile-" + entity + "-gone-"
                    + UUID.nameUUIDFromBytes(String.join(",", ids).getBytes(StandardCharsets.UTF_8));
            JsonNode answered = nxt.batchUpsert(entity + "s", List.of(), ids, key).path("deactivated");
            Map<String, JsonNode> byId = new HashMap<>();
            answered.forEach(d -> byId.put(d.isTextual() ? d.asText() : d.path("id").asText(), d));
            for (ReconcilePairs.PairIds p : gone) {
                JsonNode d = byId.get(p.nxtId());
                if (d != null && (!d.has("error") || notFound(d.path("error")))) { // already gone there too: fine
                    pairs.markStatus(p.id(), "deleted");
                    run.count(entity, "deactivated");
                } else { // the pair stays live: the next run tries again
                    run.count(entity, "errors");
                    recordError(p, d == null ? "NXT-ND answered nothing for this deactivation" : d.path("error").toString());
                }
            }
            gone.clear();
        }

        private void writeRecreations() throws Exception {
            if (lost.isEmpty()) {
                return;
            }
            // forgotten first, or the pull would take each record for unchanged and write nothing
            reconcilePairs.forgetSyncedContent(lostPairs);
            SyncCounts counts = new SyncCounts();
            pull.upsertRecords(entity, lost, new SyncRequest("pull", List.of(entity), false, false, false, null), counts);
            run.count(entity, "createdInNxt", counts.get(entity, "pull", "created"));
            run.count(entity, "repaired", counts.get(entity, "pull", "updated")); // was there after all, now written
            run.count(entity, "inStep", counts.get(entity, "pull", "unchanged"));
            run.count(entity, "flagged", counts.get(entity, "pull", "conflicts"));
            run.count(entity, "errors", counts.get(entity, "pull", "errors"));
            lost.clear();
            lostPairs.clear();
        }

        private void recordError(ReconcilePairs.PairIds p, String message) {
            errors.record(new ErrorLogRepository.NewError("nxt", "BATCH_ITEM", "reconcile", "/" + entity + "s/batch",
                    entity, "nxt:" + p.nxtId(), message, null, null, null, 1));
        }
    }

    private static boolean notFound(JsonNode error) {
        return error.path("status").asInt() == 404 || "NOT_FOUND".equals(error.path("code").asText());
    }
}
