package com.nxtnd.hub.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.HubIntegrationTest;
import com.nxtnd.hub.sandbox.nxt.NxtSandboxStore;
import com.nxtnd.hub.sandbox.woo.WooSandboxStore;
import com.nxtnd.hub.sync.SyncRequest;
import com.nxtnd.hub.sync.SyncService;
import com.nxtnd.hub.webhook.WebhookRegistrar;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Deliveries meet a hub that is not running their routes (starting or stopping): 503, never 404; the sandbox, like
 * the real store, does not send them again; the start-up catch-up brings every change into NXT-ND.
 */
// its own hub and sandboxes: it purges and deletes records that the tests sharing the default context rely on
@org.springframework.test.context.TestPropertySource(properties = "hub.test.context=restart")
class DeliveriesAcrossRestartTest extends HubIntegrationTest {

    @Autowired
    DeliveryGate gate;
    @Autowired
    com.nxtnd.hub.store.WatermarkRepository watermarks;
    @Autowired
    LifecycleProperties lifecycle;
    @Autowired
    CamelContext camel;
    @Autowired
    SyncService sync;
    @Autowired
    WooSandboxStore wooStore;
    @Autowired
    NxtSandboxStore nxtStore;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;

    final HttpClient http = HttpClient.newHttpClient();

    int deliver(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Content-Type", "application/json")
                .header("X-WC-Webhook-Topic", "product.updated").POST(HttpRequest.BodyPublishers.ofString("{\"id\":1}"))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void aDeliveryBeforeItsRouteRunsIs503NotA404() throws Exception {
        camel.getRouteController().stopRoute("webhook-intake-product");
        try {
            assertThat(deliver("/api/woocommerce/webhooks/product")).isEqualTo(503);
        } finally {
            camel.getRouteController().startRoute("webhook-intake-product");
        }
        assertThat(deliver("/api/woocommerce/webhooks/product")).isNotIn(404, 503); // reaches the guard (unsigned)
    }

    @Test
    void changesWhileDeliveriesAreRefusedReachNxtThroughTheStartUpCatchUp() throws Exception {
        assertThat(sync.run("full", new SyncRequest("both", List.of("product"), false, false, false, null)).status())
                .isEqualTo("completed");
        awaitDueEventsProcessed(jdbc);
        List<Long> ids = List.of("SKU-0101", "SKU-0102", "SKU-0103").stream()
                .map(sku -> wooStore.productBySku(sku).orElseThrow().path("id").asLong()).toList();
        // the embedded default registers the store's webhooks from a timer route, apart from this test's thread: on a
        // busy machine the sync above can end first (a CI run saw 0 here)
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> wooStore.count("webhooks") >= WebhookRegistrar.TOPICS.size());
        // a product delivery stored before the stop, whether or not the sync above wrote to the shop (the catch-up
        // pulls a resource from its last stored delivery on); of another product than those changed below
        long before = wooStore.productBySku("SKU-0104").orElseThrow().path("id").asLong();
        wooStore.updateProduct(before, json.createObjectNode().put("name", "Delivered before the stop"));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "select count(*) from wc_webhook_events where resource = 'product' and resource_id = ? "
                        + "and status not in ('rejected', 'ping')", Long.class, before) > 0);
        awaitDueEventsProcessed(jdbc);

        gate.close(); // as while the hub is stopped or starting
        try {
            assertThat(deliver("/api/woocommerce/webhooks")).isEqualTo(503);
            long storedBefore = jdbc.queryForObject("select count(*) from wc_webhook_events", Long.class);
            for (long id : ids) {
                wooStore.updateProduct(id, json.createObjectNode().put("name", "Renamed while down " + id));
            }
            // the sandbox tried each once, was refused, and counts the failures (no retry: api-notes.md)
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> failures("product.updated") >= 3);
            Thread.sleep(500);
            assertThat(jdbc.queryForObject("select count(*) from wc_webhook_events", Long.class)).isEqualTo(storedBefore);
        } finally {
            gate.reopen();
        }
        Thread.sleep(500);
        for (long id : ids) {
            assertThat(jdbc.queryForObject("select count(*) from wc_webhook_events where resource_id = ? "
                    + "and received_at > now() - interval '2 seconds'", Long.class, id)).as("re-sent %s", id).isZero();
        }

        // the hub's own at start, switched on (HubIntegrationTest switches it off so that it runs in no other test)
        StartupCatchUp catchUp = new StartupCatchUp(jdbc, watermarks, sync,
                new LifecycleProperties(lifecycle.inboxGrace(), lifecycle.camelGrace(), true));
        assertThat(catchUp.run()).contains("product");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (long id : ids) {
                String sku = wooStore.get("products", id).orElseThrow().path("sku").asText();
                assertThat(nxtStore.productBySku(sku).orElseThrow().path("name").asText()).isEqualTo("Renamed while down " + id);
            }
        });
    }

    long failures(String topic) {
        long n = 0;
        for (long id = 1; id < 100; id++) {
            JsonNode w = wooStore.get("webhooks", id).orElse(null);
            if (w != null && topic.equals(w.path("topic").asText())) {
                n += w.path("failure_count").asLong();
            }
        }
        return n;
    }
}
