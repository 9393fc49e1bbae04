package com.nxtnd.hub.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.sandbox.nxt.NxtSandboxStore;
import com.nxtnd.hub.woo.WooCommerceClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A change in the WooCommerce sandbox reaches the NXT-ND sandbox through a real signed delivery to the hub. */
class WebhookEndToEndTest extends WebhookTestSupport {

    @Autowired
    WooCommerceClient woo;
    @Autowired
    NxtSandboxStore nxt;
    @Autowired
    WebhookRegistrar registrar;

    @Autowired
    ObjectMapper json;

    @Test
    void theEmbeddedDefaultRegistersTheStoresWebhooksAndInitializeKeepsThem() throws Exception {
        HttpResponse<String> init = http.send(HttpRequest.newBuilder(URI.create(url("/api/woocommerce/initialize")))
                .header("Authorization", admin()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(init.statusCode()).isEqualTo(200);
        JsonNode report = json.readTree(init.body());
        assertThat(report.path("woocommerce").asText()).isEqualTo("ok");
        assertThat(report.path("webhooks").path("product.updated").asText()).isEqualTo("kept");
        assertThat(jdbc.queryForObject("select count(*) from wc_webhook_events where status = 'ping'", Long.class))
                .isGreaterThanOrEqualTo(WebhookRegistrar.TOPICS.size());
    }

    @Test
    void webhooksAnEarlierInstallLeftWithAnotherSecretAreRekeyedByInitialize() throws Exception {
        // a new hub (empty store) finds the store's webhooks, signed with a secret it does not know: the store never
        // shows a secret, so only the hub's own record of what it set can tell
        for (JsonNode w : woo.list("webhooks", java.util.Map.of(), 1, 100).items()) {
            woo.update("webhooks", w.path("id").asLong(), json.createObjectNode().put("secret", "an-earlier-install"));
        }
        jdbc.update("delete from wc_sync_watermarks where name like 'webhook-secret:%'");

        HttpResponse<String> init = http.send(HttpRequest.newBuilder(URI.create(url("/api/woocommerce/initialize")))
                .header("Authorization", admin()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
        JsonNode report = json.readTree(init.body()).path("webhooks");
        WebhookRegistrar.TOPICS.forEach(t -> assertThat(report.path(t).asText()).as(t).isEqualTo("rekeyed"));

        JsonNode product = woo.create("products", json.createObjectNode().put("name", "Rekeyed mug")
                .put("sku", "E2E-REKEY-1").put("regular_price", "9.00"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(nxt.productBySku("E2E-REKEY-1")).isPresent());
        assertThat(jdbc.queryForObject("select count(*) from wc_webhook_events where resource_id = ? and "
                + "signature_status <> 'valid'", Long.class, product.path("id").asLong())).isZero();
        // and the next initialize keeps them
        JsonNode again = json.readTree(http.send(HttpRequest.newBuilder(URI.create(url("/api/woocommerce/initialize")))
                .header("Authorization", admin()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).body()).path("webhooks");
        assertThat(again.path("product.updated").asText()).isEqualTo("kept");
    }

    @Test
    void aProductEditedInWooCommerceAppearsInNxt() {
        JsonNode product = woo.create("products", json.createObjectNode().put("name", "End to end mug")
                .put("sku", "E2E-MUG-1").put("regular_price", "12.00"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(nxt.productBySku("E2E-MUG-1")).isPresent());
        woo.update("products", product.path("id").asLong(), json.createObjectNode().put("regular_price", "14.50"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(nxt.productBySku("E2E-MUG-1").orElseThrow().path("unitPrice").asText()).isEqualTo("14.50"));
        assertThat(jdbc.queryForObject("select count(*) from wc_webhook_events where resource_id = ? and "
                + "signature_status = 'valid'", Long.class, product.path("id").asLong())).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aNewCustomerAndAPaidOrderInWooCommerceReachNxt() {
        JsonNode customer = woo.create("customers", json.createObjectNode().put("email", "e2e.buyer@example.com")
                .put("first_name", "Eve").put("last_name", "Buyer"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(nxt.customerByEmail("e2e.buyer@example.com")).isPresent());
        long productId = woo.findBySku("SKU-0040").get(0).path("id").asLong();
        var order = json.createObjectNode().put("customer_id", customer.path("id").asLong()).put("set_paid", true);
        order.putArray("line_items").addObject().put("product_id", productId).put("quantity", 1);
        JsonNode created = woo.create("orders", order);
        String ref = "woo-order-" + created.path("id").asLong();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
            JsonNode nxtOrder = nxt.orderByExternalRef(ref).orElseThrow();
            assertThat(nxtOrder.path("customerId").asText())
                    .isEqualTo(nxt.customerByEmail("e2e.buyer@example.com").orElseThrow().path("id").asText());
            // the order reserves its line; it moves no stock of its own (no sale movement)
            assertThat(nxtOrder.path("items").get(0).path("sku").asText()).isEqualTo("SKU-0040");
            assertThat(nxt.movements()).noneMatch(m -> m.path("reference").asText().equals(ref));
        });
    }
}
