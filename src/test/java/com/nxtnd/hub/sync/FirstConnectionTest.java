package com.nxtnd.hub.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.HubIntegrationTest;
import com.nxtnd.hub.sandbox.SandboxTrafficRegistry;
import com.nxtnd.hub.sandbox.nxt.NxtSandboxStore;
import com.nxtnd.hub.sandbox.woo.WooSandboxStore;
import com.nxtnd.hub.webhook.WebhookRegistrar;
import com.nxtnd.hub.woo.WooCommerceClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * A shop connected for the first time (the sandbox's 200 products with stock, variations, some without managed
 * stock, 100 orders of every status) to an empty NXT-ND: the first full sync must keep every figure of the shop and
 * give NXT-ND the same available stock; the second writes nothing. Its own hub and sandboxes (a fresh context).
 */
@TestPropertySource(properties = "hub.stock.master=nxt")
class FirstConnectionTest extends HubIntegrationTest {

    @Autowired
    SyncService sync;
    @Autowired
    WooSandboxStore shop;
    @Autowired
    NxtSandboxStore nxtStore;
    @Autowired
    WooCommerceClient woo;
    @Autowired
    SandboxTrafficRegistry traffic;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;

    @Test
    void theFirstFullSyncKeepsTheShopsStockAndGivesNxtTheSameAndTheSecondWritesNothing() {
        await().atMost(Duration.ofSeconds(60)).until(() -> shop.count("webhooks") >= WebhookRegistrar.TOPICS.size());
        nxtStore.seed(0, 0);
        for (String sku : List.of("SKU-0005", "SKU-0006")) {
            shop.updateProduct(shop.productBySku(sku).orElseThrow().path("id").asLong(),
                    json.createObjectNode().put("manage_stock", false));
        }
        awaitDueEventsProcessed(jdbc);
        Map<String, JsonNode> before = shopProducts();
        List<String> managed = before.entrySet().stream().filter(e -> e.getValue().path("manage_stock").asBoolean())
                .map(Map.Entry::getKey).toList();
        assertThat(managed).hasSizeGreaterThanOrEqualTo(200).contains("SKU-0191-M");

        int nxtProducts = nxtStore.productsCount(); // the two edits above reached NXT-ND by webhook
        SyncService.Result dry = sync.run("full", new SyncRequest("both", null, false, false, true, null));
        assertThat(dry.plan()).filteredOn(i -> "opening".equals(i.get("action"))).hasSize(managed.size())
                .anySatisfy(i -> {
                    assertThat(i.get("sku")).isEqualTo("SKU-0010");
                    assertThat(i.get("shopStock")).isEqualTo(before.get("SKU-0010").path("stock_quantity").asInt());
                });
        assertThat(nxtStore.productsCount()).isEqualTo(nxtProducts);
        assertThat(nxtStore.movements()).isEmpty();

        SyncService.Result first = sync.run("full", new SyncRequest("both", null, false, false, false, null));
        assertThat(first.status()).as(first.error()).isEqualTo("completed");
        awaitDueEventsProcessed(jdbc);
        Map<String, JsonNode> after = shopProducts();
        for (String sku : before.keySet()) {
            JsonNode was = before.get(sku);
            JsonNode is = after.get(sku);
            assertThat(is.path("stock_quantity")).as("shop stock of %s", sku).isEqualTo(was.path("stock_quantity"));
            assertThat(is.path("manage_stock")).as("shop manages stock of %s", sku).isEqualTo(was.path("manage_stock"));
            JsonNode level = nxtStore.inventoryLevel(sku).orElseThrow(() -> new AssertionError(sku + " not in NXT-ND"));
            if (managed.contains(sku)) {
                assertThat(level.path("quantityAvailable").asInt()).as("NXT-ND available of %s", sku)
                        .isEqualTo(was.path("stock_quantity").asInt());
            } else {
                assertThat(level.path("known").asBoolean()).as("NXT-ND keeps no stock for %s", sku).isFalse();
            }
        }
        assertThat(nxtStore.movements()).filteredOn(m -> m.path("type").asText().equals("opening")).hasSize(managed.size());

        traffic.woo().resetCalls();
        traffic.nxt().resetCalls();
        SyncService.Result second = sync.run("full", new SyncRequest("both", null, false, false, false, null));
        assertThat(second.status()).isEqualTo("completed");
        for (String method : List.of("POST", "PUT", "DELETE")) {
            assertThat(traffic.nxt().calls(method, "")).as("NXT-ND %s calls: %s", method, traffic.nxt().calls()).isZero();
            assertThat(traffic.woo().calls(method, "")).as("WooCommerce %s calls: %s", method, traffic.woo().calls()).isZero();
        }
    }

    /** Every product and variation of the shop by SKU, as the REST API reads them. */
    Map<String, JsonNode> shopProducts() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        woo.stream("products", Map.of("orderby", "id", "order", "asc"), 100).forEach(p -> {
            if ("variable".equals(p.path("type").asText())) {
                woo.stream("products/" + p.path("id").asLong() + "/variations", Map.of(), 100)
                        .forEach(v -> out.put(v.path("sku").asText(), v));
            } else {
                out.put(p.path("sku").asText(), p);
            }
        });
        return out;
    }
}
