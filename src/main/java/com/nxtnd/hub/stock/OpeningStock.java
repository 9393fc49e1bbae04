package com.nxtnd.hub.stock;

import com.fasterxml.jackson.databind.JsonNode;
import com.nxtnd.hub.nxt.NxtApiException;
import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.nxt.NxtProperties;
import com.nxtnd.hub.sync.SyncProperties;
import com.nxtnd.hub.woo.WooCommerceClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * First connection: a product the shop manages stock for, which NXT-ND has no inventory row for ({@code known:
 * false}), gets the shop's figure as an {@code opening} movement instead of NXT-ND's "nothing" being written over
 * the shop. The opening also counts what the shop's open orders (processing, on-hold) took off its stock, because
 * NXT-ND will reserve those again when the orders reach it; so NXT-ND's available quantity comes out equal to the
 * shop's. Idempotent per product and warehouse (NXT-ND answers 409 INVENTORY_EXISTS to a second opening).
 */
@Component
public class OpeningStock {

    private static final Logger log = LoggerFactory.getLogger(OpeningStock.class);
    private static final Duration OPEN_ORDERS_FRESH = Duration.ofMinutes(1);

    /** One opening movement: the shop's stock plus what its open orders hold. */
    public record Opening(String sku, int quantity, int shopStock, int openOrders) {
    }

    private final NxtClient nxt;
    private final WooCommerceClient woo;
    private final NxtProperties nxtProperties;
    private final SyncProperties syncProperties;
    /** Per open order id, per SKU, what the shop took off its stock for it. */
    private Map<Long, Map<String, Integer>> openOrders;
    private Instant openOrdersAt = Instant.EPOCH;

    public OpeningStock(NxtClient nxt, WooCommerceClient woo, NxtProperties nxtProperties, SyncProperties syncProperties) {
        this.nxt = nxt;
        this.woo = woo;
        this.nxtProperties = nxtProperties;
        this.syncProperties = syncProperties;
    }

    /** The openings these WooCommerce products need: managed stock in the shop, no known stock in NXT-ND. */
    public List<Opening> needed(Collection<JsonNode> wooProducts) {
        Map<String, JsonNode> managed = new LinkedHashMap<>();
        for (JsonNode p : wooProducts) {
            if (p.path("manage_stock").asBoolean(false) && p.path("stock_quantity").isNumber()
                    && !p.path("sku").asText("").isBlank()) {
                managed.put(p.path("sku").asText(), p);
            }
        }
        if (managed.isEmpty()) {
            return List.of();
        }
        List<String> unknown = new ArrayList<>();
        for (JsonNode level : nxt.inventoryLevels(managed.keySet())) {
            if (!level.path("known").asBoolean(true)) {
                unknown.add(level.path("sku").asText());
            }
        }
        return forUnknown(unknown.stream().map(managed::get).toList());
    }

    /** Openings for products already known to have no stock in NXT-ND. */
    public List<Opening> forUnknown(Collection<JsonNode> wooProducts) {
        return forUnknown(wooProducts, null);
    }

    /**
     * As {@link #forUnknown(Collection)}, counting {@code order} (a WooCommerce order about to reach NXT-ND) among
     * the open orders whatever the last reading of them saw.
     */
    public List<Opening> forUnknown(Collection<JsonNode> wooProducts, JsonNode order) {
        Map<Long, Map<String, Integer>> open = new HashMap<>(openOrders());
        if (order != null && syncProperties.pulls("order")) {
            open.put(order.path("id").asLong(), held(order));
        }
        Map<String, Integer> heldBySku = new HashMap<>();
        open.values().forEach(m -> m.forEach((sku, q) -> heldBySku.merge(sku, q, Integer::sum)));
        List<Opening> out = new ArrayList<>();
        for (JsonNode p : wooProducts) {
            if (!p.path("manage_stock").asBoolean(false) || !p.path("stock_quantity").isNumber()) {
                continue;
            }
            String sku = p.path("sku").asText();
            int held = heldBySku.getOrDefault(sku, 0);
            int shop = p.path("stock_quantity").asInt();
            out.add(new Opening(sku, Math.max(0, shop + held), shop, held));
        }
        return out;
    }

    /** Books the openings; returns how many were booked now (one already there counts as done, not booked). */
    public int book(List<Opening> openings) {
        String warehouse = nxtProperties.onlineWarehouses().get(0);
        int booked = 0;
        for (Opening o : openings) {
            try {
                nxt.inventoryMovement(o.sku(), warehouse, o.quantity(), "opening", "woo-opening-" + o.sku(),
                        "opening-" + o.sku() + "-" + warehouse);
                booked++;
            } catch (NxtApiException e) {
                if (e.status() != 409) {
                    throw e;
                }
                log.debug("{} already has stock in {}: {}", o.sku(), warehouse, e.getMessage());
            }
        }
        if (booked > 0) {
            log.info("Opening stock booked in NXT-ND ({}) for {} products from the shop's figures", warehouse, booked);
        }
        return booked;
    }

    /**
     * Per SKU, what the shop's processing and on-hold orders took off its stock (their lines' _reduced_stock), when
     * orders are pulled into NXT-ND at all; read once a minute at most, and only when an opening is needed.
     */
    private synchronized Map<Long, Map<String, Integer>> openOrders() {
        if (!syncProperties.pulls("order")) {
            return Map.of();
        }
        if (openOrders != null && openOrdersAt.plus(OPEN_ORDERS_FRESH).isAfter(Instant.now())) {
            return openOrders;
        }
        Map<Long, Map<String, Integer>> open = new HashMap<>();
        woo.stream("orders", Map.of("status", "processing,on-hold", "orderby", "id", "order", "asc"), 100)
                .forEach(order -> open.put(order.path("id").asLong(), held(order)));
        openOrders = open;
        openOrdersAt = Instant.now();
        return open;
    }

    private static Map<String, Integer> held(JsonNode order) {
        Map<String, Integer> held = new HashMap<>();
        for (JsonNode line : order.path("line_items")) {
            int reduced = reducedStock(line);
            if (reduced > 0 && !line.path("sku").asText("").isBlank()) {
                held.merge(line.path("sku").asText(), reduced, Integer::sum);
            }
        }
        return held;
    }

    /** What the store took off stock for an order line (0 when it did not manage the product's stock). */
    public static int reducedStock(JsonNode line) {
        return lineMeta(line, "_reduced_stock");
    }

    /** A numeric meta value the store keeps on an order line (_reduced_stock, _restock_refunded_items), else 0. */
    public static int lineMeta(JsonNode line, String key) {
        for (JsonNode m : line.path("meta_data")) {
            if (key.equals(m.path("key").asText())) {
                return m.path("value").asInt(0);
            }
        }
        return 0;
    }
}
