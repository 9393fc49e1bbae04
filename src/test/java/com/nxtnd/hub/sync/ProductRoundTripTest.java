package com.nxtnd.hub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nxtnd.hub.HubIntegrationTest;
import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.sandbox.SandboxTrafficRegistry;
import com.nxtnd.hub.sandbox.nxt.NxtSandboxStore;
import com.nxtnd.hub.sandbox.woo.WooSandboxStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A product with every field set (issue 20, part 1): sale price and dates, short description, several categories
 * and tags, images, dimensions, weight, backorders and managed stock reach NXT-ND by a full pull, come back
 * unchanged on the next sync (nothing written, nothing counted changed), and an edit of each in NXT-ND reaches the
 * shop by a push, a category and a tag the shop does not have yet created there in one term batch each.
 */
class ProductRoundTripTest extends HubIntegrationTest {

    static final String SKU = "RT-PRODUCT-1";
    static final String FRONT = "http://127.0.0.1:9/rt/front.jpg";
    static final String BACK = "http://127.0.0.1:9/rt/back.jpg";
    static final String SIDE = "http://127.0.0.1:9/rt/side.jpg";

    @Autowired
    SyncService sync;
    @Autowired
    NxtClient nxt;
    @Autowired
    NxtSandboxStore nxtStore;
    @Autowired
    WooSandboxStore wooStore;
    @Autowired
    SandboxTrafficRegistry traffic;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;
    @Autowired
    CamelContext camel;

