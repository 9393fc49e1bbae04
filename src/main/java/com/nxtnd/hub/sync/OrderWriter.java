package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nxtnd.hub.mapping.CanonicalRecords;
import com.nxtnd.hub.mapping.MappingService;
import com.nxtnd.hub.monitor.Alerts;
import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.stock.OpeningStock;
import com.nxtnd.hub.stock.StockFollower;
import com.nxtnd.hub.store.EntityMapping;
import com.nxtnd.hub.store.EntityMappingRepository;
import com.nxtnd.hub.store.EntityMappingRepository.SyncedPair;
import com.nxtnd.hub.store.ErrorLogRepository;
import com.nxtnd.hub.woo.WooCommerceClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A WooCommerce order into NXT-ND, one stock effect per order event (contracts/nxt-nd-api.md: orders move stock
 * through their own life only): created → POST /orders (reserves); lines, addresses, lines or totals edited →
 * PUT /orders/{id} (reservations follow); status → PUT /orders/{id}/status (cancel releases, delivered consumes);
 * refunds → POST /orders/{id}/refunds with the lines the store restocked. Never a sale movement. A status that
 * the NXT-ND order already implies (its own shipped pushed as completed, coming back as the store's echo) changes
 * nothing. Oversold orders are kept (backordered) and raise an alert; unknown statuses and unknown products are
 * kept and flagged, not failed.
 */
@Component
public class OrderWriter {

    private static final Logger log = LoggerFactory.getLogger(OrderWriter.class);
    /** NXT-ND statuses after which an order's content can no longer change. */
    private static final Set<String> SHIPPED = Set.of("shipped", "delivered");
    /** What PUT /orders/{id} replaces: the mapped order less its identity and status. */
    private static final Set<String> NOT_CONTENT = Set.of("externalRef", "orderNumber", "status", "placedAt");

    private final MappingService mappings;
    private final CanonicalRecords canonical;
    private final NxtClient nxt;
    private final WooCommerceClient woo;
    private final EntityMappingRepository pairs;
    private final ErrorLogRepository errors;
    private final Alerts alerts;
    private final StockFollower stock;
    private final OpeningStock openings;

    public OrderWriter(MappingService mappings, CanonicalRecords canonical, NxtClient nxt, WooCommerceClient woo,
                       EntityMappingRepository pairs, ErrorLogRepository errors, Alerts alerts, StockFollower stock,
                       OpeningStock openings) {
        this.openings = openings;
        this.mappings = mappings;
        this.canonical = canonical;
        this.nxt = nxt;
        this.woo = woo;
        this.pairs = pairs;
        this.errors = errors;
        this.alerts = alerts;
        this.stock = stock;
    }

    public ApplyOutcome apply(JsonNode wooOrder, String source) {
        long wooId = wooOrder.path("id").asLong();
        long wooCustomer = wooOrder.path("customer_id").asLong(0);
        Map<String, Object> bindings = new HashMap<>();
        bindings.put("customerId", wooCustomer > 0
                ? pairs.byWooId("customer", wooCustomer).map(EntityMapping::nxtId).orElse(null) : null);
        JsonNode mapped = mappings.map("order.woo-to-nxt", wooOrder, bindings);
        String ref = mapped.path("externalRef").asText();
        String hash = hash(mapped);
        Optional<EntityMapping> pair = pairs.byWooId("order", wooId);
        if (pair.isPresent() && hash.equals(pair.get().contentHash())) {
            pairs.rememberSeen(pair.get().id(), "woo", wooOrder);
            return ApplyOutcome.of("woo".equals(pair.get().lastWrittenTo()) ? "echo" : "unchanged", pair.get().nxtId());
        }
        if (pair.isEmpty() && !holdsStock(wooOrder, mapped)) {
            return new ApplyOutcome("skipped", null, "the shop has taken no stock for it (" + wooOrder.path("status").asText()
                    + "): it reaches NXT-ND when it does");
        }
        flagUnmappedStatus(mapped, wooId, source);
        Optional<JsonNode> current = pair.isPresent() && pair.get().nxtId() != null
                ? nxt.get("orders", pair.get().nxtId()) : nxt.findOrderByExternalRef(ref);
        List<String> did = new ArrayList<>();
        JsonNode written;
        String result;
        if (current.isEmpty()) {
            openStockFor(wooOrder, RESERVING.contains(mapped.path("status").asText()));
            written = nxt.createOrder(mapped, ref + "-create-" + hash.substring(0, 16));
            result = "created";
            did.add("created");
            flagUnknownProducts(written, wooId, source);
            written = refunds(wooOrder, written, did, true);
        } else {
            written = current.get();
            String id = written.path("id").asText();
            JsonNode content = content(mapped);
            JsonNode before = pair.map(EntityMapping::baseSnapshot).map(OrderWriter::content).orElse(null);
            if (!content.equals(before) && !content.equals(content(written))) {
                if (SHIPPED.contains(written.path("status").asText())) {
                    did.add("edit not carried: NXT-ND order is " + written.path("status").asText());
                    keep("ShippedOrderEdited", wooId, "WooCommerce order " + wooId + " was edited after NXT-ND "
                            + written.path("status").asText() + " it; the edit is not carried", wooOrder, source);
                } else {
                    written = nxt.update("orders", id, content, written.path("version").isInt()
                            ? written.path("version").asInt() : null, ref + "-edit-" + hash.substring(0, 16));
                    did.add("edited");
                }
            }
            written = refunds(wooOrder, written, did, false);
            written = status(mapped, wooOrder, written, ref, did);
            result = "updated";
        }
        if (written.path("backordered").asBoolean(false)) {
            oversold(wooId, written);
        }
        pairs.save(new SyncedPair("order", wooId, null, written.path("id").asText(), ref, hash, hash, hash, mapped,
                wooOrder, written, WooToNxtWriter.wooModified(wooOrder),
                WooToNxtWriter.instant(written.path("updatedAt").asText(null)),
                written.path("version").isInt() ? written.path("version").asInt() : null, "pull", "nxt"));
        if (!"batch".equals(source)) {
            stock.follow(skus(written)); // a batch run ends with the stock reconciliation, which writes them all
        }
        return new ApplyOutcome(result, written.path("id").asText(), String.join(", ", did));
    }

    /**
     * Whether the shop has taken stock for the order, which is when it reaches NXT-ND (and reserves there): paid or
     * held (processing, on-hold), completed, refunded, a line with _reduced_stock, or a status the mapping does not
     * know (plugins' own statuses come after payment). A pending, failed or cancelled order that never took stock
     * holds nothing in either system, so one order event moves stock once in both (wc-stock-functions.php).
     */
    private static boolean holdsStock(JsonNode wooOrder, JsonNode mapped) {
        if (STOCK_TAKEN.contains(wooOrder.path("status").asText()) || mapped.path("metadata").path("unmappedStatus").isTextual()) {
            return true;
        }
        for (JsonNode line : wooOrder.path("line_items")) {
            if (OpeningStock.reducedStock(line) > 0) {
                return true;
            }
        }
        return false;
    }

    /** NXT-ND statuses that hold a reservation. */
    private static final Set<String> RESERVING = Set.of("pending", "approved");
    private static final Set<String> STOCK_TAKEN = Set.of("processing", "on-hold", "completed", "refunded");

    /**
     * The mapped order's hash, with what the canonical form leaves out but an order event can change alone: the
     * WooCommerce status (two of them map to one NXT-ND status) and the refunds.
     */
    private String hash(JsonNode mapped) {
        ObjectNode hashed = ((ObjectNode) mapped).deepCopy();
        hashed.set("wooStatus", mapped.path("metadata").path("wooStatus"));
        hashed.set("wooRefundIds", mapped.path("metadata").path("wooRefundIds"));
        return canonical.hash(hashed);
    }

    private static JsonNode content(JsonNode order) {
        ObjectNode content = JsonNodeFactory.instance.objectNode();
        order.fieldNames().forEachRemaining(f -> {
            if (!NOT_CONTENT.contains(f) && !f.equals("metadata") && !SERVER_FIELDS.contains(f)) {
                content.set(f, order.get(f));
            }
        });
        // NXT-ND adds productId to the lines it knows: compare what the hub sends
        if (content.path("items").isArray()) {
            ArrayNode items = JsonNodeFactory.instance.arrayNode();
            content.path("items").forEach(i -> items.add(((ObjectNode) i).deepCopy().without("productId")));
            content.set("items", items);
        }
        return content;
    }

    private static final Set<String> SERVER_FIELDS = Set.of("id", "version", "createdAt", "updatedAt", "refunds",
            "refundedTotal", "backordered", "trackingNumber", "carrier");

    /**
     * The store's status unless the NXT-ND order already implies it: NXT-ND's own status as the shop shows it
     * (order-status.nxt-to-woo) equal to the store's means the store is only echoing what the hub pushed.
     */
    private JsonNode status(JsonNode mapped, JsonNode wooOrder, JsonNode written, String ref, List<String> did) {
        String target = mapped.path("status").asText();
        String now = written.path("status").asText();
        if (target.equals(now)) {
            return written;
        }
        String implied = mappings.map("order-status.nxt-to-woo", written, Map.of()).path("status").asText();
        if (implied.equals(wooOrder.path("status").asText())) {
            did.add("status " + wooOrder.path("status").asText() + " already implied by NXT-ND's " + now);
            return written;
        }
        did.add("status " + now + " -> " + target);
        return nxt.updateOrderStatus(written.path("id").asText(), target, "status changed in WooCommerce to "
                + wooOrder.path("status").asText(), ref + "-status-" + target + "-v" + written.path("version").asText());
    }

    /**
     * Refunds NXT-ND has not seen, in the store's order. Which lines the store put back in stock is read from the
     * order lines' _restock_refunded_items (what the store restocked over all refunds) less what NXT-ND's refunds
     * restocked already, so a refund restocks in NXT-ND exactly what it restocked in the shop.
     */
    private JsonNode refunds(JsonNode wooOrder, JsonNode written, List<String> did, boolean firstSight) {
        Set<String> seen = new LinkedHashSet<>();
        written.path("refunds").forEach(r -> seen.add(r.path("externalRef").asText()));
        List<Long> fresh = new ArrayList<>();
        wooOrder.path("refunds").forEach(r -> {
            if (!seen.contains("woo-refund-" + r.path("id").asLong())) {
                fresh.add(r.path("id").asLong());
            }
        });
        if (fresh.isEmpty()) {
            return written;
        }
        Map<String, Integer> restockLeft = new HashMap<>();
        // refunds made before the hub first saw the order are in the shop's figures already (its stock, the lines'
        // _reduced_stock): they only release what NXT-ND's new order reserved for them, and move no stock otherwise
        boolean countRestock = !firstSight || RESERVING.contains(written.path("status").asText());
        for (JsonNode line : countRestock ? wooOrder.path("line_items") : JsonNodeFactory.instance.arrayNode()) {
            restockLeft.merge(line.path("sku").asText(), OpeningStock.lineMeta(line, "_restock_refunded_items"), Integer::sum);
        }
        for (JsonNode r : written.path("refunds")) {
            for (JsonNode line : r.path("lines")) {
                if (line.path("restock").asBoolean(false)) {
                    restockLeft.merge(line.path("sku").asText(), -line.path("quantity").asInt(), Integer::sum);
                }
            }
        }
        List<JsonNode> refunds = new ArrayList<>(woo.list("orders/" + wooOrder.path("id").asLong() + "/refunds",
                Map.of(), 1, 100).items());
        refunds.sort(Comparator.comparingLong(r -> r.path("id").asLong()));
        JsonNode now = written;
        for (JsonNode refund : refunds) {
            if (!fresh.contains(refund.path("id").asLong())) {
                continue;
            }
            Map<String, Object> restock = new HashMap<>();
            for (JsonNode line : refund.path("line_items")) {
                String sku = line.path("sku").asText();
                int qty = Math.abs(line.path("quantity").asInt());
                if (qty > 0 && restockLeft.getOrDefault(sku, 0) >= qty) {
                    restock.put(line.path("id").asText(), true);
                    restockLeft.merge(sku, -qty, Integer::sum);
                }
            }
            JsonNode body = mappings.map("refund.woo-to-nxt", refund, Map.of("restock", restock));
            now = nxt.refundOrder(now.path("id").asText(), body, body.path("externalRef").asText());
            did.add("refund " + body.path("externalRef").asText() + " (" + body.path("amount").asText() + ")");
        }
        return now;
    }

    /**
     * No order reserves from a product whose stock NXT-ND does not know yet (a product paired since the last stock
     * reconciliation): its opening is booked first from the shop's figure, counting this order as open.
     */
    private void openStockFor(JsonNode wooOrder, boolean reserves) {
        List<String> lineSkus = new ArrayList<>();
        wooOrder.path("line_items").forEach(l -> {
            if (!l.path("sku").asText("").isBlank()) {
                lineSkus.add(l.path("sku").asText());
            }
        });
        if (lineSkus.isEmpty()) {
            return;
        }
        List<String> unknown = new ArrayList<>();
        nxt.inventoryLevels(lineSkus).forEach(level -> {
            if (!level.path("known").asBoolean(true)) {
                unknown.add(level.path("sku").asText());
            }
        });
        if (!unknown.isEmpty()) {
            List<JsonNode> products = woo.listBySkus(unknown);
            // this order is counted among the open ones only when NXT-ND's copy of it will reserve its lines
            openings.book(openings.forUnknown(products, reserves ? wooOrder : null));
        }
    }

    private void oversold(long wooId, JsonNode written) {
        List<String> skus = skus(written);
        alerts.raise("oversold:" + written.path("externalRef").asText(), Alerts.Severity.WARNING,
                "WooCommerce order " + wooId + " asks for more than NXT-ND has; kept in NXT-ND as backordered",
                Map.of("order", written.path("externalRef").asText(), "nxtId", written.path("id").asText(), "skus", skus));
    }

    private void flagUnmappedStatus(JsonNode mapped, long wooId, String source) {
        JsonNode unmapped = mapped.path("metadata").path("unmappedStatus");
        if (unmapped.isTextual()) {
            log.warn("WooCommerce order {} has status '{}', which mappings/order.woo-to-nxt.jsonata does not know: kept "
                    + "as pending in NXT-ND", wooId, unmapped.asText());
            keep("UnknownOrderStatus", wooId, "status '" + unmapped.asText() + "' is not in the status table of "
                    + "order.woo-to-nxt.jsonata; kept as pending", mapped, source);
        }
    }

    /** Lines NXT-ND knows no product for are kept with their SKU and name, and flagged for a person. */
    private void flagUnknownProducts(JsonNode written, long wooId, String source) {
        List<String> unknown = new ArrayList<>();
        written.path("items").forEach(i -> {
            if (!i.hasNonNull("productId")) {
                unknown.add(i.path("sku").asText("(no SKU) " + i.path("name").asText()));
            }
        });
        if (!unknown.isEmpty()) {
            log.warn("WooCommerce order {}: lines for products NXT-ND does not know, kept with SKU and name: {}", wooId, unknown);
            keep("UnknownOrderProduct", wooId, "lines for products NXT-ND does not know: " + unknown, written, source);
        }
    }

    private void keep(String type, long wooId, String message, JsonNode record, String source) {
        boolean webhook = "webhook".equals(source);
        // a pulled order's flag is stored under its pull route, with the headers that make it a replay there
        errors.record(new ErrorLogRepository.NewError("hub", type, webhook ? "webhook-event" : PullRun.routeId("order"),
                "order.woo-to-nxt", "order", "woo:" + wooId, message, null,
                record.toString().getBytes(StandardCharsets.UTF_8), webhook ? null
                        : "{\"" + PullErrors.REPLAY_OF + "\":\"woo:" + wooId + "\",\"" + PullErrors.ENTITY + "\":\"order\"}", 1));
    }

    private static List<String> skus(JsonNode order) {
        List<String> skus = new ArrayList<>();
        order.path("items").forEach(i -> {
            if (i.hasNonNull("sku") && !skus.contains(i.path("sku").asText())) {
                skus.add(i.path("sku").asText());
            }
        });
        return skus;
    }
}
