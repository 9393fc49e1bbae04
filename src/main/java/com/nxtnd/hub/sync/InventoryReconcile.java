package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nxtnd.hub.mapping.MappingService;
import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.nxt.NxtProperties;
import com.nxtnd.hub.stock.OpeningStock;
import com.nxtnd.hub.stock.StockProperties;
import com.nxtnd.hub.store.EntityMapping;
import com.nxtnd.hub.store.EntityMappingRepository;
import com.nxtnd.hub.store.ErrorLogRepository;
import com.nxtnd.hub.woo.WooCommerceClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * Stock reconciliation: every WooCommerce product whose stock the shop manages against NXT-ND's available quantity
 * over the online warehouses, read from both sides (WooCommerce may not move date_modified on stock changes).
 * A product NXT-ND has no stock for yet gets the shop's figure as an opening (first connection); otherwise drift is
 * settled by the stock master (hub.stock.master): nxt writes NXT-ND's figure to the shop through /batch, woo books
 * the difference into NXT-ND as an adjustment. Products the shop does not manage stock for are left alone.
 */
@Component
public class InventoryReconcile {

    private final WooCommerceClient woo;
    private final NxtClient nxt;
    private final NxtProperties nxtProperties;
    private final MappingService mappings;
    private final OpeningStock openings;
    private final StockProperties stock;
    private final ErrorLogRepository errors;
    private final ProducerTemplate producer;
    private final EntityMappingRepository pairs;

    public InventoryReconcile(WooCommerceClient woo, NxtClient nxt, NxtProperties nxtProperties, MappingService mappings,
                              OpeningStock openings, StockProperties stock, ErrorLogRepository errors,
                              ProducerTemplate producer, EntityMappingRepository pairs) {
        this.pairs = pairs;
        this.woo = woo;
        this.nxt = nxt;
        this.nxtProperties = nxtProperties;
        this.mappings = mappings;
        this.openings = openings;
        this.stock = stock;
        this.errors = errors;
        this.producer = producer;
    }

    public void reconcile(SyncRequest request, SyncCounts counts, List<Map<String, Object>> plan) throws Exception {
        Writes tracker = new Writes(request, counts, plan);
        Map<String, JsonNode> wooBySku = new LinkedHashMap<>();
        woo.forEachPage("products", Map.of("orderby", "id", "order", "asc"), 100, 1, page -> {
            for (JsonNode p : page.items()) {
                if ("variable".equals(p.path("type").asText())) {
                    woo.forEachPage("products/" + p.path("id").asLong() + "/variations", Map.of(), 100, 1, v -> {
                        v.items().forEach(x -> wooBySku.put(x.path("sku").asText(), x));
                        return true;
                    });
                } else if (!p.path("sku").asText().isEmpty()) {
                    wooBySku.put(p.path("sku").asText(), p);
                }
            }
            if (wooBySku.size() >= 100) {
                settle(wooBySku, request, counts, plan, tracker);
                wooBySku.clear();
            }
            return true;
        });
        settle(wooBySku, request, counts, plan, tracker);
        tracker.send(producer);
    }

    /**
     * The incremental form: only the SKUs whose stock NXT-ND's changes feed says moved, read from the shop by id (one
     * {@code include=} read per 100 products, one per parent for variations) instead of the whole catalogue. A SKU the
     * shop does not have yet is left to the product push and the hourly full reconcile.
     */
    public void reconcileSkus(Collection<String> skus, SyncRequest request, SyncCounts counts,
                              List<Map<String, Object>> plan) throws Exception {
        Writes tracker = new Writes(request, counts, plan);
        List<String> all = new ArrayList<>(skus);
        for (int from = 0; from < all.size(); from += 100) {
            Map<String, EntityMapping> paired = pairs.byMatchKeys("product", all.subList(from, Math.min(all.size(), from + 100)));
            List<Long> products = new ArrayList<>();
            Map<Long, List<Long>> variations = new LinkedHashMap<>();
            paired.values().stream().filter(p -> p.wooId() != null && !"deleted".equals(p.syncStatus())).forEach(p -> {
                if (p.wooParentId() == null) {
                    products.add(p.wooId());
                } else {
                    variations.computeIfAbsent(p.wooParentId(), k -> new ArrayList<>()).add(p.wooId());
                }
            });
            Map<String, JsonNode> wooBySku = new LinkedHashMap<>();
            readByIds("products", products, wooBySku);
            variations.forEach((parent, ids) -> readByIds("products/" + parent + "/variations", ids, wooBySku));
            settle(wooBySku, request, counts, plan, tracker);
        }
        tracker.send(producer);
    }

    private void readByIds(String resource, List<Long> ids, Map<String, JsonNode> wooBySku) {
        woo.listByIds(resource, ids).stream().filter(r -> !r.path("sku").asText().isEmpty())
                .forEach(r -> wooBySku.put(r.path("sku").asText(), r));
    }

