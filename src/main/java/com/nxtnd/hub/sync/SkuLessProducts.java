package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nxtnd.hub.store.ConflictRepository;
import com.nxtnd.hub.sync.ProductProperties.MissingSku;
import com.nxtnd.hub.woo.WooApiException;
import com.nxtnd.hub.woo.WooCommerceClient;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * WooCommerce products with no SKU (variable parents, shops that never used SKUs). NXT-ND requires a SKU, so such a
 * product is known by its WooCommerce id: with {@code hub.products.missing-sku=generate} it gets SKU
 * {@code WOO-<id>}, written to the shop first so that both sides hold the same key from then on; with {@code skip}
 * it stays out of NXT-ND. Either way it is reported once (one conflict row per product), not on every run: before,
 * it was a data_validation conflict and a mapping error again on each pass.
 */
@Component
public class SkuLessProducts {

    static final String PREFIX = "WOO-";

    private final ProductProperties properties;
    private final WooCommerceClient woo;
    private final ConflictRepository conflicts;

    public SkuLessProducts(ProductProperties properties, WooCommerceClient woo, ConflictRepository conflicts) {
        this.properties = properties;
        this.woo = woo;
        this.conflicts = conflicts;
    }

    /**
     * The product as it is to be synced: itself when it has a SKU, with its generated SKU (as the shop now holds it)
     * in generate mode, or empty when it is left out (skip mode). A variation ({@code parent} given) showing its
     * parent's SKU has none of its own. A dry run writes and records nothing.
     */
    public Optional<JsonNode> prepare(JsonNode product, JsonNode parent, boolean dryRun, String source) {
        String own = product.path("sku").asText("");
        // a variation with no SKU of its own is read with its parent's (a real store does that), which is no key
        boolean inherited = parent != null && !own.isBlank() && own.equals(parent.path("sku").asText());
        if ((!own.isBlank() && !inherited) || !product.path("id").canConvertToLong()) {
            return Optional.of(product);
        }
        long wooId = product.path("id").asLong();
        if (properties.missingSku() == MissingSku.SKIP) {
            if (!dryRun) {
                conflicts.recordOnce("product", wooId, "data_validation", List.of("sku"), "WooCommerce product " + wooId
                        + " has no SKU: left out of NXT-ND (hub.products.missing-sku=skip)", source, null, null);
            }
            return Optional.empty();
        }
        String sku = PREFIX + wooId;
        if (dryRun) {
            return Optional.of(((ObjectNode) product).deepCopy().put("sku", sku));
        }
        long parentId = product.path("parent_id").asLong(0);
        JsonNode saved;
        try {
            saved = woo.update(PairWriter.resource("product", parentId > 0 ? parentId : null), wooId,
                    JsonNodeFactory.instance.objectNode().put("sku", sku));
        } catch (WooApiException e) {
            if (e.isTransient() || e.isAuthFailure()) {
                throw e; // the shop is unwell, not this product: the run stops and is resumed
            }
            // refused (the SKU taken by another product...): left out, reported once like a skipped one
            conflicts.recordOnce("product", wooId, "business_rule", List.of("sku"), "WooCommerce product " + wooId
                    + " has no SKU and the shop refused " + sku + " (" + e.code() + ")", source, null, null);
            return Optional.empty();
        }
        conflicts.recordOnce("product", wooId, "data_validation", List.of("sku"), "WooCommerce product " + wooId
                + " had no SKU: " + sku + " was written to the shop (hub.products.missing-sku=generate)", source,
                "generated", JsonNodeFactory.instance.objectNode().put("sku", sku));
        // the rest of the record as it was read (a variation read from its parent's list keeps that view)
        return Optional.of(((ObjectNode) product).deepCopy().put("sku", saved.path("sku").asText(sku))
                .put("date_modified_gmt", saved.path("date_modified_gmt").asText(product.path("date_modified_gmt").asText(""))));
    }
}
