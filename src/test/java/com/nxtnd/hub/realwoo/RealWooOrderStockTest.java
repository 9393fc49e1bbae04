package com.nxtnd.hub.realwoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nxtnd.hub.HubIntegrationTest;
import com.nxtnd.hub.sandbox.nxt.NxtSandboxStore;
import com.nxtnd.hub.webhook.CapturedDelivery;
import com.nxtnd.hub.woo.WooCommerceClient;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Stock and orders against a real WooCommerce 8.9.1 store (README "Stock and orders"): the first connection keeps the
 * shop's figures, an order moves stock once, a refund puts back what the store restocked, a completion consumes the
 * reservation, and a product force-deleted in the store (no webhook) is found by the reconcile. Runs only when
 * REALWOO_BASE_URL (with WOO_CK and WOO_CS) is set; CI stays on the sandboxes. NXT-ND is the embedded sandbox, emptied
 * first.
 *
 * <p>The store's deliveries are the order as its REST API reads it, signed and sent here by the test: WooCommerce builds
 * a webhook's payload through the same REST controller, and its own queue (Action Scheduler on WP-Cron) delivers up to
 * a minute later, so waiting for it would make the test slow and uncertain. Each is sent twice, as the store may.
 */
@EnabledIfEnvironmentVariable(named = "REALWOO_BASE_URL", matches = ".+")
class RealWooOrderStockTest extends HubIntegrationTest {

    private static final String SECRET = "realwoo-test-secret"; // RealWooStore.pointAt

    @DynamicPropertySource
    static void realStore(DynamicPropertyRegistry registry) {
        RealWooStore.pointAt(registry);
    }

    @Autowired
    WooCommerceClient woo;
    @Autowired
    NxtSandboxStore nxtStore;
    @Autowired
    ObjectMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anOrderMovesStockOnceItsRefundPutsBackWhatTheStoreRestockedAndAForceDeleteIsFoundByTheReconcile()
            throws Exception {
        nxtStore.seed(0, 0);
        String tag = "RWO" + System.currentTimeMillis();
        JsonNode a = woo.create("products", product(tag + "-A", 10));
        JsonNode b = woo.create("products", product(tag + "-B", 5));

        // first connection: NXT-ND opens with the shop's figures, and the shop keeps them
        completed(adminPost("/api/woocommerce/sync/full", "{\"direction\":\"pull\",\"entityTypes\":[\"product\"]}"));
        completed(adminPost("/api/woocommerce/sync/full", "{\"type\":\"inventory_sync\"}"));
        assertLevel(tag + "-A", 10, 0);
        assertLevel(tag + "-B", 5, 0);
        assertThat(shopStock(a)).isEqualTo(10);

        // a paid order: the store takes 2 off, NXT-ND reserves 2, once
        long orderId = woo.create("orders", order(a, 2)).path("id").asLong();
        assertThat(shopStock(a)).isEqualTo(8);
        deliverTwice("order.created", orderId);
        awaitLevel(tag + "-A", 10, 2);
        assertThat(shopStock(a)).isEqualTo(8);

        // a refund of one, restocked by the store: NXT-ND records it once and puts one back
        long lineId = woo.find("orders", orderId).orElseThrow().path("line_items").get(0).path("id").asLong();
        ObjectNode refund = json.createObjectNode().put("amount", "12.50").put("reason", "real-store test")
                .put("api_refund", false).put("api_restock", true);
        refund.putArray("line_items").addObject().put("id", lineId).put("quantity", 1).put("refund_total", "12.50");
        woo.create("orders/" + orderId + "/refunds", refund);
        assertThat(shopStock(a)).isEqualTo(9);
        deliverTwice("order.updated", orderId);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(nxtOrder(orderId).path("refunds"))
                .singleElement().satisfies(r -> assertThat(r.path("lines")).singleElement().satisfies(l -> {
                    assertThat(l.path("quantity").asInt()).isEqualTo(1);
                    assertThat(l.path("restock").asBoolean()).isTrue();
                })));
        awaitLevel(tag + "-A", 10, 1);
        assertThat(shopStock(a)).isEqualTo(9);

        // the shop ships (completed): the reservation is consumed, no stock moves in the shop
        woo.update("orders", orderId, json.createObjectNode().put("status", "completed"));
        deliverTwice("order.updated", orderId);
        awaitLevel(tag + "-A", 9, 0);
        assertThat(nxtOrder(orderId).path("status").asText()).isEqualTo("delivered");
        assertThat(shopStock(a)).isEqualTo(9);
        // orders move stock through their own life only: no sale movement
        assertThat(nxtStore.movements()).noneMatch(m -> "sale".equals(m.path("type").asText()));

        // a force-delete sends no webhook: the reconcile finds it and deactivates the NXT-ND product
        woo.delete("products", b.path("id").asLong(), true);
        HttpResponse<String> reconcile = adminPost("/api/woocommerce/sync/reconcile", "{\"entityTypes\":[\"product\"]}");
        assertThat(reconcile.statusCode()).as(reconcile.body()).isEqualTo(200);
        assertThat(json.readTree(reconcile.body()).path("status").asText()).as(reconcile.body()).isEqualTo("completed");
        assertThat(nxtStore.productBySku(tag + "-B").orElseThrow().path("isActive").asBoolean()).isFalse();
        assertThat(nxtStore.productBySku(tag + "-A").orElseThrow().path("isActive").asBoolean()).isTrue();
    }

    private ObjectNode product(String sku, int stock) {
        return json.createObjectNode().put("name", "Real order test " + sku).put("sku", sku).put("regular_price", "12.50")
                .put("manage_stock", true).put("stock_quantity", stock).put("status", "publish");
    }

    private ObjectNode order(JsonNode product, int quantity) {
        ObjectNode order = json.createObjectNode().put("status", "processing").put("set_paid", true);
        order.putObject("billing").put("first_name", "Real").put("last_name", "Order")
                .put("email", "real-order-" + product.path("id").asText() + "@example.com");
        order.putArray("line_items").addObject().put("product_id", product.path("id").asLong()).put("quantity", quantity);
        return order;
    }

    private int shopStock(JsonNode product) {
        return woo.find("products", product.path("id").asLong()).orElseThrow().path("stock_quantity").asInt();
    }

    private JsonNode nxtOrder(long wooOrderId) {
        return nxtStore.orderByExternalRef("woo-order-" + wooOrderId).orElseThrow();
    }

    private void assertLevel(String sku, int onHand, int reserved) {
        JsonNode level = nxtStore.inventoryLevel(sku).orElseThrow();
        assertThat(List.of(level.path("quantityOnHand").asInt(), level.path("quantityReserved").asInt()))
                .as("%s on hand, reserved: %s", sku, level).containsExactly(onHand, reserved);
    }

    private void awaitLevel(String sku, int onHand, int reserved) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertLevel(sku, onHand, reserved));
    }

    private void completed(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json.readTree(response.body()).path("status").asText()).as(response.body()).isEqualTo("completed");
    }

    /** The order as the store reads it now, delivered twice under one delivery id (it is not unique in WooCommerce). */
    private void deliverTwice(String topic, long orderId) throws Exception {
        CapturedDelivery delivery = CapturedDelivery.of(topic,
                        json.writeValueAsBytes(woo.find("orders", orderId).orElseThrow()), SECRET)
                .withHeader("X-WC-Webhook-Source", System.getenv("REALWOO_BASE_URL") + "/")
                .withHeader("X-WC-Webhook-Delivery-ID", UUID.randomUUID().toString());
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> r = delivery.send(http, baseUrl() + "/api/woocommerce/webhooks/order");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
    }
}