    @Test
    void everyProductFieldGoesBothWaysAndComesBackUnchanged() throws Exception {
        syncProducts("both"); // the seeded shop and NXT-ND settled first: the runs below are about this product
        awaitDueEventsProcessed(jdbc);

        long clothing = wooStore.createTerm("categories", json.createObjectNode().put("name", "RT Clothing")).path("id").asLong();
        long tees = wooStore.createTerm("categories", json.createObjectNode().put("name", "RT Tees & Tops")).path("id").asLong();
        long summer = wooStore.createTerm("tags", json.createObjectNode().put("name", "RT Summer")).path("id").asLong();
        long sale = wooStore.createTerm("tags", json.createObjectNode().put("name", "RT Sale")).path("id").asLong();
        ObjectNode input = json.createObjectNode().put("name", "Round-trip tee").put("sku", SKU)
                .put("regular_price", "24.00").put("sale_price", "19.5")
                .put("date_on_sale_from_gmt", "2026-01-01T00:00:00").put("date_on_sale_to_gmt", "2099-01-31T23:59:59")
                .put("description", "Long text\n\nsecond paragraph").put("short_description", "Short one\n\nShort two")
                .put("weight", "0.35").put("manage_stock", true).put("stock_quantity", 7).put("backorders", "notify");
        input.putArray("categories").add(json.createObjectNode().put("id", tees)).add(json.createObjectNode().put("id", clothing));
        input.putArray("tags").add(json.createObjectNode().put("id", summer)).add(json.createObjectNode().put("id", sale));
        input.putArray("images").add(json.createObjectNode().put("src", FRONT).put("alt", "Front"))
                .add(json.createObjectNode().put("src", BACK));
        input.putObject("dimensions").put("length", "30").put("width", "20.5").put("height", "2");
        long wooId;
        camel.getRouteController().stopRoute("webhook-inbox"); // the pull carries it, not the created webhook
        try {
            wooId = wooStore.createProduct(input, null).path("id").asLong();
            SyncService.Result pull = syncProducts("pull");
            assertThat(pull.counts().get("product").get("pull")).containsEntry("created", 1L);
        } finally {
            camel.getRouteController().startRoute("webhook-inbox");
        }
        awaitDueEventsProcessed(jdbc);

        JsonNode inNxt = nxtStore.productBySku(SKU).orElseThrow();
        assertThat(inNxt.path("unitPrice").asText()).isEqualTo("24.00");
        assertThat(inNxt.path("salePrice").asText()).isEqualTo("19.50");
        assertThat(inNxt.path("saleStart").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(inNxt.path("saleEnd").asText()).isEqualTo("2099-01-31T23:59:59Z");
        assertThat(inNxt.path("description").asText()).isEqualTo("Long text\n\nsecond paragraph");
        assertThat(inNxt.path("shortDescription").asText()).isEqualTo("Short one\n\nShort two"); // not the <p> view
        assertThat(names(inNxt.path("categories"))).containsExactlyInAnyOrder("RT Clothing", "RT Tees & Tops");
        assertThat(inNxt.path("category").asText()).isIn("RT Clothing", "RT Tees & Tops");
        assertThat(names(inNxt.path("tags"))).containsExactlyInAnyOrder("RT Summer", "RT Sale");
        assertThat(inNxt.path("images")).hasSize(2);
        assertThat(inNxt.path("images").get(0)).isEqualTo(json.readTree("""
                {"url":"%s","alt":"Front","position":0}""".formatted(FRONT)));
        assertThat(inNxt.path("images").get(1).path("url").asText()).isEqualTo(BACK);
        assertThat(inNxt.path("images").get(1).path("position").asInt()).isEqualTo(1);
        assertThat(inNxt.path("images").get(1).path("alt").asText(null)).isNull(); // no alt text in the shop
        assertThat(inNxt.path("dimensions")).isEqualTo(json.readTree("{\"length\":\"30\",\"width\":\"20.5\",\"height\":\"2\"}"));
        assertThat(inNxt.path("weight").asText()).isEqualTo("0.35");
        assertThat(inNxt.path("manageStock").asBoolean()).isTrue();
        assertThat(inNxt.path("backorders").asText()).isEqualTo("notify");

        JsonNode wooBefore = wooStore.get("products", wooId).orElseThrow();
        assertSecondSyncWritesNothing();
        assertThat(wooStore.get("products", wooId).orElseThrow()).isEqualTo(wooBefore);
        assertThat(nxt.get("products", inNxt.path("id").asText()).orElseThrow().path("version"))
                .isEqualTo(inNxt.path("version"));

        // edited in NXT-ND: every field, with a category and a tag the shop does not have yet
        ObjectNode edit = json.createObjectNode().put("salePrice", "17.25").put("saleStart", "2026-02-01T08:00:00Z")
                .put("saleEnd", "2099-03-01T00:00:00Z").put("shortDescription", "Shorter")
                .put("weight", "0.4").put("backorders", "yes");
        edit.putArray("categories").add("RT Clothing").add("RT Outlet");
        edit.putArray("tags").add("RT Summer").add("RT Clearance");
        ArrayNode images = edit.putArray("images");
        images.addObject().put("url", FRONT).put("alt", "Front view").put("position", 0);
        images.addObject().put("url", SIDE).put("alt", "Side").put("position", 1);
        edit.putObject("dimensions").put("length", "31").put("width", "20.5").put("height", "2.5");
        long frontImageId = wooBefore.path("images").get(0).path("id").asLong();
        traffic.woo().resetCalls();
        nxt.update("products", inNxt.path("id").asText(), edit, null, null);
        SyncService.Result push = sync.run("incremental", new SyncRequest("push", List.of("product"), true, false, false, null));
        assertThat(push.counts().get("product").get("push")).containsEntry("updated", 1L);
        assertThat(traffic.woo().calls("POST", "/products/categories/batch")).isEqualTo(1);
        assertThat(traffic.woo().calls("POST", "/products/tags/batch")).isEqualTo(1);

        JsonNode inWoo = wooStore.get("products", wooId).orElseThrow();
        assertThat(inWoo.path("sale_price").asText()).isEqualTo("17.25");
        assertThat(inWoo.path("date_on_sale_from_gmt").asText()).isEqualTo("2026-02-01T08:00:00");
        assertThat(inWoo.path("date_on_sale_to_gmt").asText()).isEqualTo("2099-03-01T00:00:00");
        assertThat(inWoo.path("on_sale").asBoolean()).isTrue();
        assertThat(inWoo.path("short_description").asText()).isEqualTo("Shorter");
        assertThat(inWoo.path("description").asText()).isEqualTo("Long text\n\nsecond paragraph");
        assertThat(names(inWoo.path("categories"))).containsExactlyInAnyOrder("RT Clothing", "RT Outlet");
        assertThat(names(inWoo.path("tags"))).containsExactlyInAnyOrder("RT Summer", "RT Clearance");
        assertThat(names(json.valueToTree(wooStore.terms("categories")))).contains("RT Outlet");
        assertThat(names(json.valueToTree(wooStore.terms("tags")))).contains("RT Clearance");
        // the image the shop has is named by its id (no second download), the new one by its URL
        assertThat(inWoo.path("images").get(0).path("id").asLong()).isEqualTo(frontImageId);
        assertThat(inWoo.path("images").get(0).path("alt").asText()).isEqualTo("Front view");
        assertThat(inWoo.path("images").get(1).path("src").asText()).isEqualTo(SIDE);
        assertThat(inWoo.path("images")).hasSize(2);
        assertThat(inWoo.path("dimensions")).isEqualTo(json.readTree("{\"length\":\"31\",\"width\":\"20.5\",\"height\":\"2.5\"}"));
        assertThat(inWoo.path("weight").asText()).isEqualTo("0.4");
        assertThat(inWoo.path("backorders").asText()).isEqualTo("yes");
        assertThat(inWoo.path("manage_stock").asBoolean()).isTrue();

        awaitDueEventsProcessed(jdbc); // the push's own webhook echo
        JsonNode nxtAfterPush = nxt.get("products", inNxt.path("id").asText()).orElseThrow();
        assertSecondSyncWritesNothing();
        assertThat(nxt.get("products", inNxt.path("id").asText()).orElseThrow()).isEqualTo(nxtAfterPush);
    }

    private static List<String> names(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.isObject() ? n.path("name").asText() : n.asText()));
        return out;
    }

    private SyncService.Result syncProducts(String direction) {
        SyncService.Result r = sync.run("full", new SyncRequest(direction, List.of("product"), false, false, false, null));
        assertThat(r.status()).isEqualTo("completed");
        return r;
    }

    private void assertSecondSyncWritesNothing() {
        traffic.woo().resetCalls();
        traffic.nxt().resetCalls();
        SyncService.Result again = syncProducts("both");
        Map<String, Long> pull = again.counts().get("product").get("pull");
        Map<String, Long> push = again.counts().get("product").get("push");
        assertThat(pull.keySet()).as("%s", pull).isSubsetOf("unchanged", "pages", "skipped");
        assertThat(push.keySet()).as("%s", push).isSubsetOf("unchanged", "skipped");
        assertThat(writes(traffic.woo().calls())).as("%s", traffic.woo().calls()).isZero();
        assertThat(writes(traffic.nxt().calls())).as("%s", traffic.nxt().calls()).isZero();
    }

    private static long writes(Map<String, Long> calls) {
        return calls.entrySet().stream().filter(e -> e.getKey().startsWith("POST ") || e.getKey().startsWith("PUT "))
                .mapToLong(Map.Entry::getValue).sum();
    }
}
