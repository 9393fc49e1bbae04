package com.nxtnd.hub.sandbox.nxt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nxtnd.hub.HubIntegrationTest;
import com.nxtnd.hub.nxt.NxtApiException;
import com.nxtnd.hub.nxt.NxtClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The NXT-ND sandbox against contracts/nxt-nd-api.md, spoken to through the hub's own NXT-ND client. */
class NxtSandboxContractTest extends HubIntegrationTest {

    @Autowired
    NxtClient nxt;
    @Autowired
    NxtSandboxStore store;
    @Autowired
    ObjectMapper json;

    @Test
    void wrongTokenIs401WithTheContractsBody() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(baseUrl() + "/sandbox/nxt/api/products")).header("Authorization", "Bearer nope").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).isEqualTo("{\"success\":false,\"error\":\"Not authorized to access this route\"}");
    }

    @Test
    void seededCatalogueIsPagedByUpdatedAtWithPagination() {
        NxtClient.Page first = nxt.list("products", 1, 50, null);
        assertThat(first.totalCount()).isGreaterThanOrEqualTo(170);
        assertThat(first.items()).hasSize(50);
        assertThat(first.totalPages()).isEqualTo((int) ((first.totalCount() + 49) / 50));
        List<String> updated = first.items().stream().map(p -> p.path("updatedAt").asText()).toList();
        assertThat(updated).isSorted();
        assertThat(nxt.findProductBySku("SKU-0001")).isPresent();
        assertThat(nxt.findProductBySku("NO-SUCH-SKU")).isEmpty(); // a 404 is an empty answer
        assertThat(nxt.findCustomerByEmail("CUSTOMER01@example.com")).isPresent();
    }

    /**
     * Product fields of the contract (issue 20): category is the first of categories, an older client's category
     * alone becomes the list; lists and objects default empty, manageStock true, backorders no; backorders and sale
     * dates are checked; a variant keeps parentSku and variantAttributes.
     */
    @Test
    void productCatalogueFieldsAsTheContractHasThem() throws Exception {
        JsonNode bare = nxt.create("products", json.createObjectNode().put("sku", "T-FIELDS-0").put("name", "Bare"), null);
        assertThat(bare.path("categories")).isEmpty();
        assertThat(bare.path("tags")).isEmpty();
        assertThat(bare.path("images")).isEmpty();
        assertThat(bare.path("variantAttributes").isObject()).isTrue();
        assertThat(bare.path("manageStock").asBoolean()).isTrue();
        assertThat(bare.path("backorders").asText()).isEqualTo("no");

        ObjectNode p = (ObjectNode) json.readTree("""
                {"sku":"T-FIELDS-1","name":"Fields","categories":["Shirts","Sale"],"tags":["summer"],
                 "salePrice":"9.50","saleStart":"2026-12-01T00:00:00Z","saleEnd":"2027-01-01T00:00:00Z",
                 "shortDescription":"short","dimensions":{"length":"1","width":"2","height":"3"},
                 "images":[{"url":"https://img.example/a.jpg","alt":"A","position":0}],"backorders":"notify",
                 "manageStock":false,"parentSku":"T-FIELDS-PARENT","variantAttributes":{"Size":"M"}}""");
        JsonNode created = nxt.create("products", p, null);
        try {
            assertFieldsOf(p, created);
        } finally {
            // a variant whose parent exists nowhere: later full syncs in this context would report it each run
            store.purge("products", created.path("id").asText());
        }
    }

    private void assertFieldsOf(ObjectNode p, JsonNode created) throws Exception {
        assertThat(created.path("category").asText()).isEqualTo("Shirts");
        for (String f : List.of("categories", "tags", "salePrice", "saleStart", "saleEnd", "shortDescription",
                "dimensions", "images", "backorders", "manageStock", "parentSku", "variantAttributes")) {
            assertThat(created.path(f)).as(f).isEqualTo(p.path(f));
        }
        String id = created.path("id").asText();
        assertThat(nxt.update("products", id, json.createObjectNode().put("category", "Outlet"), null, null)
                .path("categories")).isEqualTo(json.readTree("[\"Outlet\"]"));
        JsonNode relisted = nxt.update("products", id, json.createObjectNode().set("categories",
                json.readTree("[\"Coats\",\"Outlet\"]")), null, null);
        assertThat(relisted.path("category").asText()).isEqualTo("Coats");

        assertThatThrownBy(() -> nxt.update("products", id, json.createObjectNode().put("backorders", "maybe"), null, null))
                .isInstanceOf(NxtApiException.class).hasMessageContaining("backorders");
        assertThatThrownBy(() -> nxt.update("products", id, json.createObjectNode().put("saleStart", "next week"), null, null))
                .isInstanceOf(NxtApiException.class).hasMessageContaining("saleStart");
    }

    @Test
    void ifMatchVersionAndIdempotencyKey() {
        ObjectNode p = json.createObjectNode().put("sku", "T-IFMATCH").put("name", "If-Match test").put("unitPrice", "1.00");
        JsonNode created = nxt.create("products", p, "key-ifmatch-1");
        assertThat(nxt.create("products", p, "key-ifmatch-1").path("id")).isEqualTo(created.path("id"));
        assertThat(created.path("version").asInt()).isEqualTo(1);
        JsonNode updated = nxt.update("products", created.path("id").asText(), p.deepCopy().put("name", "v2"), 1, null);
        assertThat(updated.path("version").asInt()).isEqualTo(2);
        assertThatThrownBy(() -> nxt.update("products", created.path("id").asText(), p.deepCopy().put("name", "v3"), 1, null))
                .isInstanceOfSatisfying(NxtApiException.class, e -> assertThat(e.code()).isEqualTo("VERSION_CONFLICT"));
        assertThatThrownBy(() -> nxt.create("products", p, null))
                .isInstanceOfSatisfying(NxtApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.code()).isEqualTo("DUPLICATE_SKU");
                    assertThat(e.existingId()).isEqualTo(created.path("id").asText());
                });
    }

    @Test
    void batchUpsertReportsCreatedUpdatedUnchangedAndPerItemErrors() {
        List<JsonNode> items = List.of(
                json.createObjectNode().put("sku", "T-B1").put("name", "one"),
                json.createObjectNode().put("sku", "SKU-0002").put("name", store.productBySku("SKU-0002").orElseThrow()
                        .path("name").asText()),
                json.createObjectNode().put("sku", "SKU-0003").put("name", "renamed"),
                json.createObjectNode().put("name", "no sku"));
        JsonNode result = nxt.batchUpsert("products", items, List.of(), null).path("upserted");
        assertThat(result.get(0).path("status").asText()).isEqualTo("created");
        assertThat(result.get(1).path("status").asText()).isEqualTo("unchanged");
        assertThat(result.get(2).path("status").asText()).isEqualTo("updated");
        assertThat(result.get(3).path("error").path("code").asText()).isEqualTo("VALIDATION_ERROR");
    }

    @Test
    void inventoryLevelsCountOnlineWarehousesAndMovementsAreIdempotent() {
        JsonNode level = nxt.inventoryLevels(List.of("SKU-0010")).get(0);
        int available = level.path("quantityAvailable").asInt();
        assertThat(available).isEqualTo(20 + (10 * 7) % 80); // MAIN only, STORE is not online
        nxt.inventoryMovement("SKU-0010", "MAIN", -2, "sale", "woo-order-1", "woo-order-1-line-1");
        nxt.inventoryMovement("SKU-0010", "MAIN", -2, "sale", "woo-order-1", "woo-order-1-line-1");
        assertThat(nxt.inventoryLevels(List.of("SKU-0010")).get(0).path("quantityAvailable").asInt()).isEqualTo(available - 2);
        assertThatThrownBy(() -> nxt.inventoryMovement("SKU-0010", "MAIN", -100000, "sale", "x", null))
                .isInstanceOfSatisfying(NxtApiException.class, e -> assertThat(e.code()).isEqualTo("INSUFFICIENT_STOCK"));
    }

    @Test
    void ordersReserveAndCancellingReleasesAndTheChangesFeedIsInOrder() {
        String since = nxt.changes(null, 1_000_000).next();
        int before = store.inventoryLevel("SKU-0020").orElseThrow().path("quantityReserved").asInt();
        ObjectNode order = json.createObjectNode().put("externalRef", "woo-order-contract").put("status", "approved");
        order.putArray("items").addObject().put("sku", "SKU-0020").put("quantity", 3).put("unitPrice", "1.00");
        JsonNode created = nxt.createOrder(order, null);
        assertThat(store.inventoryLevel("SKU-0020").orElseThrow().path("quantityReserved").asInt()).isEqualTo(before + 3);
        nxt.updateOrderStatus(created.path("id").asText(), "cancelled", "test", null);
        assertThat(store.inventoryLevel("SKU-0020").orElseThrow().path("quantityReserved").asInt()).isEqualTo(before);
        assertThat(nxt.findOrderByExternalRef("woo-order-contract")).isPresent();

        NxtClient.Changes changes = nxt.changes(since, 500);
        List<Long> seqs = changes.changes().stream().map(c -> c.path("seq").asLong()).toList();
        assertThat(seqs).isSorted().isNotEmpty();
        assertThat(changes.changes()).anyMatch(c -> c.path("entity").asText().equals("order"))
                .anyMatch(c -> c.path("entity").asText().equals("inventory"));
        assertThat(changes.next()).isEqualTo(String.valueOf(seqs.get(seqs.size() - 1)));
        assertThat(nxt.changes(changes.next(), 500).changes()).isEmpty();
        assertThat(nxt.list("products", 1, 10, Instant.now().plusSeconds(3600)).items()).isEmpty();
    }
}
