package com.nxtnd.hub.realwoo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nxtnd.hub.HubIntegrationTest;
import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.sandbox.nxt.NxtSandboxStore;
import com.nxtnd.hub.sync.SyncService;
import com.nxtnd.hub.sync.SyncRequest;
import com.nxtnd.hub.woo.WooCommerceClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The push of variable products made in NXT-ND against a real WooCommerce 8.9.1 store (README "Two commands"): runs
 * only when REALWOO_BASE_URL (with WOO_CK and WOO_CS) is set; CI stays on the
 * sandboxes. NXT-ND is the embedded sandbox, emptied first, so that only this test's products are pushed.
 */
@EnabledIfEnvironmentVariable(named = "REALWOO_BASE_URL", matches = ".+")
class RealWooVariableProductsTest extends HubIntegrationTest {

    @DynamicPropertySource
    static void realStore(DynamicPropertyRegistry registry) {
        RealWooStore.pointAt(registry);
    }

    @Autowired
    SyncService sync;
    @Autowired
    NxtClient nxt;
    @Autowired
    NxtSandboxStore nxtStore;
    @Autowired
    WooCommerceClient woo;
    @Autowired
    ObjectMapper json;

    @Test
    void aParentAndThreeVariantsBecomeOneVariableProductWithThreeVariations() {
        nxtStore.seed(0, 0);
        String tag = "RWV" + System.currentTimeMillis();
        List<String> skus = new ArrayList<>();
        for (String size : List.of("S", "M", "L")) {
            ObjectNode variant = json.createObjectNode().put("sku", tag + "-" + size).put("name", "Real tee " + size)
                    .put("unitPrice", "2" + "SML".indexOf(size) + ".00").put("isActive", true).put("parentSku", tag);
            variant.putObject("variantAttributes").put("Size", size);
            nxt.create("products", variant, null);
            skus.add(tag + "-" + size);
        }
        nxt.create("products", json.createObjectNode().put("sku", tag).put("name", "Real tee").put("unitPrice", "20.00")
                .put("description", "Cotton").put("isActive", true), null);

        SyncService.Result push = push("full");
        assertThat(push.counts().get("product").get("push")).as("%s", push.counts())
                .doesNotContainKey("errors").containsEntry("created", 4L);

        Map<String, JsonNode> found = bySku(tag, skus);
        JsonNode parent = found.get(tag);
        assertThat(parent.path("type").asText()).isEqualTo("variable");
        assertThat(parent.path("variations")).hasSize(3);
        assertThat(parent.path("attributes")).singleElement().satisfies(a -> {
            assertThat(a.path("variation").asBoolean()).isTrue();
            assertThat(a.path("options").toString()).contains("\"S\"", "\"M\"", "\"L\"");
        });
        for (String size : List.of("S", "M", "L")) {
            JsonNode v = found.get(tag + "-" + size);
            assertThat(v.path("parent_id").asLong()).isEqualTo(parent.path("id").asLong());
            assertThat(v.path("regular_price").asText()).isEqualTo("2" + "SML".indexOf(size) + ".00");
            assertThat(v.path("attributes").get(0).path("option").asText()).isEqualTo(size);
        }

        assertThat(push("full").counts().get("product").get("push").keySet()).isSubsetOf("unchanged", "skipped");
        String mediumId = nxtStore.productBySku(tag + "-M").orElseThrow().path("id").asText();
        nxt.update("products", mediumId, json.createObjectNode().put("unitPrice", "26.50"), null, null);
        assertThat(push("full").counts().get("product").get("push")).containsEntry("updated", 1L);
        assertThat(bySku(tag, skus).get(tag + "-M").path("regular_price").asText()).isEqualTo("26.50");

        // an edit of only the sale price and the weight (fields the mapping sample leaves empty) reaches the store too
        String smallId = nxtStore.productBySku(tag + "-S").orElseThrow().path("id").asText();
        nxt.update("products", smallId, json.createObjectNode().put("salePrice", "19.99").put("weight", "0.3"), null,
                null);
        assertThat(push("full").counts().get("product").get("push")).containsEntry("updated", 1L);
        JsonNode small = bySku(tag, skus).get(tag + "-S");
        assertThat(small.path("sale_price").asText()).isEqualTo("19.99");
        assertThat(small.path("weight").asText()).isEqualTo("0.3");

        // a pull of the store leaves the four as they are in NXT-ND (the store's answers hash as its reads do)
        Map<String, JsonNode> before = new HashMap<>();
        for (String sku : all(tag, skus)) {
            before.put(sku, nxtStore.productBySku(sku).orElseThrow());
        }
        SyncService.Result pull = sync.run("full", new SyncRequest("pull", List.of("product"), false, false, false, null));
        assertThat(pull.status()).isEqualTo("completed");
        for (String sku : all(tag, skus)) {
            assertThat(nxtStore.productBySku(sku).orElseThrow().path("version")).as(sku)
                    .isEqualTo(before.get(sku).path("version"));
        }
    }

    private SyncService.Result push(String mode) {
        SyncService.Result r = sync.run(mode, new SyncRequest("push", List.of("product"), false, false, false, null));
        assertThat(r.status()).isEqualTo("completed");
        return r;
    }

    private static List<String> all(String parent, List<String> variants) {
        List<String> out = new ArrayList<>(variants);
        out.add(parent);
        return out;
    }

    private Map<String, JsonNode> bySku(String parent, List<String> variants) {
        Map<String, JsonNode> out = new HashMap<>();
        woo.listBySkus(all(parent, variants)).forEach(p -> out.put(p.path("sku").asText(), p));
        assertThat(out.keySet()).containsExactlyInAnyOrderElementsOf(all(parent, variants));
        return out;
    }
}
