package com.nxtnd.hub.woo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.HubIntegrationTest;
import com.nxtnd.hub.sandbox.SandboxTrafficRegistry;
import com.nxtnd.hub.sandbox.woo.WooSandboxStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Category and tag names in product writes become the shop's ids (the shop takes ids only): matched as WordPress
 * matches them, the shop read once, read again for a name it did not have, the missing ones created in one batch.
 */
class WooTaxonomyTest extends HubIntegrationTest {

    @Autowired
    WooCommerceClient woo;
    @Autowired
    WooSandboxStore store;
    @Autowired
    SandboxTrafficRegistry traffic;
    @Autowired
    ObjectMapper json;

    @Test
    void namesBecomeTheShopsIdsAndTheMissingOnesAreCreatedInOneBatch() throws Exception {
        long fish = store.createTerm("categories", json.createObjectNode().put("name", "Fish & Chips TX")).path("id").asLong();
        traffic.woo().resetCalls();
        List<JsonNode> bodies = List.of(
                json.readTree("{\"sku\":\"TX-1\",\"categories\":[{\"name\":\"fish & chips tx\"},{\"name\":\"New TX 1\"}]}"),
                json.readTree("{\"sku\":\"TX-2\",\"categories\":[{\"name\":\"New TX 2\"},{\"id\":15}],\"tags\":[]}"),
                json.readTree("{\"sku\":\"TX-3\"}"));
        List<JsonNode> resolved = woo.taxonomy().withTermIds(bodies);

        long new1 = id("categories", "New TX 1");
        long new2 = id("categories", "New TX 2");
        assertThat(resolved.get(0).path("categories").toString())
                .isEqualTo("[{\"id\":%d},{\"id\":%d}]".formatted(fish, new1)); // case and escaping as WordPress folds them
        assertThat(resolved.get(1).path("categories").toString()).isEqualTo("[{\"id\":%d},{\"id\":15}]".formatted(new2));
        assertThat(resolved.get(2)).isSameAs(bodies.get(2));
        assertThat(bodies.get(0).path("categories").get(0).has("id")).isFalse(); // the caller's body is left alone
        assertThat(traffic.woo().calls("POST", "/products/categories/batch")).isEqualTo(1);
        assertThat(traffic.woo().calls("GET", "/products/categories")).isEqualTo(1);

        // known names cost no call; a name made in the shop meanwhile is found by reading again, not created twice
        traffic.woo().resetCalls();
        woo.taxonomy().withTermIds(List.of(json.readTree("{\"categories\":[{\"name\":\"New TX 1\"}]}")));
        assertThat(traffic.woo().calls()).isEmpty();
        long madeInShop = store.createTerm("categories", json.createObjectNode().put("name", "Shop TX")).path("id").asLong();
        JsonNode found = woo.taxonomy().withTermIds(List.of(json.readTree("{\"categories\":[{\"name\":\"Shop TX\"}]}"))).get(0);
        assertThat(found.path("categories").get(0).path("id").asLong()).isEqualTo(madeInShop);
        assertThat(traffic.woo().calls("POST", "/products/categories/batch")).isZero();

        // a product write through the client carries the ids (tags the same way)
        JsonNode saved = woo.create("products", json.readTree("""
                {"name":"Tx","sku":"TX-4","categories":[{"name":"New TX 1"}],"tags":[{"name":"Tag TX"}]}"""));
        assertThat(saved.path("categories").get(0).path("name").asText()).isEqualTo("New TX 1");
        assertThat(saved.path("tags").get(0).path("name").asText()).isEqualTo("Tag TX");
    }

    private long id(String taxonomy, String name) {
        return store.terms(taxonomy).stream().filter(t -> t.path("name").asText().equals(name)).findFirst()
                .orElseThrow().path("id").asLong();
    }
}
