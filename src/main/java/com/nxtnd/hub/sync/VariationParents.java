package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.nxtnd.hub.store.EntityMapping;
import com.nxtnd.hub.store.EntityMappingRepository;
import com.nxtnd.hub.woo.WooCommerceClient;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The parent a variation is mapped with ({@code $parent} in product.woo-to-nxt): as the hub last saw it, read from
 * the store when it never did. A variation mapped without it has another name and no parentSku, so it would look
 * changed to pull, webhooks and reconcile, which all map it with its parent.
 */
@Component
public class VariationParents {

    private final EntityMappingRepository pairs;
    private final WooCommerceClient woo;

    public VariationParents(EntityMappingRepository pairs, WooCommerceClient woo) {
        this.pairs = pairs;
        this.woo = woo;
    }

    /** The mapping bindings for a record with this WooCommerce parent id (none for a record without one). */
    public Map<String, Object> bindings(Long parentId) {
        if (parentId == null) {
            return Map.of();
        }
        Optional<JsonNode> parent = pairs.byWooId("product", parentId).map(EntityMapping::wooSnapshot)
                .filter(JsonNode::isObject);
        return parent.or(() -> woo.find("products", parentId))
                .<Map<String, Object>>map(x -> Map.of("parent", x)).orElse(Map.of());
    }
}
