package com.nxtnd.hub.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nxtnd.hub.TestMaterial;
import com.nxtnd.hub.sandbox.SandboxTrafficRegistry;
import com.nxtnd.hub.sandbox.nxt.NxtSandboxStore;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Stored deliveries carried through to the NXT-ND sandbox: once each, in order, surviving a stopped inbox. */
class WebhookProcessingTest extends WebhookTestSupport {

    @Autowired
    NxtSandboxStore nxt;
    @Autowired
    SandboxTrafficRegistry traffic;
    @Autowired
    CamelContext camel;
    @Autowired
    ObjectMapper json;

    @Test
    void aRealProductDeliveryCreatesTheNxtProductAndTheMapping() throws Exception {
        CapturedDelivery real = unique("delivery-product-updated.txt", 14, "RW-18ca1a-1", 8001, "RW-P-1");
        long id = eventId(real.send(http, url("/api/woocommerce/webhooks/product")));
        awaitStatus(id, "processed");
        JsonNode product = nxt.productBySku("RW-P-1").orElseThrow();
        assertThat(product.path("name").asText()).isEqualTo("Realwoo 18ca1a");
        assertThat(product.path("unitPrice").asText()).isEqualTo("17.50");
        assertThat(jdbc.queryForObject("select nxt_id from wc_entity_mapping where entity_type = 'product' and woo_id = 8001",
                String.class)).isEqualTo(product.path("id").asText());
    }

