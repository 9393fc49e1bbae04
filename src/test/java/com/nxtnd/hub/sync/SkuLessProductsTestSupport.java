package com.nxtnd.hub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.HubIntegrationTest;
import com.nxtnd.hub.sandbox.SandboxTrafficRegistry;
import com.nxtnd.hub.sandbox.nxt.NxtSandboxStore;
import com.nxtnd.hub.sandbox.woo.WooSandboxStore;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** What the tests of hub.products.missing-sku share: a SKU-less product in the shop, pulls, and its reports. */
abstract class SkuLessProductsTestSupport extends HubIntegrationTest {

    @Autowired
    SyncService sync;
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

    /** The seeded shop and NXT-ND in step first, so that later runs are about the SKU-less product only. */
    void settleCatalogue() {
        assertThat(pullProducts(false).status()).isEqualTo("completed");
        assertThat(sync.run("full", new SyncRequest("both", List.of("product"), false, false, false, null)).status())
                .isEqualTo("completed");
        awaitDueEventsProcessed(jdbc);
    }

    /** A product the shop holds with no SKU, created while the inbox is paused: the batch pull meets it first. */
    JsonNode skuLessProductPulled(String name) throws Exception {
        camel.getRouteController().stopRoute("webhook-inbox");
        try {
            JsonNode created = wooStore.createProduct(json.createObjectNode().put("name", name).put("regular_price", "7.50"),
                    null);
            assertThat(created.path("sku").asText()).isEmpty();
            assertThat(pullProducts(false).status()).isEqualTo("completed");
            return created;
        } finally {
            camel.getRouteController().startRoute("webhook-inbox");
            awaitDueEventsProcessed(jdbc); // the created webhook (and any echo) applied too
        }
    }

    SyncService.Result pullProducts(boolean dryRun) {
        return sync.run("full", new SyncRequest("pull", List.of("product"), false, false, dryRun, null));
    }

    /** Every report the hub made about this WooCommerce product: conflicts and error log rows. */
    long reports(long wooId) {
        return jdbc.queryForObject("select count(*) from wc_sync_conflicts where entity_type = 'product' and woo_id = ?",
                Long.class, wooId) + errors(wooId);
    }

    long errors(long wooId) {
        return jdbc.queryForObject("select count(*) from wc_error_log where entity_type = 'product' and entity_ref = ?",
                Long.class, "woo:" + wooId);
    }

    Map<String, Long> writes() {
        Map<String, Long> out = new java.util.TreeMap<>();
        for (Map<String, Long> calls : List.of(traffic.woo().calls(), traffic.nxt().calls())) {
            calls.forEach((k, v) -> {
                if (k.startsWith("POST ") || k.startsWith("PUT ")) {
                    out.merge(k, v, Long::sum);
                }
            });
        }
        return out;
    }
}
