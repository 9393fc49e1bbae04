package com.nxtnd.hub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.HubIntegrationTest;
import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.sandbox.SandboxTrafficRegistry;
import com.nxtnd.hub.sandbox.nxt.NxtSandboxStore;
import com.nxtnd.hub.sandbox.woo.WooSandboxStore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The store rewrites what the hub writes (view context: wpautop on descriptions; titles HTML-escaped; api-notes.md
 * "Two views of a product"), and the sandbox does the same. The hub's push still comes back as an echo that changes
 * nothing in NXT-ND, and the next full sync writes nothing.
 */
// its own hub and sandboxes: it purges and deletes records that the tests sharing the default context rely on
@org.springframework.test.context.TestPropertySource(properties = "hub.test.context=echo")
class StoreRewritesEchoTest extends HubIntegrationTest {

    @Autowired
    SyncService sync;
    @Autowired
    SandboxTrafficRegistry traffic;
    @Autowired
    NxtSandboxStore nxtStore;
    @Autowired
    WooSandboxStore wooStore;
    @Autowired
    NxtClient nxt;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;

    @Test
    void aPushedProductsRewrittenEchoIsRecognisedAndTheNextFullSyncWritesNothing() {
        assertThat(sync.run("full", new SyncRequest("both", null, false, false, false, null)).status()).isEqualTo("completed");
        awaitDueEventsProcessed(jdbc);

        List<String> skus = List.of("ECHO-1", "ECHO-2", "ECHO-3");
        for (String sku : skus) {
            nxt.create("products", json.createObjectNode().put("sku", sku).put("name", "Fish & Chips " + sku)
                    .put("description", "line one\n\nline two\nline three").put("unitPrice", "6.50").put("isActive", true), null);
        }
        SyncService.Result push = sync.run("incremental", new SyncRequest("push", List.of("product"), true, false, false, null));
        assertThat(push.counts().get("product").get("push").get("created")).isEqualTo(3);
        JsonNode stored = wooStore.productBySku("ECHO-1").orElseThrow();
        assertThat(stored.path("name").asText()).isEqualTo("Fish &amp; Chips ECHO-1"); // rewritten by the store
        long wooId = stored.path("id").asLong();

        // the created delivery carries the view context: it must be seen as the hub's own echo
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from wc_webhook_events where resource = 'product' and resource_id = ?", Long.class, wooId) > 0);
        awaitDueEventsProcessed(jdbc);
        assertThat(jdbc.queryForList("select status from wc_webhook_events where resource = 'product' and resource_id = ?",
                String.class, wooId)).containsOnly("echo");
        for (String sku : skus) {
            JsonNode n = nxtStore.productBySku(sku).orElseThrow();
            assertThat(n.path("version").asInt()).as(sku).isEqualTo(1);
            assertThat(n.path("name").asText()).isEqualTo("Fish & Chips " + sku);
            assertThat(n.path("description").asText()).isEqualTo("line one\n\nline two\nline three");
        }

        traffic.woo().resetCalls();
        traffic.nxt().resetCalls();
        SyncService.Result second = sync.run("full", new SyncRequest("both", List.of("product"), false, false, false, null));
        assertThat(second.status()).isEqualTo("completed");
        assertThat(second.counts().get("product").get("pull")).containsOnlyKeys("unchanged", "pages");
        assertThat(second.counts().get("product").get("push")).containsOnlyKeys("unchanged");
        assertThat(traffic.nxt().calls("POST", "/batch")).isZero();
        assertThat(traffic.woo().calls("POST", "/batch")).isZero();
    }
}
