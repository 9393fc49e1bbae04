package com.nxtnd.hub.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nxtnd.hub.HubIntegrationTest;
import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.sandbox.nxt.NxtSandboxStore;
import com.nxtnd.hub.sandbox.woo.WooSandboxStore;
import com.nxtnd.hub.webhook.WebhookRegistrar;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The order life drill of the issue "Stock and orders a shop can trust", end to end through both sandboxes, the
 * store's webhooks and the hub: two products with stock 10 on both sides; after every step both sides' stock is
 * compared for both products, not only the one touched.
 */
class OrderLifecycleDrillTest extends HubIntegrationTest {

    @Autowired
    WooSandboxStore shop;
    @Autowired
    NxtSandboxStore nxtStore;
    @Autowired
    NxtClient nxt;
    @Autowired
    SyncService sync;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;

    final HttpClient http = HttpClient.newHttpClient();
    static final List<String> SKUS = List.of("LIFE-A", "LIFE-B");

    @Test
    void paidEditedShippedRefundedAndCancelledOrdersMoveStockOnceOnBothSides() throws Exception {
        // the hub registers its webhooks with the store once its intake serves
        await().atMost(Duration.ofSeconds(60)).until(() -> shop.count("webhooks") >= WebhookRegistrar.TOPICS.size());
        long a = product("LIFE-A", "12.00");
        long b = product("LIFE-B", "7.50");
        await().atMost(Duration.ofSeconds(60)).until(() -> SKUS.stream().allMatch(s -> nxtStore.productBySku(s).isPresent()));
        SKUS.forEach(s -> nxt.inventoryMovement(s, "MAIN", 10, "opening", "drill", "drill-opening-" + s));
        expect(Map.of("LIFE-A", 10, "LIFE-B", 10));

        // a paid order of 2: NXT-ND reserves 2 (available 8), the shop took 2 (8)
        ObjectNode paid = json.createObjectNode().put("set_paid", true).put("payment_method", "bacs");
        paid.putArray("line_items").addObject().put("product_id", a).put("quantity", 2);
        long order = shop.createOrder(paid).path("id").asLong();
        String ref = "woo-order-" + order;
        await().atMost(Duration.ofSeconds(60)).until(() -> nxtStore.orderByExternalRef(ref).isPresent());
        expect(Map.of("LIFE-A", 8, "LIFE-B", 10));
        assertThat(nxtOrder(ref).path("status").asText()).isEqualTo("approved");
        assertThat(nxtStore.movements()).noneMatch(m -> m.path("type").asText().equals("sale")
                && SKUS.contains(m.path("sku").asText()));

        // the line edited to 3 in the shop (the store moves no stock for an API edit; NXT-ND reserves one more and
        // the shop is given NXT-ND's figure)
        long line = shop.get("orders", order).orElseThrow().path("line_items").get(0).path("id").asLong();
        ObjectNode edit = json.createObjectNode();
        edit.putArray("line_items").addObject().put("id", line).put("quantity", 3);
        shop.updateOrder(order, edit);
        await().atMost(Duration.ofSeconds(60)).until(() -> nxtOrder(ref).path("items").get(0).path("quantity").asInt() == 3);
        expect(Map.of("LIFE-A", 7, "LIFE-B", 10));
        assertThat(nxtOrder(ref).path("total").asText()).isEqualTo("36.00");

        // shipped in NXT-ND with a tracking number: consumed there, completed in the shop with a note to the customer
        shipInNxt(nxtOrder(ref).path("id").asText(), "1Z999", "UPS");
        SyncService.Result push = sync.run("incremental", new SyncRequest("push", List.of("order"), true, false, false, null));
        assertThat(push.status()).isEqualTo("completed");
        assertThat(shop.get("orders", order).orElseThrow().path("status").asText()).isEqualTo("completed");
        assertThat(shop.orderNotes(order)).anySatisfy(n -> {
            assertThat(n.path("customer_note").asBoolean()).isTrue();
            assertThat(n.path("note").asText()).contains("1Z999").contains("UPS");
        });
        JsonNode level = nxtStore.inventoryLevel("LIFE-A").orElseThrow();
        assertThat(level.path("quantityOnHand").asInt()).isEqualTo(7);
        assertThat(level.path("quantityReserved").asInt()).isZero();
        // the store's order.updated echo of "completed" changes nothing in NXT-ND
        awaitEchoOf(order);
        assertThat(nxtOrder(ref).path("status").asText()).isEqualTo("shipped");
        expect(Map.of("LIFE-A", 7, "LIFE-B", 10));

        // a partial refund of 1 with restock in the shop: back on hand in NXT-ND, and in the shop
        ObjectNode refund = json.createObjectNode().put("amount", "12.00").put("reason", "one broken").put("api_restock", true);
        refund.putArray("line_items").addObject().put("id", line).put("quantity", 1).put("refund_total", 12);
        shop.refundOrder(order, refund);
        await().atMost(Duration.ofSeconds(60)).until(() -> nxtOrder(ref).path("refunds").size() == 1);
        expect(Map.of("LIFE-A", 8, "LIFE-B", 10));
        JsonNode refunded = nxtOrder(ref);
        assertThat(refunded.path("refundedTotal").asText()).isEqualTo("12.00");
        assertThat(refunded.path("refunds").get(0).path("lines").get(0).path("restock").asBoolean()).isTrue();
        assertThat(refunded.path("status").asText()).isEqualTo("shipped"); // a partial refund leaves the status

        // a second order, paid then cancelled in the shop: stock back on both sides
        ObjectNode second = json.createObjectNode().put("set_paid", true);
        second.putArray("line_items").addObject().put("product_id", b).put("quantity", 4);
        long other = shop.createOrder(second).path("id").asLong();
        await().atMost(Duration.ofSeconds(60)).until(() -> nxtStore.orderByExternalRef("woo-order-" + other).isPresent());
        expect(Map.of("LIFE-A", 8, "LIFE-B", 6));
        shop.updateOrder(other, json.createObjectNode().put("status", "cancelled"));
        await().atMost(Duration.ofSeconds(60)).until(() -> "cancelled".equals(nxtOrder("woo-order-" + other).path("status").asText()));
        expect(Map.of("LIFE-A", 8, "LIFE-B", 10));
        assertThat(nxtStore.movements()).noneMatch(m -> m.path("type").asText().equals("sale")
                && SKUS.contains(m.path("sku").asText()));
    }

