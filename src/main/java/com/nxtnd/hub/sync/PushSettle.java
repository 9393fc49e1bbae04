package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.nxtnd.hub.conflict.ConflictDetector;
import com.nxtnd.hub.conflict.Detection;
import com.nxtnd.hub.mapping.CanonicalRecords;
import com.nxtnd.hub.mapping.MappingService;
import com.nxtnd.hub.store.EntityMapping;
import com.nxtnd.hub.store.WebhookEventRepository;
import com.nxtnd.hub.woo.WooCommerceClient;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Push's conflict check: the WooCommerce side of changed pairs, and the three-way merge when both sides moved. */
@Component
public class PushSettle {

    private final WooCommerceClient woo;
    private final MappingService mappings;
    private final CanonicalRecords canonical;
    private final WebhookEventRepository events;
    private final ConflictDetector detector;
    private final PairWriter pairWriter;
    private final VariationParents parents;

    public PushSettle(WooCommerceClient woo, MappingService mappings, CanonicalRecords canonical,
                      WebhookEventRepository events, ConflictDetector detector, PairWriter pairWriter,
                      VariationParents parents) {
        this.woo = woo;
        this.mappings = mappings;
        this.canonical = canonical;
        this.events = events;
        this.detector = detector;
        this.pairWriter = pairWriter;
        this.parents = parents;
    }

    /**
     * The WooCommerce state of the pairs whose NXT-ND side changed, for the three-way check: the last record the hub
     * saw (webhooks keep it current), read afresh only for records with a WooCommerce webhook event still waiting in
     * the inbox, so that a push costs no extra call in the common case and never overwrites an edit not yet seen.
     * Variations are checked as products are: those waiting are read under their parent (a products list by ids
     * answers no variations), one {@code include=} read per parent, as the reconcile reads them.
     */
    public Map<Long, JsonNode> currentWoo(String entity, List<JsonNode> records, Map<String, EntityMapping> known) {
        Map<Long, JsonNode> found = new HashMap<>();
        Map<Long, EntityMapping> toCheck = new HashMap<>();
        for (JsonNode record : records) {
            Optional.ofNullable(known.get(record.path("id").asText()))
                    .filter(p -> p.wooId() != null && p.baseSnapshot() != null)
                    .filter(p -> !canonical.nxtHash(entity, record).equals(p.nxtHash()))
                    .ifPresent(p -> toCheck.put(p.wooId(), p));
        }
        if (toCheck.isEmpty()) {
            return found;
        }
        List<Long> unseen = events.waitingFor(entity, toCheck.keySet());
        toCheck.forEach((wooId, p) -> {
            if (!unseen.contains(wooId) && p.wooSnapshot() != null) {
                found.put(wooId, p.wooSnapshot());
            }
        });
        // by the resource they are read from: the entity's list, or a parent's variations
        Map<String, List<Long>> unseenByResource = new LinkedHashMap<>();
        unseen.forEach(id -> {
            Long parent = toCheck.get(id).wooParentId();
            unseenByResource.computeIfAbsent(parent == null ? entity + "s" : "products/" + parent + "/variations",
                    k -> new ArrayList<>()).add(id);
        });
        unseenByResource.forEach((resource, ids) -> woo.listByIds(resource, ids)
                .forEach(w -> found.put(w.path("id").asLong(), w)));
        return found;
    }

    /** Whether WooCommerce changed the pair too since the last sync. */
    public boolean wooMoved(String entity, EntityMapping pair, JsonNode wooCurrent) {
        String wooHash = canonical.hash(mappings.map(entity + ".woo-to-nxt", wooCurrent, parents.bindings(pair.wooParentId())));
        return !wooHash.equals(pair.wooHash());
    }

    /**
     * Both sides changed: the settled NXT-ND record (NXT-ND updated first when WooCommerce's side won a field), or
     * empty when the pair is held for a person.
     */
    public Optional<JsonNode> settle(String entity, EntityMapping pair, JsonNode wooCurrent, JsonNode nxtRecord,
                                     SyncCounts counts) {
        JsonNode wooCanonical = mappings.map(entity + ".woo-to-nxt", wooCurrent, parents.bindings(pair.wooParentId()));
        Detection detection = detector.detect(entity, pair, wooCanonical, WooToNxtWriter.wooModified(wooCurrent),
                nxtRecord, WooToNxtWriter.instant(nxtRecord.path("updatedAt").asText(null)), "batch");
        if (detection.conflicted()) {
            counts.add(entity, "push", "conflicts");
        }
        if (detection.held()) {
            return Optional.empty();
        }
        if (detector.synced(entity, nxtRecord).equals(detection.merged())) {
            return Optional.of(nxtRecord);
        }
        return Optional.of(pairWriter.writeNxt(entity, pair.nxtId(), detection.merged(),
                "push-settle-" + pair.id() + "-" + canonical.hash(detection.merged()).substring(0, 16)));
    }
}
