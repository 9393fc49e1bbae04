package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nxtnd.hub.mapping.CanonicalRecords;
import com.nxtnd.hub.mapping.MappingService;
import com.nxtnd.hub.store.EntityMappingRepository.SyncedPair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * One planned product or customer write: a line of the dry-run plan, or a {@link WooWrite} for route
 * woo-batch-writer that knows the pair to store and what to count or record when WooCommerce answers.
 */
@Component
public class PushWrites {

    private final MappingService mappings;
    private final CanonicalRecords canonical;
    private final VariationParents parents;
    private final PushErrors errors;

    public PushWrites(MappingService mappings, CanonicalRecords canonical, VariationParents parents, PushErrors errors) {
        this.mappings = mappings;
        this.canonical = canonical;
        this.parents = parents;
        this.errors = errors;
    }

    /** What is known of one NXT-ND record when it is planned. */
    public record Planned(String entity, JsonNode nxtRecord, JsonNode projection, String nxtHash) {
    }

    /** Adds the write to {@code out}, or to the plan in a dry run. */
    public void add(PushRun run, Planned p, String action, ObjectNode body, Long parentId, List<WooWrite> out) {
        String entity = p.entity();
        if (run.dryRun()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("entity", entity);
            item.put("nxtId", p.nxtRecord().path("id").asText());
            item.put("action", action);
            item.put("fields", body.deepCopy());
            run.plan().add(item);
            run.counts().add(entity, "push", "planned");
            return;
        }
        String resource = parentId != null ? "products/" + parentId + "/variations" : entity + "s";
        if (parentId != null) {
            body.remove("status"); // variations have no publish status of their own here
        }
        out.add(new WooWrite(resource, action, body, saved -> pairOf(p, saved, parentId),
                saved -> run.counts().add(entity, "push", "create".equals(action) ? "created" : "updated"),
                (code, message) -> {
                    run.counts().add(entity, "push", "errors");
                    errors.record(entity, p.nxtRecord().path("id").asText(), code, message, body);
                }, run));
    }

    private SyncedPair pairOf(Planned p, JsonNode saved, Long parentId) {
        // a variation as the variations endpoint answers it is named by its options alone: mapped with its parent,
        // as pull, webhooks and reconcile map it, or its pair would look changed in WooCommerce to all of them
        JsonNode wooCanonical = mappings.map(p.entity() + ".woo-to-nxt", saved, parents.bindings(parentId));
        String wooHash = canonical.hash(wooCanonical);
        JsonNode nxtRecord = p.nxtRecord();
        return new SyncedPair(p.entity(), saved.path("id").asLong(), parentId, nxtRecord.path("id").asText(),
                "product".equals(p.entity()) ? nxtRecord.path("sku").asText() : nxtRecord.path("email").asText(),
                wooHash, wooHash, p.nxtHash(), p.projection(), saved, nxtRecord, WooToNxtWriter.wooModified(saved),
                WooToNxtWriter.instant(nxtRecord.path("updatedAt").asText(null)),
                nxtRecord.path("version").isInt() ? nxtRecord.path("version").asInt() : null, "push", "woo");
    }
}
