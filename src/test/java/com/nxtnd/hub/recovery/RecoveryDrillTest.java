package com.nxtnd.hub.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.HubIntegrationTest;
import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.peer.PeerGuards;
import com.nxtnd.hub.sandbox.FaultSettings;
import com.nxtnd.hub.sandbox.SandboxTrafficRegistry;
import com.nxtnd.hub.sandbox.nxt.NxtSandboxStore;
import com.nxtnd.hub.sandbox.woo.WooSandboxStore;
import com.nxtnd.hub.store.ErrorLogRepository;
import com.nxtnd.hub.sync.SyncJobRunner;
import com.nxtnd.hub.sync.SyncRequest;
import com.nxtnd.hub.sync.SyncService;
import com.nxtnd.hub.webhook.WebhookHealth;
import com.nxtnd.hub.woo.WooCommerceClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Fault drills with the sandboxes' fault injection: server errors, 429 storms, outages of each side, refused
 * credentials, the database connections dropped, a webhook the store disabled. Work is delayed, never lost or
 * doubled. (Outages last seconds here, with a 2 s breaker wait; bench/ runs the long version.)
 */
class RecoveryDrillTest extends HubIntegrationTest {

    @Autowired
    SyncService sync;
    @Autowired
    SyncJobRunner jobs;
    @Autowired
    SandboxTrafficRegistry traffic;
    @Autowired
    NxtSandboxStore nxtStore;
    @Autowired
    WooSandboxStore wooStore;
    @Autowired
    NxtClient nxt;
    @Autowired
    WooCommerceClient woo;
    @Autowired
    PeerGuards guards;
    @Autowired
    WebhookHealth webhookHealth;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;
    @Autowired
    CamelContext camel;
    @Autowired
    ErrorLogRepository errors;

    static boolean synced;

    @BeforeEach
    void syncedShop() {
        if (!synced) {
            assertThat(sync.run("full", new SyncRequest("both", List.of("product", "customer"), false, false, false, null))
                    .status()).isEqualTo("completed");
            synced = true;
        }
        awaitInboxDrained();
    }

    @AfterEach
    void healthyAgain() {
        traffic.woo().setFaults(FaultSettings.NONE);
        traffic.nxt().setFaults(FaultSettings.NONE);
        await().atMost(Duration.ofSeconds(30)).until(() -> !guards.unavailable("woo") && !guards.unavailable("nxt"));
        awaitInboxDrained();
    }

    void awaitInboxDrained() {
        awaitDueEventsProcessed(jdbc);
    }

    String awaitJob(UUID id, Duration limit) {
        await().atMost(limit).pollInterval(Duration.ofMillis(300)).until(() -> List.of("completed", "failed")
                .contains(jdbc.queryForObject("select status from wc_batch_jobs where id = ?", String.class, id)));
        return jdbc.queryForObject("select status from wc_batch_jobs where id = ?", String.class, id);
    }

    long wooProductsWithSku(String sku) {
        return woo.list("products", Map.of("sku", sku), 1, 100).items().size();
    }

    @Test
    void twentyPercentServerErrorsOnBothSidesDuringAFullSyncLoseAndDoubleNothing() throws Exception {
        String run = "E20-" + UUID.randomUUID().toString().substring(0, 6);
        for (int i = 0; i < 30; i++) {
            nxt.create("products", json.createObjectNode().put("sku", run + "-N" + i).put("name", "From NXT " + i)
                    .put("unitPrice", "3.00").put("isActive", true), null);
            wooStore.createProduct(json.createObjectNode().put("sku", run + "-W" + i).put("name", "From Woo " + i)
                    .put("regular_price", "4.00"), null);
        }
        awaitInboxDrained(); // the WooCommerce creations arrive as webhooks too; the batch run must meet them calmly
        traffic.woo().setFaults(new FaultSettings(0, 0, 0, 0.2, 500, 0, 1, false));
        traffic.nxt().setFaults(new FaultSettings(0, 0, 0, 0.2, 500, 0, 1, false));
        UUID job = jobs.enqueue(Map.of("direction", "both", "entityTypes", List.of("product")), 5);
        assertThat(awaitJob(job, Duration.ofMinutes(4))).isEqualTo("completed");
        traffic.woo().setFaults(FaultSettings.NONE);
        traffic.nxt().setFaults(FaultSettings.NONE);
        for (int i = 0; i < 30; i++) {
            assertThat(nxtStore.productBySku(run + "-W" + i)).as("pulled %s", i).isPresent();
            assertThat(wooProductsWithSku(run + "-N" + i)).as("pushed once %s", i).isEqualTo(1);
            assertThat(wooProductsWithSku(run + "-W" + i)).as("not duplicated %s", i).isEqualTo(1);
        }
        assertThat(traffic.woo().calls("GET", "/products") + traffic.nxt().calls("POST", "/batch")).isPositive();
    }

