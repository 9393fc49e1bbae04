package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nxtnd.hub.mapping.CanonicalRecords;
import com.nxtnd.hub.mapping.MappingService;
import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.store.EntityMapping;
import com.nxtnd.hub.store.EntityMappingRepository;
import com.nxtnd.hub.store.EntityMappingRepository.SyncedPair;
import com.nxtnd.hub.woo.WooCommerceClient;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Writes one settled record (canonical, NXT-ND-shaped) to whichever side does not hold it yet, and stores it as the
 * pair's new base. Used when a conflict was merged or resolved by a person: the result goes to both sides.
 */
@Component
public class PairWriter {

    private final WooCommerceClient woo;
    private final NxtClient nxt;
    private final MappingService mappings;
    private final CanonicalRecords canonical;
    private final EntityMappingRepository pairs;

    public PairWriter(WooCommerceClient woo, NxtClient nxt, MappingService mappings, CanonicalRecords canonical,
                      EntityMappingRepository pairs) {
        this.woo = woo;
        this.nxt = nxt;
        this.mappings = mappings;
        this.canonical = canonical;
        this.pairs = pairs;
    }

    /** The current WooCommerce record of a pair, or empty when it is gone. */
    public Optional<JsonNode> readWoo(String entity, EntityMapping pair) {
        return woo.find(resource(entity, pair.wooParentId()), pair.wooId());
    }

    public Optional<JsonNode> readNxt(String entity, EntityMapping pair) {
        return nxt.get(entity + "s", pair.nxtId());
    }

    /** A WooCommerce record in the canonical form (a variation is named after its parent, as the pull maps it). */
    public JsonNode wooCanonical(String entity, JsonNode wooRecord, Long parentId) {
        Map<String, Object> bindings = parentId != null
                ? woo.find("products", parentId).<Map<String, Object>>map(parent -> Map.of("parent", parent)).orElse(Map.of())
                : Map.of();
        return mappings.map(entity + ".woo-to-nxt", wooRecord, bindings);
    }

    /**
     * PUT the settled fields to NXT-ND (customerCode is NXT-ND's own key and never sent; metadata only when it carries
     * a compared field, such as a customer's billing e-mail).
     */
    public JsonNode writeNxt(String entity, String nxtId, JsonNode settled, String idempotencyKey) {
        ObjectNode update = ((ObjectNode) settled).deepCopy();
        update.remove("customerCode");
        if (!canonical.project(update, java.util.List.of("metadata")).has("metadata")) {
            update.remove("metadata");
        }
        return nxt.update(entity + "s", nxtId, update, null, idempotencyKey);
    }

    /** PUT the settled record to WooCommerce through the nxt-to-woo mapping. */
    public JsonNode writeWoo(String entity, long wooId, Long parentId, JsonNode settled) {
        ObjectNode body = ((ObjectNode) mappings.map(entity + ".nxt-to-woo", settled, Map.of())).deepCopy();
        if (parentId != null) {
            body.remove("status");
            body.remove("name"); // a variation's name is its parent's plus its attributes
        }
        return woo.update(resource(entity, parentId), wooId, body);
    }

    /** Stores the pair as synced: both sides' hashes as they are now, the settled record as the new base. */
    public EntityMapping saveSynced(String entity, EntityMapping pair, JsonNode settled, JsonNode wooRecord,
                                    JsonNode nxtRecord, String direction, String writtenTo) {
        String wooHash = canonical.hash(wooCanonical(entity, wooRecord, pair.wooParentId()));
        return pairs.save(new SyncedPair(entity, pair.wooId(), pair.wooParentId(), pair.nxtId(), pair.matchKey(),
                wooHash, wooHash, canonical.nxtHash(entity, nxtRecord), settled, wooRecord, nxtRecord,
                WooToNxtWriter.wooModified(wooRecord), WooToNxtWriter.instant(nxtRecord.path("updatedAt").asText(null)),
                nxtRecord.path("version").isInt() ? nxtRecord.path("version").asInt() : null, direction, writtenTo));
    }

    static String resource(String entity, Long parentId) {
        return parentId != null ? "products/" + parentId + "/variations" : entity + "s";
    }
}
