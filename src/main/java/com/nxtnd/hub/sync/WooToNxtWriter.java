package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nxtnd.hub.mapping.CanonicalRecords;
import com.nxtnd.hub.mapping.MappingService;
import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.nxt.NxtProperties;
import com.nxtnd.hub.store.EntityMapping;
import com.nxtnd.hub.store.EntityMappingRepository;
import com.nxtnd.hub.store.EntityMappingRepository.SyncedPair;
import com.nxtnd.hub.woo.WooCommerceClient;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Carries WooCommerce records into NXT-ND: maps them through mappings/*.woo-to-nxt.jsonata, pairs them (mapping,
 * else SKU / e-mail / external ref), writes only what changed, and recognises the hub's own writes coming back.
 */
@Component
public class WooToNxtWriter implements WooRecordApplier {

    private static final Set<String> PAID_STATUSES = Set.of("approved", "shipped", "delivered");

    private final MappingService mappings;
    private final CanonicalRecords canonical;
    private final NxtClient nxt;
    private final NxtProperties nxtProperties;
    private final EntityMappingRepository pairs;
    private final WooCommerceClient wooClient;

    public WooToNxtWriter(MappingService mappings, CanonicalRecords canonical, NxtClient nxt,
                          NxtProperties nxtProperties, EntityMappingRepository pairs, WooCommerceClient wooClient) {
        this.wooClient = wooClient;
        this.mappings = mappings;
        this.canonical = canonical;
        this.nxt = nxt;
        this.nxtProperties = nxtProperties;
        this.pairs = pairs;
    }

    @Override
    public ApplyOutcome apply(String resource, JsonNode woo, String source) {
        return switch (resource) {
            case "product" -> applyProduct(woo);
            case "customer" -> applyCustomer(woo);
            case "order" -> applyOrder(woo);
            default -> throw new InvalidRecordException("No sync for WooCommerce resource '" + resource + "'");
        };
    }

    @Override
    public ApplyOutcome delete(String resource, long wooId, String source) {
        Optional<EntityMapping> pair = pairs.byWooId(resource, wooId);
        if (pair.isEmpty() || pair.get().nxtId() == null) {
            return new ApplyOutcome("skipped", null, "no NXT-ND record is mapped to WooCommerce " + resource + " " + wooId);
        }
        String entity = entity(resource);
        if (!"orders".equals(entity)) {
            nxt.deactivate(entity, pair.get().nxtId(), "woo-" + resource + "-" + wooId + "-delete");
        } else {
            nxt.updateOrderStatus(pair.get().nxtId(), "cancelled", "deleted in WooCommerce",
                    "woo-order-" + wooId + "-delete");
        }
        pairs.markStatus(pair.get().id(), "deleted");
        return ApplyOutcome.of("deactivated", pair.get().nxtId());
    }

    private ApplyOutcome applyProduct(JsonNode woo) {
        long wooId = woo.path("id").asLong();
        Long parentId = woo.path("parent_id").asLong(0) > 0 ? woo.path("parent_id").asLong() : null;
        // a variation is named after its parent, as the batch pull maps it; otherwise the two would undo each other
        Map<String, Object> bindings = parentId != null && "variation".equals(woo.path("type").asText("variation"))
                ? wooClient.find("products", parentId).<Map<String, Object>>map(parent -> Map.of("parent", parent))
                        .orElse(Map.of())
                : Map.of();
        JsonNode mapped = mappings.map("product.woo-to-nxt", woo, bindings);
        String sku = required(mapped, "sku", "product", wooId);
        return upsert("product", "products", woo, wooId, parentId, mapped, sku, () -> nxt.findProductBySku(sku));
    }

    private ApplyOutcome applyCustomer(JsonNode woo) {
        long wooId = woo.path("id").asLong();
        JsonNode mapped = mappings.map("customer.woo-to-nxt", woo, Map.of("customerCode", "WC" + wooId));
        String email = required(mapped, "email", "customer", wooId).toLowerCase();
        return upsert("customer", "customers", woo, wooId, null, mapped, email, () -> nxt.findCustomerByEmail(email));
    }