    @Test
    void a429StormIsWaitedOutWithRetryAfterAndTheHubSlowsDown() throws Exception {
        int limitBefore = guards.woo().limiter().limit();
        String sku = wooStore.productBySku("SKU-0061").orElseThrow().path("sku").asText();
        traffic.woo().setFaults(new FaultSettings(0, 0, 0, 0, 500, 0.5, 1, false));
        SyncService.Result r = sync.run("full", new SyncRequest("pull", List.of("product"), false, true, false, null));
        traffic.woo().setFaults(FaultSettings.NONE);
        assertThat(r.status()).as(r.error()).isEqualTo("completed");
        assertThat(r.counts().get("product").get("pull")).doesNotContainKey("errors");
        assertThat(traffic.woo().statusCount(429)).isPositive();
        assertThat(guards.woo().limiter().limit()).isLessThan(limitBefore); // paced down by the 429s
        assertThat(nxtStore.productBySku(sku)).isPresent();
    }

    @Test
    void anNxtOutageOpensTheBreakerWebhookEventsWaitAndAreAppliedWhenItEnds() throws Exception {
        long errorsBefore = jdbc.queryForObject("select count(*) from wc_error_log", Long.class);
        List<Long> ids = jdbc.queryForList("""
                select woo_id from wc_entity_mapping where entity_type = 'product' and woo_parent_id is null
                and woo_id is not null order by id offset 60 limit 6""", Long.class);
        traffic.nxt().setFaults(new FaultSettings(0, 0, 0, 0, 500, 0, 1, true));
        for (long id : ids) {
            wooStore.updateProduct(id, json.createObjectNode().put("name", "During the outage " + id));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> guards.unavailable("nxt"));
        assertThat(guards.allStates()).containsValue("OPEN");
        // the events wait in the store: pending, not failed
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from wc_webhook_events where status = 'pending' and resource = 'product'", Long.class) > 0);
        assertThat(jdbc.queryForObject("select count(*) from wc_webhook_events where status = 'failed' and resource_id = any(?)",
                Long.class, (Object) ids.toArray(new Long[0]))).isZero();
        assertThat(status("/api/woocommerce/circuits")).contains("OPEN");

        traffic.nxt().setFaults(FaultSettings.NONE);
        for (long id : ids) {
            String sku = wooStore.get("products", id).orElseThrow().path("sku").asText();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    nxtStore.productBySku(sku).orElseThrow().path("name").asText()).isEqualTo("During the outage " + id));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !guards.unavailable("nxt"));
        assertThat(jdbc.queryForObject("select count(*) from wc_error_log", Long.class)).isEqualTo(errorsBefore);
    }

    @Test
    void aWooCommerceOutageParksAQueuedJobThatResumesAndCompletesWhenTheStoreIsBack() throws Exception {
        traffic.woo().setFaults(new FaultSettings(0, 0, 0, 0, 500, 0, 1, true));
        UUID job = jobs.enqueue(Map.of("direction", "pull", "entityTypes", List.of("product")), 5);
        await().atMost(Duration.ofSeconds(60)).until(() -> guards.unavailable("woo"));
        // while the breaker is open the job waits in the queue (or back in it, with its checkpoint), not failed
        await().atMost(Duration.ofSeconds(20)).until(() -> "queued".equals(
                jdbc.queryForObject("select status from wc_batch_jobs where id = ?", String.class, job)));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> "queued".equals(
                jdbc.queryForObject("select status from wc_batch_jobs where id = ?", String.class, job)));
        traffic.woo().setFaults(FaultSettings.NONE);
        assertThat(awaitJob(job, Duration.ofMinutes(2))).isEqualTo("completed");
    }

    @Test
    void refusedCredentialsStopTheRoutesRaiseAnAlertAndAreNotRetriedInALoop() throws Exception {
        traffic.woo().resetCalls();
        traffic.woo().setFaults(new FaultSettings(0, 0, 0, 0, 500, 0, 1, false, true));
        SyncService.Result r = sync.run("full", new SyncRequest("pull", List.of("product"), false, false, false, null));
        assertThat(r.status()).isEqualTo("failed");
        assertThat(r.error()).contains("401");
        assertThat(traffic.woo().calls("GET", "/products")).isEqualTo(1); // one attempt, no retries
        await().atMost(Duration.ofSeconds(20)).until(() ->
                camel.getRouteController().getRouteStatus("sync-jobs") == ServiceStatus.Stopped);
        assertThat(guards.credentialsRefused("woo")).isTrue();
        assertThat(status("/api/woocommerce/circuits")).contains("\"woo\":true").contains("sync-jobs");
        assertThat(status("/actuator/health")).contains("credentialsRefused");

        traffic.woo().setFaults(FaultSettings.NONE); // the key works again: the probe notices, the routes start
        await().atMost(Duration.ofSeconds(20)).until(() -> !guards.credentialsRefused("woo")
                && camel.getRouteController().getRouteStatus("sync-jobs") == ServiceStatus.Started);
    }

    @Test
    void droppedDatabaseConnectionsAreReplacedAndNoDeliveryIsLost() throws Exception {
        List<Long> ids = jdbc.queryForList("""
                select woo_id from wc_entity_mapping where entity_type = 'product' and woo_parent_id is null
                and woo_id is not null order by id offset 70 limit 3""", Long.class);
        int killed = jdbc.queryForObject("select count(pg_terminate_backend(pid)) from pg_stat_activity "
                + "where pid <> pg_backend_pid() and datname = current_database()", Integer.class);
        assertThat(killed).isPositive();
        for (long id : ids) {
            wooStore.updateProduct(id, json.createObjectNode().put("name", "After the drop " + id));
        }
        awaitInboxDrained();
        for (long id : ids) {
            String sku = wooStore.get("products", id).orElseThrow().path("sku").asText();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    nxtStore.productBySku(sku).orElseThrow().path("name").asText()).isEqualTo("After the drop " + id));
        }
    }

    @Test
    void aWebhookTheStoreDisabledIsReEnabledAndItsGapBackfilled() throws Exception {
        JsonNode hook = woo.list("webhooks", Map.of(), 1, 100).items().stream()
                .filter(w -> "product.updated".equals(w.path("topic").asText())).findFirst().orElseThrow();
        woo.update("webhooks", hook.path("id").asLong(), json.createObjectNode().put("status", "disabled"));
        long wooId = jdbc.queryForObject("""
                select woo_id from wc_entity_mapping where entity_type = 'product' and woo_parent_id is null
                and woo_id is not null order by id offset 80 limit 1""", Long.class);
        wooStore.updateProduct(wooId, json.createObjectNode().put("name", "Missed by a disabled webhook"));
        String sku = wooStore.get("products", wooId).orElseThrow().path("sku").asText();
        awaitInboxDrained();
        assertThat(nxtStore.productBySku(sku).orElseThrow().path("name").asText()).isNotEqualTo("Missed by a disabled webhook");

        WebhookHealth.Report report = webhookHealth.check();
        assertThat(report.problems()).anySatisfy(p -> assertThat(p).containsEntry("topic", "product.updated")
                .containsEntry("status", "disabled"));
        assertThat(report.repaired()).containsEntry("product.updated", "reactivated");
        assertThat(report.backfilled()).contains("product");
        assertThat(nxtStore.productBySku(sku).orElseThrow().path("name").asText()).isEqualTo("Missed by a disabled webhook");
        assertThat(woo.find("webhooks", hook.path("id").asLong()).orElseThrow().path("status").asText()).isEqualTo("active");
        assertThat(webhookHealth.check().problems()).isEmpty();
    }

    @Test
    void theDeadLetterStoreReportsStatsAndReplaysWorkThroughItsRoute() throws Exception {
        // a push whose WooCommerce item is refused lands in the error store; fixed at the source, a replay lands it
        String sku = "DLQ-" + UUID.randomUUID().toString().substring(0, 6);
        JsonNode created = nxt.create("products", json.createObjectNode().put("sku", sku).put("name", "Dead letter")
                .put("unitPrice", "not-a-price").put("isActive", true), null);
        sync.run("full", new SyncRequest("push", List.of("product"), false, false, false, null));
        long errorId = jdbc.queryForObject("select id from wc_error_log where entity_ref = ? order by id desc limit 1",
                Long.class, "nxt:" + created.path("id").asText());
        assertThat(wooProductsWithSku(sku)).isZero();

        String stats = status("/api/woocommerce/errors/stats?window=24h");
        assertThat(stats).contains("\"bySystem\"").contains("\"byRoute\"").contains("sync-push").contains("\"overTime\"");

        nxt.update("products", created.path("id").asText(), json.createObjectNode().put("unitPrice", "5.00"), null, null);
        HttpResponse<String> replayed = adminPost("/api/woocommerce/errors/" + errorId + "/replay", "");
        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
        assertThat(replayed.body()).contains("\"outcome\":\"replayed\"");
        assertThat(wooProductsWithSku(sku)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select status from wc_error_log where id = ?", String.class, errorId)).isEqualTo("replayed");
        // replaying again does nothing twice
        assertThat(adminPost("/api/woocommerce/errors/" + errorId + "/replay", "").body()).contains("skipped");
        assertThat(wooProductsWithSku(sku)).isEqualTo(1);
        // by filter and all: a filter is required unless all is asked for
        assertThat(adminPost("/api/woocommerce/errors/replay", "{}").statusCode()).isEqualTo(400);
        assertThat(adminPost("/api/woocommerce/errors/replay", "{\"routeId\":\"no-such-route\"}").body()).contains("\"replayed\":0");
        assertThat(adminPost("/api/woocommerce/errors/999999/replay", "").statusCode()).isEqualTo(404);
    }

    private String status(String path) throws Exception {
        return adminGet(path).body();
    }


}
