package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.nxtnd.hub.mapping.CanonicalRecords;
import com.nxtnd.hub.mapping.FieldDiff;
import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.peer.CallTimeout;
import com.nxtnd.hub.store.EntityMapping;
import com.nxtnd.hub.store.EntityMappingRepository;
import com.nxtnd.hub.store.EntityMappingRepository.SyncedPair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Batch steps of routes/pull.camel.yaml (bean {@code pullBatches}): a dry run's plan, NXT-ND's batch upsert, the
 * pairs saved with the NXT-ND ids the batch answered (all of a batch in one write), and a failed batch kept on the
 * run. An item NXT-ND refused is counted and stored as an error under the route; the others go on.
 */
@Component("pullBatches")
public class PullBatches {

    private final NxtClient nxt;
    private final CanonicalRecords canonical;
    private final EntityMappingRepository pairs;
    private final PairWriter pairWriter;
    private final PullErrors errors;

    public PullBatches(NxtClient nxt, CanonicalRecords canonical, EntityMappingRepository pairs, PairWriter pairWriter,
                       PullErrors errors) {
        this.nxt = nxt;
        this.canonical = canonical;
        this.pairs = pairs;
        this.pairWriter = pairWriter;
        this.errors = errors;
    }

    /** A dry run: what would be written, with the fields that changed since the last sync. */
    public void plan(PullBatch batch) {
        PullRun run = batch.run();
        for (PullCandidate c : batch.items()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("entity", run.entity());
            item.put("wooId", c.wooId());
            item.put("key", c.key());
            item.put("action", c.pair().isPresent() ? "update" : "create-or-match");
            item.put("changedFields", c.pair().map(p -> FieldDiff.changed(p.baseSnapshot(), c.canonical()))
                    .orElse(List.of()));
            run.plan().add(item);
            run.count("planned");
        }
    }

    /**
     * {@code POST <path>/batch} with the batch's records; {@code path} is the collection's path from the route
     * ({@code {{hub.peers.nxt.paths.products}}}), {@code timeout} each attempt's ({@code {{nxt.read-timeout}}}, see
     * {@link CallTimeout}; null: the client's setting). The Idempotency-Key is the batch's content, so a retried batch is
     * applied once. A run that failed or is over writes nothing more (it is read again when it resumes).
     */
    public void upsert(PullBatch batch, String path, String timeout) {
        if (batch.size() == 0 || !batch.run().writing()) {
            return;
        }
        List<JsonNode> records = batch.items().stream().map(PullCandidate::canonical).toList();
        String key = "pull-" + batch.run().entity() + "-" + canonical.hash(JsonNodeFactory.instance.arrayNode()
                .addAll(batch.items().stream().map(c -> (JsonNode) TextNode.valueOf(c.hash())).toList()));
        batch.results((timeout == null ? nxt.batchUpsertAt(path, records, List.of(), key)
                : nxt.batchUpsertAt(path, records, List.of(), key, CallTimeout.parse(timeout))).path("upserted"));
    }

    /** The pairs of the written records, saved in one write; the outcomes counted. */
    public void savePairs(PullBatch batch) {
        if (batch.size() == 0 || batch.results().isMissingNode()) {
            return;
        }
        PullRun run = batch.run();
        String entity = run.entity();
        List<SyncedPair> synced = new ArrayList<>();
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            PullCandidate c = batch.items().get(i);
            JsonNode result = batch.results().path(i);
            if (result.has("error") || result.isMissingNode()) {
                run.count("errors");
                errors.record("nxt", result.path("error").path("code").asText("BATCH_ITEM"), entity,
                        "/" + entity + "s/batch", "woo:" + c.wooId(),
                        result.path("error").path("message").asText("no result for item"), c.canonical());
                continue;
            }
            SyncedPair pair = pair(entity, c, result);
            synced.add(pair);
            if (run.matcher() != null && c.pair().isEmpty()) { // a second customer with this e-mail finds it
                run.matcher().created(pair.nxtSnapshot());
            }
            outcomes.add(result.path("status").asText("updated"));
        }
        pairs.saveAll(synced);
        outcomes.forEach(run::count);
    }

    private SyncedPair pair(String entity, PullCandidate c, JsonNode result) {
        // NXT-ND merges an upsert into what it had: the record now holds its old fields plus ours
        ObjectNode nxtRecord = c.pair().map(EntityMapping::nxtSnapshot).filter(JsonNode::isObject)
                .map(snapshot -> ((ObjectNode) snapshot).deepCopy()).orElseGet(() -> c.existing() == null
                        ? JsonNodeFactory.instance.objectNode() : ((ObjectNode) c.existing()).deepCopy());
        nxtRecord.setAll((ObjectNode) c.canonical());
        nxtRecord.put("id", result.path("id").asText());
        Long parentId = c.woo().path("parent_id").asLong(0) > 0 ? c.woo().path("parent_id").asLong() : null;
        JsonNode wooNow = c.woo();
        String wooHash = c.hash();
        if (c.writeBack()) { // NXT-ND's side won a field of a merged conflict: WooCommerce gets it too
            wooNow = pairWriter.writeWoo(entity, c.wooId(), parentId, c.canonical());
            wooHash = canonical.hash(pairWriter.wooCanonical(entity, wooNow, parentId));
        }
        return new SyncedPair(entity, c.wooId(), parentId, result.path("id").asText(), c.key(), wooHash, wooHash,
                canonical.nxtHash(entity, nxtRecord), c.canonical(), wooNow, nxtRecord,
                WooToNxtWriter.wooModified(wooNow), null, null, "pull", c.writeBack() ? "woo" : "nxt");
    }

    /** The batch's last step, whatever became of it: the page waiting for its batches may go on. */
    public void settled(PullBatch batch) {
        batch.run().batchSettled(batch.size());
    }

    /** A batch write failed as a whole: kept on the run, whose next checkpoint stops it. */
    public void failed(PullBatch batch, Exception e) {
        batch.run().fail(e);
    }
}