    private ApplyOutcome upsert(String type, String entity, JsonNode woo, long wooId, Long parentId, JsonNode mapped,
                                String matchKey, java.util.function.Supplier<Optional<JsonNode>> findByKey) {
        String hash = canonical.hash(mapped);
        Optional<EntityMapping> pair = pairs.byWooId(type, wooId);
        if (pair.isPresent() && hash.equals(pair.get().contentHash())) {
            pairs.rememberSeen(pair.get().id(), "woo", woo);
            return ApplyOutcome.of("woo".equals(pair.get().lastWrittenTo()) ? "echo" : "unchanged", pair.get().nxtId());
        }
        Optional<JsonNode> current = pair.isPresent() && pair.get().nxtId() != null
                ? nxt.get(entity, pair.get().nxtId()) : findByKey.get();
        String key = "woo-" + type + "-" + wooId + "-" + hash.substring(0, 16);
        JsonNode written;
        String result;
        if (current.isEmpty()) {
            written = nxt.create(entity, mapped, key);
            result = "created";
        } else {
            ObjectNode update = ((ObjectNode) mapped).deepCopy();
            update.remove("customerCode"); // NXT-ND's own key, never renamed from WooCommerce
            written = nxt.update(entity, current.get().path("id").asText(), update,
                    current.get().path("version").isInt() ? current.get().path("version").asInt() : null, key);
            result = "updated";
        }
        pairs.save(new SyncedPair(type, wooId, parentId, written.path("id").asText(), matchKey, hash, hash,
                canonical.nxtHash(type, written), mapped, woo, written, wooModified(woo), instant(written.path("updatedAt").asText(null)),
                written.path("version").isInt() ? written.path("version").asInt() : null, "pull", "nxt"));
        return ApplyOutcome.of(result, written.path("id").asText());
    }

    private ApplyOutcome applyOrder(JsonNode woo) {
        long wooId = woo.path("id").asLong();
        long wooCustomer = woo.path("customer_id").asLong(0);
        Map<String, Object> bindings = new HashMap<>();
        bindings.put("customerId", wooCustomer > 0
                ? pairs.byWooId("customer", wooCustomer).map(EntityMapping::nxtId).orElse(null) : null);
        JsonNode mapped = mappings.map("order.woo-to-nxt", woo, bindings);
        String ref = "woo-order-" + wooId;
        String hash = canonical.hash(mapped);
        Optional<EntityMapping> pair = pairs.byWooId("order", wooId);
        if (pair.isPresent() && hash.equals(pair.get().contentHash())) {
            pairs.rememberSeen(pair.get().id(), "woo", woo);
            return ApplyOutcome.of("woo".equals(pair.get().lastWrittenTo()) ? "echo" : "unchanged", pair.get().nxtId());
        }
        Optional<JsonNode> current = pair.isPresent() && pair.get().nxtId() != null
                ? nxt.get("orders", pair.get().nxtId()) : nxt.findOrderByExternalRef(ref);
        String status = mapped.path("status").asText();
        JsonNode written;
        String result;
        boolean wasPaid;
        if (current.isEmpty()) {
            written = nxt.createOrder(mapped, ref + "-create");
            result = "created";
            wasPaid = false;
        } else {
            wasPaid = PAID_STATUSES.contains(current.get().path("status").asText())
                    || (pair.isPresent() && pair.get().baseSnapshot() != null
                        && PAID_STATUSES.contains(pair.get().baseSnapshot().path("status").asText()));
            written = status.equals(current.get().path("status").asText()) ? current.get()
                    : nxt.updateOrderStatus(current.get().path("id").asText(), status, "status changed in WooCommerce",
                            ref + "-status-" + status);
            result = "updated";
        }
        String detail = null;
        if (PAID_STATUSES.contains(status) && !wasPaid) {
            detail = recordSale(woo, ref);
        }
        pairs.save(new SyncedPair("order", wooId, null, written.path("id").asText(), ref, hash, hash, hash, mapped,
                woo, written, wooModified(woo), instant(written.path("updatedAt").asText(null)),
                written.path("version").isInt() ? written.path("version").asInt() : null, "pull", "nxt"));
        return new ApplyOutcome(result, written.path("id").asText(), detail);
    }

    /** One sale movement per order line, idempotent by order and line. */
    private String recordSale(JsonNode woo, String ref) {
        String warehouse = nxtProperties.onlineWarehouses().get(0);
        int moved = 0;
        int skipped = 0;
        for (JsonNode line : woo.path("line_items")) {
            String sku = line.path("sku").asText("");
            int quantity = line.path("quantity").asInt(0);
            if (sku.isBlank() || quantity <= 0) {
                skipped++;
                continue;
            }
            nxt.inventoryMovement(sku, warehouse, -quantity, "sale", ref,
                    ref + "-line-" + line.path("id").asText());
            moved++;
        }
        return "stock movements: " + moved + (skipped > 0 ? ", lines without SKU skipped: " + skipped : "");
    }

    private static String required(JsonNode mapped, String field, String type, long wooId) {
        String value = mapped.path(field).asText("");
        if (value.isBlank()) {
            throw new InvalidRecordException("WooCommerce " + type + " " + wooId + " has no " + field
                    + "; it cannot be matched with NXT-ND");
        }
        return value;
    }

    private static String entity(String resource) {
        return resource + "s";
    }

    static Instant wooModified(JsonNode woo) {
        String gmt = woo.path("date_modified_gmt").asText(null);
        if (gmt == null || gmt.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(gmt).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static Instant instant(String iso) {
        try {
            return iso == null || iso.isBlank() ? null : Instant.parse(iso);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