    @Test
    void anOrderWithACouponAFeeTwoShippingLinesAndTaxAddsUpInNxtToTheCent() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> shop.count("webhooks") >= WebhookRegistrar.TOPICS.size());
        long p = product("TOTAL-A", "12.99");
        long variation = shop.productBySku("SKU-0191-M").orElseThrow().path("id").asLong();
        shop.setTaxRate(new java.math.BigDecimal("7.5"));
        try {
            ObjectNode o = json.createObjectNode().put("set_paid", true).put("payment_method", "stripe")
                    .put("transaction_id", "ch_123").put("customer_note", "Leave at the door");
            o.putArray("line_items").addObject().put("product_id", p).put("quantity", 3);
            ((com.fasterxml.jackson.databind.node.ArrayNode) o.path("line_items")).addObject().put("variation_id", variation)
                    .put("quantity", 1);
            o.putArray("coupon_lines").addObject().put("code", "save10");
            o.putArray("fee_lines").addObject().put("name", "Gift wrap").put("total", "2.35");
            o.putArray("shipping_lines").addObject().put("method_id", "flat_rate").put("method_title", "Flat").put("total", "4.10");
            ((com.fasterxml.jackson.databind.node.ArrayNode) o.path("shipping_lines")).addObject().put("method_id", "local")
                    .put("method_title", "Second parcel").put("total", "1.95");
            o.putObject("billing").put("first_name", "Ana").put("last_name", "Payer").put("email", "ana@example.com");
            o.putObject("shipping").put("first_name", "Rui").put("last_name", "Receiver").put("address_1", "Rua 1");
            JsonNode made = shop.createOrder(o);
            String ref = "woo-order-" + made.path("id").asLong();
            await().atMost(Duration.ofSeconds(60)).until(() -> nxtStore.orderByExternalRef(ref).isPresent());
            JsonNode n = nxtOrder(ref);
            java.math.BigDecimal sum = new java.math.BigDecimal(n.path("subtotal").asText())
                    .add(new java.math.BigDecimal(n.path("shippingTotal").asText()))
                    .add(new java.math.BigDecimal(n.path("feeTotal").asText()))
                    .add(new java.math.BigDecimal(n.path("taxTotal").asText()))
                    .subtract(new java.math.BigDecimal(n.path("discountTotal").asText()));
            assertThat(n.path("total").asText()).isEqualTo(made.path("total").asText());
            assertThat(sum.toPlainString()).isEqualTo(made.path("total").asText());
            assertThat(new java.math.BigDecimal(made.path("total_tax").asText())).isPositive();
            assertThat(n.path("couponCodes").get(0).asText()).isEqualTo("save10");
            assertThat(n.path("shippingLines")).hasSize(2);
            assertThat(n.path("feeLines").get(0).path("name").asText()).isEqualTo("Gift wrap");
            assertThat(n.path("taxLines")).hasSize(1);
            assertThat(n.path("items").get(1).path("sku").asText()).isEqualTo("SKU-0191-M");
            assertThat(n.path("paymentMethod").asText()).isEqualTo("stripe");
            assertThat(n.path("transactionId").asText()).isEqualTo("ch_123");
            assertThat(n.path("notes").asText()).isEqualTo("Leave at the door");
            assertThat(n.path("billingAddress").path("lastName").asText()).isEqualTo("Payer");
            assertThat(n.path("shippingAddress").path("firstName").asText()).isEqualTo("Rui");
        } finally {
            shop.setTaxRate(java.math.BigDecimal.ZERO);
        }
    }

    @Test
    void withTheShopAsStockMasterDriftIsBookedIntoNxtAsAnAdjustment(
            @Autowired com.nxtnd.hub.nxt.NxtProperties nxtProperties,
            @Autowired com.nxtnd.hub.mapping.MappingService mappings,
            @Autowired com.nxtnd.hub.stock.OpeningStock openings,
            @Autowired com.nxtnd.hub.store.ErrorLogRepository errors,
            @Autowired org.apache.camel.ProducerTemplate producer,
            @Autowired com.nxtnd.hub.woo.WooCommerceClient woo,
            @Autowired com.nxtnd.hub.store.EntityMappingRepository pairs) throws Exception {
        long p = product("MASTER-W", "3.00");
        await().atMost(Duration.ofSeconds(60)).until(() -> nxtStore.productBySku("MASTER-W").isPresent());
        nxt.inventoryMovement("MASTER-W", "MAIN", 4, "opening", "test", "test-opening-MASTER-W");
        shop.updateProduct(p, json.createObjectNode().put("stock_quantity", 9)); // counted in the shop
        InventoryReconcile shopWins = new InventoryReconcile(woo, nxt, nxtProperties, mappings, openings,
                new com.nxtnd.hub.stock.StockProperties("woo", true), errors, producer, pairs);
        SyncCounts counts = new SyncCounts();
        shopWins.reconcile(new SyncRequest("push", List.of("inventory"), false, false, false, null), counts,
                new java.util.ArrayList<>());
        assertThat(nxtStore.inventoryLevel("MASTER-W").orElseThrow().path("quantityAvailable").asInt()).isEqualTo(9);
        assertThat(shop.productBySku("MASTER-W").orElseThrow().path("stock_quantity").asInt()).isEqualTo(9);
        assertThat(nxtStore.movements()).anySatisfy(m -> {
            assertThat(m.path("sku").asText()).isEqualTo("MASTER-W");
            assertThat(m.path("type").asText()).isEqualTo("adjustment");
            assertThat(m.path("quantity").asInt()).isEqualTo(5);
        });
    }

    long product(String sku, String price) {
        return shop.createProduct(json.createObjectNode().put("name", "Drill " + sku).put("sku", sku)
                .put("regular_price", price).put("manage_stock", true).put("stock_quantity", 10), null).path("id").asLong();
    }

    JsonNode nxtOrder(String ref) {
        return nxtStore.orderByExternalRef(ref).orElseThrow();
    }

    /** Both sides equal the expected figure for every drill product, once the hub has settled. */
    void expect(Map<String, Integer> available) {
        awaitDueEventsProcessed(jdbc);
        Supplier<String> sides = () -> SKUS.stream().map(s -> s + " shop " + shop.productBySku(s).orElseThrow()
                .path("stock_quantity").asInt() + " nxt " + nxtStore.inventoryLevel(s).orElseThrow()
                .path("quantityAvailable").asInt()).toList().toString();
        await().atMost(Duration.ofSeconds(30)).alias("stock " + available).untilAsserted(() -> {
            for (String sku : SKUS) {
                assertThat(nxtStore.inventoryLevel(sku).orElseThrow().path("quantityAvailable").asInt())
                        .as("NXT-ND available of %s (%s)", sku, sides.get()).isEqualTo(available.get(sku));
                assertThat(shop.productBySku(sku).orElseThrow().path("stock_quantity").asInt())
                        .as("shop stock of %s (%s)", sku, sides.get()).isEqualTo(available.get(sku));
            }
        });
    }

    void shipInNxt(String id, String tracking, String carrier) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/sandbox/nxt/api/orders/" + id + "/status"))
                .header("Authorization", "Bearer sandbox-token").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json.createObjectNode().put("status", "shipped")
                        .put("trackingNumber", tracking).put("carrier", carrier).toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    /** The store's delivery of the order after the hub's write has been stored and applied. */
    void awaitEchoOf(long order) {
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject("""
                select count(*) from wc_webhook_events where resource = 'order' and resource_id = ?
                  and status in ('processed', 'echo')
                  and convert_from(payload, 'UTF8')::jsonb->>'status' = 'completed'""", Long.class, order) > 0);
        awaitDueEventsProcessed(jdbc);
    }
}
