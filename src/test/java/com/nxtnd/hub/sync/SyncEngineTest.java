package com.nxtnd.hub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.HubIntegrationTest;
import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.sandbox.SandboxTrafficRegistry;
import com.nxtnd.hub.sandbox.nxt.NxtSandboxStore;
import com.nxtnd.hub.sandbox.woo.WooSandboxStore;
import com.nxtnd.hub.woo.WooCommerceClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The batch sync engine against both sandboxes, counting the HTTP calls each received. The tests build on the
 * first one's full sync (ordered), as a shop's syncs build on each other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SyncEngineTest extends HubIntegrationTest {

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
    WooCommerceClient woo;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;
    @Autowired
    org.apache.camel.CamelContext camel;

    static boolean settled;

    @BeforeEach
    void fullSyncOnce() {
        if (!settled) {
            SyncService.Result first = sync.run("full", new SyncRequest("both", null, false, false, false, null));
            assertThat(first.status()).isEqualTo("completed");
            settled = true;
        }
    }

    @Test
    @Order(1)
    void fullSyncBringsBothSidesTogetherAndASecondRunWritesNothing() {
        assertThat(nxtStore.productBySku("SKU-0175")).isPresent();          // WooCommerce-only product pulled
        assertThat(nxtStore.productBySku("SKU-0191-S")).isPresent();        // a variation is its own NXT-ND product
        assertThat(nxtStore.customerByEmail("customer45@example.com")).isPresent();
        assertThat(wooStore.productBySku("SKU-0210")).isPresent();          // NXT-ND-only product pushed
        assertThat(woo.list("customers", java.util.Map.of("email", "nxt-customer03@example.com"), 1, 1).items()).hasSize(1);
        // stock: NXT-ND's available quantity over the online warehouses
        assertThat(wooStore.productBySku("SKU-0010").orElseThrow().path("stock_quantity").asInt())
                .isEqualTo(nxtStore.inventoryLevel("SKU-0010").orElseThrow().path("quantityAvailable").asInt());

        // the first run's stock updates come back as webhooks: let the inbox settle so only the second run is measured
        awaitInboxDrained();
        traffic.woo().resetCalls();
        traffic.nxt().resetCalls();
        SyncService.Result second = sync.run("full", new SyncRequest("both", null, false, false, false, null));
        assertThat(second.status()).isEqualTo("completed");
        assertThat(traffic.nxt().calls("POST", "/batch")).isZero();
        assertThat(traffic.woo().calls("POST", "/batch")).as("%s %s", traffic.woo().calls(), second.counts()).isZero();
        assertThat(traffic.nxt().calls("POST", "/api/orders")).isZero();
        assertThat(second.counts().get("product").get("pull")).containsOnlyKeys("unchanged", "pages");
        // a product another test deleted in the shop is counted skipped (never pushed again), none is written
        long deletedPairs = jdbc.queryForObject("select count(*) from wc_entity_mapping where entity_type = 'product' "
                + "and sync_status = 'deleted'", Long.class);
        Map<String, Long> push = second.counts().get("product").get("push");
        assertThat(push.keySet()).as("%s", push).isSubsetOf("unchanged", "skipped");
        assertThat(push.getOrDefault("skipped", 0L)).as("%s", push).isLessThanOrEqualTo(deletedPairs);
    }

    @Test
    @Order(2)
    void twoHundredFiftyNewNxtProductsArePushedInThreeBatchCalls() {
        List<JsonNode> products = new ArrayList<>();
        for (int i = 1; i <= 250; i++) {
            products.add(json.createObjectNode().put("sku", String.format("BULK-%03d", i)).put("name", "Bulk " + i)
                    .put("unitPrice", "4.00").put("isActive", true));
        }
        for (int from = 0; from < 250; from += 100) {
            nxt.batchUpsert("products", products.subList(from, Math.min(250, from + 100)), List.of(), null);
        }
        traffic.woo().resetCalls();
        SyncService.Result push = sync.run("incremental", new SyncRequest("push", List.of("product"), true, false, false, null));
        assertThat(push.counts().get("product").get("push").get("created"))
                .as("errors: %s", jdbc.queryForList("select message from wc_error_log where route_id = 'sync-push'"))
                .isEqualTo(250);
        assertThat(traffic.woo().calls("POST", "/wp-json/wc/v3/products/batch")).isEqualTo(3);
        assertThat(wooStore.productBySku("BULK-250")).isPresent();
        assertThat(jdbc.queryForObject("select count(*) from wc_entity_mapping where match_key like 'BULK-%'", Long.class))
                .isEqualTo(250);
    }

    @Test
    @Order(3)
    void incrementalRunsCarryEditsFromEachSide() throws Exception {
        long wooId = wooStore.productBySku("SKU-0020").orElseThrow().path("id").asLong();
        wooStore.updateProduct(wooId, json.createObjectNode().put("name", "Edited in WooCommerce"));
        JsonNode nxtProduct = nxtStore.productBySku("SKU-0030").orElseThrow();
        nxt.update("products", nxtProduct.path("id").asText(), json.createObjectNode().put("unitPrice", "77.70"), null, null);
        Thread.sleep(1100); // WooCommerce dates have one-second resolution

        sync.run("incremental", new SyncRequest("both", List.of("product"), true, false, false, null));
        assertThat(nxtStore.productBySku("SKU-0020").orElseThrow().path("name").asText()).isEqualTo("Edited in WooCommerce");
        assertThat(wooStore.productBySku("SKU-0030").orElseThrow().path("regular_price").asText()).isEqualTo("77.70");
    }

    @Test
    @Order(3)
    void anNxtEditOfOnlyTheSalePriceOrTheWeightIsPushed() {
        // fields the shipped mapping sample (a WooCommerce docs record) leaves empty: once left out of the push's
        // comparison, such an edit was taken for "unchanged" and never reached the shop
        JsonNode nxtProduct = nxtStore.productBySku("SKU-0031").orElseThrow();
        nxt.update("products", nxtProduct.path("id").asText(), json.createObjectNode().put("salePrice", "5.55")
                .put("weight", "2.5"), null, null);

        SyncService.Result push = sync.run("incremental", new SyncRequest("push", List.of("product"), true, false, false,
                null));

        assertThat(push.status()).isEqualTo("completed");
        JsonNode shop = wooStore.productBySku("SKU-0031").orElseThrow();
        assertThat(shop.path("sale_price").asText()).isEqualTo("5.55");
        assertThat(shop.path("weight").asText()).isEqualTo("2.5");
    }

    @Test
    @Order(4)
    void anOrderShippedInNxtBecomesCompletedInWooCommerceAndOnHoldIsLeftAlone() {
        JsonNode processing = wooStore.get("orders", wooOrderWithStatus("processing")).orElseThrow();
        JsonNode onHold = wooStore.get("orders", wooOrderWithStatus("on-hold")).orElseThrow();
        String nxtId = nxtStore.orderByExternalRef("woo-order-" + processing.path("id").asLong()).orElseThrow().path("id").asText();
        nxt.updateOrderStatus(nxtId, "shipped", "left the warehouse", null);
        SyncService.Result push = sync.run("incremental", new SyncRequest("push", List.of("order"), true, false, false, null));
        assertThat(push.counts().get("order").get("push").get("updated")).isEqualTo(1);
        assertThat(wooStore.get("orders", processing.path("id").asLong()).orElseThrow().path("status").asText()).isEqualTo("completed");
        // the store's order.updated echo of "completed" leaves NXT-ND's order as NXT-ND decided it
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject("""
                select count(*) from wc_webhook_events where resource = 'order' and resource_id = ?
                  and status in ('processed', 'echo') and convert_from(payload, 'UTF8')::jsonb->>'status' = 'completed'""",
                Long.class, processing.path("id").asLong()) > 0);
        assertThat(nxtStore.orderByExternalRef("woo-order-" + processing.path("id").asLong()).orElseThrow()
                .path("status").asText()).isEqualTo("shipped");
        SyncService.Result full = sync.run("full", new SyncRequest("push", List.of("order"), false, false, false, null));
        assertThat(full.counts().get("order").get("push")).containsOnlyKeys("unchanged");
        assertThat(wooStore.get("orders", onHold.path("id").asLong()).orElseThrow().path("status").asText()).isEqualTo("on-hold");
    }

    void awaitInboxDrained() {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ofMillis(500)).until(() ->
                jdbc.queryForObject("select count(*) from wc_webhook_events where status in ('pending', 'processing') "
                        + "and next_attempt_at <= now()", Long.class) == 0);
    }

    long wooOrderWithStatus(String status) {
        for (long id = 1; id < 2000; id++) {
            var order = wooStore.get("orders", id);
            if (order.isPresent() && status.equals(order.get().path("status").asText())
                    && nxtStore.orderByExternalRef("woo-order-" + id).isPresent()) {
                return id;
            }
        }
        throw new AssertionError("no synced WooCommerce order with status " + status);
    }

    @Test
    @Order(5)
    void stockDriftIsFoundAndFixed() {
        nxt.inventoryMovement("SKU-0012", "MAIN", 7, "receipt", "test-receipt", null);
        int want = nxtStore.inventoryLevel("SKU-0012").orElseThrow().path("quantityAvailable").asInt();
        SyncService.Result result = sync.run("inventory", new SyncRequest("push", List.of("inventory"), false, false, false, null));
        assertThat(result.counts().get("inventory").get("push").get("drift")).isGreaterThanOrEqualTo(1);
        assertThat(wooStore.productBySku("SKU-0012").orElseThrow().path("stock_quantity").asInt()).isEqualTo(want);
    }

    @Test
    @Order(6)
    void aDryRunReportsChangedFieldsAndWritesNothing() throws Exception {
        // the edit's webhook would carry it to NXT-ND at once: hold the inbox so only the dry run is measured
        camel.getRouteController().stopRoute("webhook-inbox");
        long wooId = wooStore.productBySku("SKU-0044").orElseThrow().path("id").asLong();
        wooStore.updateProduct(wooId, json.createObjectNode().put("name", "Dry run name"));
        traffic.nxt().resetCalls();
        SyncService.Result dry;
        try {
            dry = sync.run("full", new SyncRequest("pull", List.of("product"), false, false, true, null));
        } finally {
            camel.getRouteController().startRoute("webhook-inbox");
        }
        assertThat(dry.plan()).anySatisfy(item -> {
            assertThat(item.get("key")).isEqualTo("SKU-0044");
            assertThat(item.get("action")).isEqualTo("update");
            assertThat(item.get("changedFields")).isEqualTo(List.of("name"));
        });
        assertThat(traffic.nxt().calls("POST", "/batch")).isZero();
        assertThat(traffic.nxt().calls("PUT", "/api/products/{id}")).isZero();
    }

    @Test
    @Order(7)
    void aPerItemBatchErrorIsRecordedAndTheOtherItemsLand() {
        nxt.batchUpsert("products", List.of(
                json.createObjectNode().put("sku", "ITEM-OK").put("name", "Fine").put("unitPrice", "1.00"),
                json.createObjectNode().put("sku", "ITEM-BAD").put("name", "Bad price").put("unitPrice", "abc")), List.of(), null);
        SyncService.Result push = sync.run("incremental", new SyncRequest("push", List.of("product"), true, false, false, null));
        assertThat(push.counts().get("product").get("push").get("errors")).isEqualTo(1);
        assertThat(wooStore.productBySku("ITEM-OK")).isPresent();
        assertThat(wooStore.productBySku("ITEM-BAD")).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from wc_error_log where entity_ref = ? and route_id = 'sync-push'",
                Long.class, "nxt:" + nxtStore.productBySku("ITEM-BAD").orElseThrow().path("id").asText())).isEqualTo(1);
    }

    @Test
    @Order(8)
    void theSyncApiRunsSessionsAndQueuedJobs() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String auth = "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> full = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/woocommerce/sync/full"))
                .header("Authorization", auth).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"direction\":\"pull\",\"entityTypes\":[\"customer\"]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(full.statusCode()).isEqualTo(200);
        JsonNode session = json.readTree(full.body());
        assertThat(session.path("status").asText()).isEqualTo("completed");
        assertThat(session.path("counts").path("customer").path("pull").path("unchanged").asLong()).isGreaterThan(0);

        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/woocommerce/sync/full"))
                .header("Authorization", auth).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"direction\":\"sideways\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("direction");

        HttpResponse<String> queued = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/woocommerce/sync/batch"))
                .header("Authorization", auth).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"direction\":\"pull\",\"entityTypes\":[\"product\"],\"priority\":9}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(queued.statusCode()).isEqualTo(202);
        String jobId = json.readTree(queued.body()).path("jobId").asText();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            HttpResponse<String> job = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/woocommerce/sync/job/" + jobId))
                    .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(json.readTree(job.body()).path("status").asText()).isEqualTo("completed");
        });
        assertThat(http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/woocommerce/sync/job/" + java.util.UUID.randomUUID()))
                .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(9)
    void aJobLeftRunningByADeadHubIsTakenOverAndResumesFromItsCheckpointPage() throws Exception {
        int pages = woo.list("products", java.util.Map.of(), 1, 100).totalPages();
        assertThat(pages).isGreaterThanOrEqualTo(3);
        java.util.UUID id = java.util.UUID.randomUUID();
        // as a hub killed with kill -9 in the middle of page 2 leaves it
        jdbc.update("insert into wc_batch_jobs (id, job_type, priority, request, status, locked_by, heartbeat_at, checkpoint, "
                + "progress, started_at) values (?, 'sync', 5, cast(? as jsonb), 'running', 'dead-hub', "
                + "now() - interval '10 minutes', cast(? as jsonb), 20, now() - interval '11 minutes')",
                id, "{\"direction\":\"pull\",\"entityTypes\":[\"product\"],\"force\":true}",
                "{\"phase\":\"pull:product\",\"page\":2}");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                "completed".equals(jdbc.queryForObject("select status from wc_batch_jobs where id = ?", String.class, id)));
        JsonNode counts = json.readTree(jdbc.queryForObject("select counts::text from wc_batch_jobs where id = ?", String.class, id));
        assertThat(counts.path("product").path("pull").path("pages").asInt()).isEqualTo(pages - 1);
        assertThat(jdbc.queryForObject("select progress from wc_batch_jobs where id = ?", java.math.BigDecimal.class, id))
                .isEqualByComparingTo("100");
        assertThat(jdbc.queryForObject("select locked_by from wc_batch_jobs where id = ?", String.class, id)).isNull();
    }

    @Test
    @Order(10)
    void aSecondNxtCustomerWithAnEmailAlreadySyncedIsAConflictNotAMerge() {
        long wooCustomersBefore = woo.list("customers", java.util.Map.of(), 1, 1).total();
        JsonNode twin = nxt.create("customers", json.createObjectNode().put("customerCode", "TWIN-1")
                .put("email", "customer07@example.com").put("firstName", "Twin"), null);
        SyncService.Result push = sync.run("incremental", new SyncRequest("push", List.of("customer"), true, false, false, null));
        assertThat(push.counts().get("customer").get("push").get("conflicts")).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from wc_sync_conflicts where conflict_type = 'business_rule' "
                + "and nxt_id = ? and 'email' = any(fields)", Long.class, twin.path("id").asText())).isEqualTo(1);
        assertThat(woo.list("customers", java.util.Map.of(), 1, 1).total()).isEqualTo(wooCustomersBefore);
        assertThat(woo.list("customers", java.util.Map.of("email", "customer07@example.com"), 1, 10).items().get(0)
                .path("first_name").asText()).isNotEqualTo("Twin");
    }

    @Test
    @Order(11)
    void aRunsBatchSizeDecidesHowManyItemsGoInOneWooCommerceCall() {
        List<JsonNode> products = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            products.add(json.createObjectNode().put("sku", String.format("SIZED-%02d", i)).put("name", "Sized " + i)
                    .put("unitPrice", "2.00"));
        }
        nxt.batchUpsert("products", products, List.of(), null);
        traffic.woo().resetCalls();
        SyncService.Result push = sync.run("incremental", new SyncRequest("push", List.of("product"), true, false, false, 10));
        assertThat(push.counts().get("product").get("push").get("created")).isEqualTo(30);
        assertThat(traffic.woo().calls("POST", "/wp-json/wc/v3/products/batch")).isEqualTo(3);
    }
    /**
     * An incremental push reads only what NXT-ND's changes feed says moved: 50 stock changes in a catalogue of 200
     * cost one read of those products and one /batch write, not a read of every page and every variable product.
     */
    @Test
    @Order(12)
    void anIncrementalPushCarriesFiftyStockChangesInAFewWooCommerceCalls() {
        SyncRequest incremental = new SyncRequest("push", null, true, false, false, null);
        sync.run("incremental", incremental); // whatever earlier tests left in the changes feed
        List<String> skus = new ArrayList<>();
        for (int i = 101; i <= 150; i++) {
            String sku = String.format("SKU-%04d", i);
            nxt.inventoryMovement(sku, "MAIN", 3, "receipt", "test-receipt-" + i, null);
            skus.add(sku);
        }
        traffic.woo().resetCalls();
        SyncService.Result push = sync.run("incremental", incremental);
        assertThat(push.status()).isEqualTo("completed");
        assertThat(push.counts().get("inventory").get("push").get("drift")).isEqualTo(50);
        assertThat(traffic.woo().calls().values().stream().mapToLong(Long::longValue).sum())
                .as("%s", traffic.woo().calls()).isLessThanOrEqualTo(3);
        for (String sku : skus) {
            assertThat(wooStore.productBySku(sku).orElseThrow().path("stock_quantity").asInt()).as(sku)
                    .isEqualTo(nxtStore.inventoryLevel(sku).orElseThrow().path("quantityAvailable").asInt());
        }
    }
}