    @Test
    void theSameDeliveryTenTimesConcurrentlyHasExactlyOneEffect() throws Exception {
        CapturedDelivery real = unique("delivery-product-updated-batch-a.txt", 15, "RW-18ca1a-A", 8002, "RW-P-A");
        long postsBefore = traffic.nxt().calls("POST", "/api/products");
        long batchesBefore = traffic.nxt().calls("POST", "/api/products/batch");
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Callable<HttpResponse<String>>> sends = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sends.add(() -> real.send(http, url("/api/woocommerce/webhooks")));
        }
        List<Long> ids = new ArrayList<>();
        for (Future<HttpResponse<String>> f : pool.invokeAll(sends)) {
            assertThat(f.get().statusCode()).isEqualTo(200);
            ids.add(eventId(f.get()));
        }
        pool.shutdown();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(ids.stream().map(this::status).toList())
                .doesNotContain("pending", "processing"));
        assertThat(ids.stream().map(this::status).filter("processed"::equals).count()).isEqualTo(1);
        assertThat(ids.stream().map(this::status).filter("duplicate"::equals).count()).isEqualTo(9);
        // written once, in a batch upsert of its own (the inbox writes products in batches)
        assertThat(traffic.nxt().calls("POST", "/api/products/batch") - batchesBefore).isEqualTo(1);
        assertThat(traffic.nxt().calls("POST", "/api/products") - postsBefore).isZero();
        assertThat(nxt.productBySku("RW-P-A").orElseThrow().path("version").asInt()).isEqualTo(1);
    }

    @Test
    void manyPendingUpdatesOfOneProductApplyOnlyTheNewestAndTheOthersProceed() throws Exception {
        long postsBefore = traffic.nxt().calls("POST", "/api/products");
        long batchesBefore = traffic.nxt().calls("POST", "/api/products/batch");
        List<Long> hot = new ArrayList<>();
        List<Long> others = new ArrayList<>();
        camel.getRouteController().stopRoute("webhook-inbox"); // a backlog, as a busy product leaves it
        try {
            for (int i = 0; i < 30; i++) {
                ObjectNode product = productPayload(9201, "HOT-1").put("name", "Hot " + i)
                        .put("date_modified_gmt", String.format("2026-01-01T10:%02d:00", i));
                hot.add(eventId(delivery("product.updated", product).send(http, url("/api/woocommerce/webhooks"))));
            }
            for (int i = 0; i < 5; i++) {
                others.add(eventId(delivery("product.updated", productPayload(9210 + i, "COLD-" + i))
                        .send(http, url("/api/woocommerce/webhooks"))));
            }
        } finally {
            camel.getRouteController().startRoute("webhook-inbox");
        }
        long newest = hot.get(hot.size() - 1);
        awaitStatus(newest, "processed");
        for (long id : others) {
            awaitStatus(id, "processed");
        }
        assertThat(hot.subList(0, hot.size() - 1).stream().map(this::status).distinct().toList())
                .containsExactly("superseded");
        assertThat(jdbc.queryForObject("select count(*) from wc_webhook_events where id = any (?) and processed_at is not null "
                + "and last_error = 'superseded by event ' || ?", Long.class, hot.toArray(new Long[0]), newest))
                .isEqualTo(29);
        assertThat(nxt.productBySku("HOT-1").orElseThrow().path("name").asText()).isEqualTo("Hot 29");
        // the busy product's newest and the five others claimed at once: one NXT-ND batch upsert for the six
        assertThat(traffic.nxt().calls("POST", "/api/products/batch") - batchesBefore).isEqualTo(1);
        assertThat(traffic.nxt().calls("POST", "/api/products") - postsBefore).isZero();
        assertThat(((Number) adminJson("/api/woocommerce/webhooks/stats").get("superseded")).longValue())
                .isGreaterThanOrEqualTo(29);
    }

    @Test
    void theInboxRouteFileIsReloadedLikeAnyOtherAndTheInboxCarriesOn() throws Exception {
        java.nio.file.Path file = ROUTES_COPY.resolve("webhook-inbox.camel.yaml");
        String original = java.nio.file.Files.readString(file);
        String edited = original.replace("delay: \"{{hub.webhooks.poll-delay-ms:200}}\"", "delay: 150");
        assertThat(edited).isNotEqualTo(original);
        try {
            java.nio.file.Files.writeString(file, edited);
            await().atMost(Duration.ofSeconds(20)).until(() -> camel.getRoute("webhook-inbox") != null
                    && camel.getRoute("webhook-inbox").getEndpoint().getEndpointUri().contains("delay=150")
                    && camel.getRouteController().getRouteStatus("webhook-inbox").isStarted()
                    && camel.getRoute("webhook-batch") != null
                    && camel.getRouteController().getRouteStatus("webhook-batch").isStarted()
                    && camel.getRoute("webhook-event") != null
                    && camel.getRouteController().getRouteStatus("webhook-event").isStarted());
            long id = eventId(delivery("product.updated", productPayload(9220, "RELOAD-1"))
                    .send(http, url("/api/woocommerce/webhooks")));
            awaitStatus(id, "processed");
            assertThat(nxt.productBySku("RELOAD-1")).isPresent();
        } finally {
            java.nio.file.Files.writeString(file, original);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> camel.getRoute("webhook-inbox") != null
                && !camel.getRoute("webhook-inbox").getEndpoint().getEndpointUri().contains("delay=150")
                && camel.getRouteController().getRouteStatus("webhook-inbox").isStarted());
    }

    @Test
    void eventsStoredWhileTheInboxIsStoppedAreProcessedOnceAfterRestart() throws Exception {
        camel.getRouteController().stopRoute("webhook-inbox");
        long id;
        try {
            CapturedDelivery real = unique("delivery-product-updated-batch-b.txt", 16, "RW-18ca1a-B", 8003, "RW-P-B");
            id = eventId(real.send(http, url("/api/woocommerce/webhooks/product")));
            assertThat(status(id)).isEqualTo("pending");
            assertThat(nxt.productBySku("RW-P-B")).isEmpty();
        } finally {
            camel.getRouteController().startRoute("webhook-inbox");
        }
        awaitStatus(id, "processed");
        assertThat(nxt.productBySku("RW-P-B").orElseThrow().path("version").asInt()).isEqualTo(1);
    }

    @Test
    void aClaimLeftBehindByADeadInstanceIsTakenOverAfterItsLease() throws Exception {
        // no lease sweep until the test starts one: the claim must stay the dead instance's until then
        camel.getRouteController().stopRoute("webhook-inbox-leases");
        camel.getRouteController().stopRoute("webhook-inbox");
        long id;
        try {
            ObjectNode product = productPayload(9101, "LEASE-1");
            id = eventId(delivery("product.updated", product).send(http, url("/api/woocommerce/webhooks")));
            // as if another instance claimed it and died mid-way
            jdbc.update("update wc_webhook_events set status = 'processing', locked_by = 'dead', attempts = 1, "
                    + "locked_at = now() - interval '10 minutes' where id = ?", id);
        } finally {
            camel.getRouteController().startRoute("webhook-inbox");
        }
        // the running inbox never takes an event another instance holds, however old the claim (over several polls)
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> "processing".equals(status(id))
                && "dead".equals(jdbc.queryForObject("select locked_by from wc_webhook_events where id = ?", String.class, id)));
        assertThat(nxt.productBySku("LEASE-1")).isEmpty();
        camel.getRouteController().startRoute("webhook-inbox-leases"); // runs a lease sweep at once
        awaitStatus(id, "processed");
        assertThat(nxt.productBySku("LEASE-1")).isPresent();
        assertThat(jdbc.queryForObject("select attempts from wc_webhook_events where id = ?", Integer.class, id)).isEqualTo(2);
    }

    @Test
    void deletedDeliveryDeactivatesTheNxtRecordAndMarksTheMapping() throws Exception {
        ObjectNode product = productPayload(9102, "DEL-1");
        awaitStatus(eventId(delivery("product.created", product).send(http, url("/api/woocommerce/webhooks"))), "processed");
        long id = eventId(delivery("product.deleted", json.createObjectNode().put("id", 9102))
                .send(http, url("/api/woocommerce/webhooks/product")));
        awaitStatus(id, "processed");
        assertThat(nxt.productBySku("DEL-1").orElseThrow().path("isActive").asBoolean()).isFalse();
        assertThat(jdbc.queryForObject("select sync_status from wc_entity_mapping where entity_type='product' and woo_id=9102",
                String.class)).isEqualTo("deleted");
    }

    @Test
    void aPaidOrderBecomesAnNxtOrderThatReservesItsLinesAndMovesNoStockOtherwise() throws Exception {
        JsonNode example = json.readTree(TestMaterial.text("woocommerce/payloads/order.create-response.json"));
        ObjectNode order = (ObjectNode) example.deepCopy();
        order.put("id", 9201);
        ((ObjectNode) order.path("line_items").get(0)).put("sku", "SKU-0030");
        ((ObjectNode) order.path("line_items").get(1)).put("sku", "SKU-0031");
        JsonNode before = nxt.inventoryLevel("SKU-0030").orElseThrow();
        long id = eventId(delivery("order.created", order).send(http, url("/api/woocommerce/webhooks/order")));
        awaitStatus(id, "processed");
        JsonNode nxtOrder = nxt.orderByExternalRef("woo-order-9201").orElseThrow();
        assertThat(nxtOrder.path("status").asText()).isEqualTo("approved"); // processing -> approved
        assertThat(nxtOrder.path("items")).hasSize(2);
        // contracts/nxt-nd-api.md: creating the order reserves; a sale movement on top would count the sale twice
        assertThat(nxt.movements()).filteredOn(m -> m.path("reference").asText().startsWith("woo-order-9201")).isEmpty();
        int quantity = example.path("line_items").get(0).path("quantity").asInt();
        JsonNode after = nxt.inventoryLevel("SKU-0030").orElseThrow();
        assertThat(after.path("quantityOnHand").asInt()).isEqualTo(before.path("quantityOnHand").asInt());
        assertThat(after.path("quantityReserved").asInt()).isEqualTo(before.path("quantityReserved").asInt() + quantity);
        assertThat(after.path("quantityAvailable").asInt()).isEqualTo(before.path("quantityAvailable").asInt() - quantity);
        // the same order delivered again as updated: nothing reserved twice
        long again = eventId(delivery("order.updated", order).send(http, url("/api/woocommerce/webhooks/order")));
        awaitStatus(again, "processed");
        assertThat(nxt.inventoryLevel("SKU-0030").orElseThrow().path("quantityAvailable").asInt())
                .isEqualTo(after.path("quantityAvailable").asInt());
    }

    @Test
    void aCustomerDeliveryIsMatchedByEmailWithTheExistingNxtCustomer() throws Exception {
        JsonNode example = json.readTree(TestMaterial.text("woocommerce/payloads/customer.create-response.json"));
        ObjectNode customer = (ObjectNode) example.deepCopy();
        customer.put("id", 9301).put("email", "Customer05@Example.com");
        String existingId = nxt.customerByEmail("customer05@example.com").orElseThrow().path("id").asText();
        long id = eventId(delivery("customer.updated", customer).send(http, url("/api/woocommerce/webhooks/customer")));
        awaitStatus(id, "processed");
        JsonNode updated = nxt.customerByEmail("customer05@example.com").orElseThrow();
        assertThat(updated.path("id").asText()).isEqualTo(existingId);
        assertThat(updated.path("firstName").asText()).isEqualTo(example.path("first_name").asText());
        assertThat(updated.path("customerCode").asText()).isEqualTo("C00005");
    }

    @Test
    void aRecordTheMappingCannotProduceGoesToTheErrorStoreNamingFileAndField() throws Exception {
        ObjectNode product = productPayload(9401, "NAMELESS-9401").put("name", ""); // a blank SKU is hub.products.missing-sku's
        long id = eventId(delivery("product.updated", product).send(http, url("/api/woocommerce/webhooks/product")));
        awaitStatus(id, "failed");
        String message = jdbc.queryForObject("select message from wc_error_log where entity_ref = ?", String.class,
                "webhook-event:" + id);
        assertThat(message).contains("mappings/product.woo-to-nxt.jsonata").contains("'name'");
        assertThat(jdbc.queryForObject("select conflict_type from wc_sync_conflicts where entity_type = 'product' and woo_id = 9401",
                String.class)).isEqualTo("data_validation"); // and shown as a conflict
        assertThat(jdbc.queryForObject("select original_body from wc_error_log where entity_ref = ?", byte[].class,
                "webhook-event:" + id)).isEqualTo(json.writeValueAsBytes(product));
    }

    @Test
    void anUnchangedRedeliveryWithNewTimestampWritesNothing() throws Exception {
        ObjectNode product = productPayload(9501, "ECHO-1");
        awaitStatus(eventId(delivery("product.updated", product).send(http, url("/api/woocommerce/webhooks"))), "processed");
        int version = nxt.productBySku("ECHO-1").orElseThrow().path("version").asInt();
        product.put("date_modified_gmt", "2026-11-25T06:00:00"); // a new delivery, same content
        long id = eventId(delivery("product.updated", product).send(http, url("/api/woocommerce/webhooks")));
        awaitStatus(id, "processed");
        assertThat(jdbc.queryForObject("select last_error from wc_webhook_events where id = ?", String.class, id))
                .startsWith("unchanged");
        assertThat(nxt.productBySku("ECHO-1").orElseThrow().path("version").asInt()).isEqualTo(version);
    }

    /** A captured delivery, byte for byte, but for its id and SKU, re-signed: its own record for one test. */
    CapturedDelivery unique(String file, long id, String sku, long newId, String newSku) throws Exception {
        CapturedDelivery real = CapturedDelivery.load(file);
        String body = new String(real.body(), StandardCharsets.UTF_8)
                .replaceFirst("\\{\"id\":" + id + ",", "{\"id\":" + newId + ",").replace("\"sku\":\"" + sku + "\"", "\"sku\":\"" + newSku + "\"");
        assertThat(body).contains("{\"id\":" + newId + ",").contains(newSku).contains("\\/");
        return real.withBody(body.getBytes(StandardCharsets.UTF_8)).signedWith(SECRET);
    }

    @Autowired
    com.nxtnd.hub.mapping.MappingService mappings;
    @Autowired
    com.nxtnd.hub.mapping.CanonicalRecords canonical;
    @Autowired
    com.nxtnd.hub.store.EntityMappingRepository pairs;

    @Test
    void theHubsOwnWriteComingBackAsAWebhookIsRecognisedAsAnEchoAndNotPushedBack() throws Exception {
        ObjectNode product = productPayload(9601, "ECHO-OWN-1");
        JsonNode mapped = mappings.map("product.woo-to-nxt", product, java.util.Map.of());
        String hash = canonical.hash(mapped);
        // as the push leaves it after writing this record to WooCommerce
        var stored = pairs.save(new com.nxtnd.hub.store.EntityMappingRepository.SyncedPair("product", 9601L, null,
                "nxt-echo-own-1", "ECHO-OWN-1", hash, hash, hash, mapped, product, null, null, null, null, "push", "woo"));
        long id = eventId(delivery("product.updated", product).send(http, url("/api/woocommerce/webhooks/product")));
        awaitStatus(id, "echo");
        // nothing written to NXT-ND for it (counted per record: other tests' work may reach the sandbox meanwhile)
        assertThat(nxt.productBySku("ECHO-OWN-1")).isEmpty();
        var after = pairs.byWooId("product", 9601L).orElseThrow();
        assertThat(after.syncedAt()).isEqualTo(stored.syncedAt());
        assertThat(after.lastDirection()).isEqualTo("push");
        assertThat(adminJson("/api/woocommerce/webhooks/stats").get("echoes")).isNotEqualTo(0);
    }

    ObjectNode productPayload(long id, String sku) throws Exception {
        ObjectNode p = (ObjectNode) json.readTree(
                TestMaterial.text("woocommerce/payloads/product-simple.create-response.json"));
        p.put("id", id).put("sku", sku).put("name", "Webhook test " + id);
        return p;
    }
}
