package com.nxtnd.hub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** hub.products.missing-sku=generate: the shop gets SKU WOO-<id>, NXT-ND the product under it, one report. */
@TestPropertySource(properties = "hub.products.missing-sku=generate")
class SkuLessProductsGenerateTest extends SkuLessProductsTestSupport {

    @Test
    void aSkuLessProductGetsWooIdAsItsSkuOnBothSidesAndTheNextSyncIsQuiet() throws Exception {
        settleCatalogue();
        JsonNode created = skuLessProductPulled("Never had a SKU");
        long id = created.path("id").asLong();
        String sku = "WOO-" + id;

        assertThat(wooStore.get("products", id).orElseThrow().path("sku").asText()).isEqualTo(sku);
        JsonNode inNxt = nxtStore.productBySku(sku).orElseThrow();
        assertThat(inNxt.path("name").asText()).isEqualTo("Never had a SKU");
        assertThat(inNxt.path("unitPrice").asText()).isEqualTo("7.50");
        assertThat(jdbc.queryForObject("select nxt_id from wc_entity_mapping where entity_type = 'product' and woo_id = ?",
                String.class, id)).isEqualTo(inNxt.path("id").asText());
        // reported once, as settled by the hub: nothing for a person to do, but on record
        assertThat(reports(id)).isEqualTo(1);
        assertThat(jdbc.queryForMap("select status, resolution from wc_sync_conflicts where woo_id = ? "
                + "and entity_type = 'product'", id)).containsEntry("status", "resolved").containsEntry("resolution", "generated");

        traffic.woo().resetCalls();
        traffic.nxt().resetCalls();
        SyncService.Result again = sync.run("full", new SyncRequest("both", List.of("product"), false, false, false, null));
        assertThat(again.status()).isEqualTo("completed");
        Map<String, Long> pull = again.counts().get("product").get("pull");
        assertThat(pull.keySet()).as("%s", pull).isSubsetOf("unchanged", "pages");
        assertThat(writes()).isEmpty();
        assertThat(reports(id)).isEqualTo(1);
        assertThat(nxtStore.productBySku(sku).orElseThrow().path("version")).isEqualTo(inNxt.path("version"));
    }

    @Test
    void aDryRunWritesNothingAndAWebhookGeneratesTheSkuByTheSameRule() throws Exception {
        camel.getRouteController().stopRoute("webhook-inbox");
        long id;
        try {
            id = wooStore.createProduct(json.createObjectNode().put("name", "Dry SKU-less").put("regular_price", "1.00"),
                    null).path("id").asLong();
            SyncService.Result dry = pullProducts(true);
            assertThat(dry.plan()).anySatisfy(item -> assertThat(item).containsEntry("wooId", id)
                    .containsEntry("key", "WOO-" + id));
            assertThat(wooStore.get("products", id).orElseThrow().path("sku").asText()).isEmpty();
            assertThat(nxtStore.productBySku("WOO-" + id)).isEmpty();
            assertThat(reports(id)).isZero();
        } finally {
            camel.getRouteController().startRoute("webhook-inbox");
        }
        // the shop's next delivery for it (once the hub's webhooks are in place) applies the same rule
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> java.util.stream.LongStream
                .rangeClosed(1, 30).mapToObj(w -> wooStore.get("webhooks", w)).flatMap(java.util.Optional::stream)
                .anyMatch(w -> "product.updated".equals(w.path("topic").asText())));
        wooStore.updateProduct(id, json.createObjectNode().put("regular_price", "1.25"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .until(() -> nxtStore.productBySku("WOO-" + id).isPresent());
        awaitDueEventsProcessed(jdbc);
        assertThat(wooStore.get("products", id).orElseThrow().path("sku").asText()).isEqualTo("WOO-" + id);
        assertThat(nxtStore.productBySku("WOO-" + id).orElseThrow().path("unitPrice").asText()).isEqualTo("1.25");
        assertThat(reports(id)).isEqualTo(1);
    }
    /** A SKU-less variation reads with its parent's SKU (as a real store answers): it is SKU-less, not its parent. */
    @Test
    void aVariationShowingItsParentsSkuGetsItsOwn() throws Exception {
        settleCatalogue();
        camel.getRouteController().stopRoute("webhook-inbox");
        long parentId;
        long id;
        try {
            JsonNode parent = wooStore.createProduct(json.createObjectNode().put("name", "Inheriting").put("type", "variable")
                    .put("sku", "INHERITING").set("attributes", json.readTree(
                            "[{\"name\":\"Size\",\"variation\":true,\"options\":[\"S\"]}]")), null);
            parentId = parent.path("id").asLong();
            id = wooStore.createProduct(json.createObjectNode().put("regular_price", "3.00").set("attributes",
                    json.readTree("[{\"name\":\"Size\",\"option\":\"S\"}]")), parentId).path("id").asLong();
            assertThat(pullProducts(false).status()).isEqualTo("completed");
        } finally {
            camel.getRouteController().startRoute("webhook-inbox");
            awaitDueEventsProcessed(jdbc);
        }
        assertThat(wooStore.get("products", id).orElseThrow().path("sku").asText()).isEqualTo("WOO-" + id);
        assertThat(nxtStore.productBySku("WOO-" + id)).isPresent();
        assertThat(jdbc.queryForObject("select woo_id from wc_entity_mapping where entity_type = 'product' "
                + "and match_key = 'INHERITING'", Long.class)).isEqualTo(parentId);
        assertThat(reports(parentId)).isZero();
        assertThat(reports(id)).isEqualTo(1);
    }
}