    private void settle(Map<String, JsonNode> wooBySku, SyncRequest request, SyncCounts counts,
                        List<Map<String, Object>> plan, Writes tracker) {
        if (wooBySku.isEmpty()) {
            return;
        }
        List<JsonNode> unknown = new ArrayList<>();
        List<JsonNode> levels = nxt.inventoryLevels(wooBySku.keySet());
        if (request.dryRun()) {
            // a product the run's pull would create in NXT-ND has no stock there either: its opening is listed too
            java.util.Set<String> inNxt = new java.util.HashSet<>();
            levels.forEach(l -> inNxt.add(l.path("sku").asText()));
            wooBySku.forEach((sku, product) -> {
                if (!inNxt.contains(sku) && product.path("manage_stock").asBoolean(false)) {
                    unknown.add(product);
                }
            });
        }
        for (JsonNode level : levels) {
            JsonNode product = wooBySku.get(level.path("sku").asText());
            if (product == null) {
                continue;
            }
            if (!product.path("manage_stock").asBoolean(false)) {
                counts.add("inventory", "push", "unmanaged"); // never given a stock, in either direction
                continue;
            }
            if (!level.path("known").asBoolean(true)) {
                unknown.add(product);
                continue;
            }
            int want = mappings.map("inventory.nxt-to-woo", level, Map.of()).path("stock_quantity").asInt();
            int shop = product.path("stock_quantity").asInt(Integer.MIN_VALUE);
            if (shop == want) {
                counts.add("inventory", "push", "unchanged");
                continue;
            }
            counts.add("inventory", "push", "drift");
            if (request.dryRun()) {
                plan.add(Map.of("entity", "inventory", "sku", level.path("sku").asText(), "woo",
                        product.path("stock_quantity").asText("unmanaged"), "nxt", want,
                        "action", stock.nxtIsMaster() ? "write-shop" : "adjust-nxt"));
            } else if (stock.nxtIsMaster()) {
                writeShop(product, level, tracker, counts);
            } else {
                adjustNxt(level, shop, counts);
            }
        }
        List<OpeningStock.Opening> needed = openings.forUnknown(unknown);
        if (request.dryRun()) {
            needed.forEach(o -> {
                plan.add(Map.of("entity", "inventory", "action", "opening", "sku", o.sku(), "quantity", o.quantity(),
                        "shopStock", o.shopStock(), "heldByOpenOrders", o.openOrders()));
                counts.add("inventory", "push", "opening");
            });
        } else {
            int booked = openings.book(needed);
            for (int i = 0; i < booked; i++) {
                counts.add("inventory", "push", "opening");
            }
        }
    }

    private void writeShop(JsonNode product, JsonNode level, Writes tracker, SyncCounts counts) {
        long parent = product.path("parent_id").asLong(0);
        ObjectNode body = ((ObjectNode) mappings.map("inventory.nxt-to-woo", level, Map.of())).deepCopy()
                .put("id", product.path("id").asLong());
        tracker.writes.add(new WooWrite(
                parent > 0 ? "products/" + parent + "/variations" : "products", "update", body,
                saved -> counts.add("inventory", "push", "updated"),
                (code, message) -> {
                    counts.add("inventory", "push", "errors");
                    recordError(level.path("sku").asText(), code, message, body);
                }, tracker.run));
    }

    /** The shop owns stock: NXT-ND's available quantity is moved to the shop's figure by an adjustment. */
    private void adjustNxt(JsonNode level, int shop, SyncCounts counts) {
        int delta = shop - level.path("quantityAvailable").asInt();
        String sku = level.path("sku").asText();
        try {
            nxt.inventoryMovement(sku, nxtProperties.onlineWarehouses().get(0), delta, "adjustment", "woo-stock-master",
                    "woo-master-" + sku + "-" + level.path("updatedAt").asText() + "-" + delta);
            counts.add("inventory", "push", "adjusted");
        } catch (com.nxtnd.hub.nxt.NxtApiException e) {
            if (e.isTransient()) {
                throw e;
            }
            counts.add("inventory", "push", "errors");
            recordError(sku, e.code(), e.getMessage(), level);
        }
    }

    private void recordError(String sku, String code, String message, JsonNode original) {
        errors.record(new ErrorLogRepository.NewError("woo", code == null ? "BatchItemError" : code, "sync-push",
                "woo-batch-writer", "inventory", "nxt:" + sku, message, null,
                original.toString().getBytes(StandardCharsets.UTF_8), null, 1));
    }

    /**
     * The stock writes of one run, sent together to route woo-batch-writer (routes/push.camel.yaml), which returns
     * when their /batch calls are done; a WooCommerce outage stops the run (it resumes later).
     */
    private static final class Writes {
        final PushRun run;
        final List<WooWrite> writes = new ArrayList<>();

        Writes(SyncRequest request, SyncCounts counts, List<Map<String, Object>> plan) {
            run = new PushRun(List.of("inventory"), request, counts, plan);
        }

        void send(ProducerTemplate producer) {
            if (!writes.isEmpty()) {
                producer.sendBody(PushSync.WRITER_ENDPOINT, writes);
            }
            run.throwIfStopped();
        }
    }
}
