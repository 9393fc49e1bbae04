package com.nxtnd.hub.conflict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.HubIntegrationTest;
import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.sandbox.nxt.NxtSandboxStore;
import com.nxtnd.hub.sandbox.woo.WooSandboxStore;
import com.nxtnd.hub.sync.SyncRequest;
import com.nxtnd.hub.sync.SyncService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Conflicts as a shop meets them: both sides edit one record between syncs. Products use the default strategy
 * (timestamp), customers are held for a person (hub.conflicts.strategies.customer=manual in the test hub). Both sides
 * are edited while the webhook inbox is paused, so that the hub sees the two edits together, as after an outage.
 */
@SuppressWarnings("unchecked")
class ConflictFlowTest extends HubIntegrationTest {

    @Autowired
    SyncService sync;
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
    @Autowired
    CamelContext camel;

    static boolean synced;

    @BeforeEach
    void bothSidesSyncedOnce() {
        if (!synced) {
            assertThat(sync.run("full", new SyncRequest("both", List.of("product", "customer"), false, false, false, null))
                    .status()).isEqualTo("completed");
            synced = true;
        }
        awaitInboxDrained();
    }

    /** Held conflicts are settled after each test, so that other test classes' runs start from a synced shop. */
    @org.junit.jupiter.api.AfterEach
    void settleHeldConflicts() throws Exception {
        awaitInboxDrained();
        if (jdbc.queryForObject("select count(*) from wc_sync_conflicts where status = 'pending' "
                + "and conflict_type = 'field_conflict'", Long.class) == 0) {
            return;
        }
        sync.run("full", new SyncRequest("pull", List.of("customer"), false, false, false, null));
        for (Long id : jdbc.queryForList("select id from wc_sync_conflicts where status = 'pending' "
                + "and conflict_type = 'field_conflict'", Long.class)) {
            adminPost("/api/woocommerce/conflicts/" + id + "/resolve", "{\"resolution\":\"nxt\"}");
        }
        awaitInboxDrained();
    }

    record Pair(long mappingId, long wooId, String nxtId) {
    }

    /** A synced pair no other test in this class touches. */
    Pair pair(String entity, int nth) {
        return jdbc.queryForObject("""
                select id, woo_id, nxt_id from wc_entity_mapping where entity_type = ? and woo_id is not null
                and nxt_id is not null and woo_parent_id is null order by id offset ? limit 1""",
                (rs, i) -> new Pair(rs.getLong(1), rs.getLong(2), rs.getString(3)), entity, 40 + nth);
    }

    void withInboxPaused(Runnable edits) throws Exception {
        camel.getRouteController().stopRoute("webhook-inbox");
        try {
            edits.run();
        } finally {
            camel.getRouteController().startRoute("webhook-inbox");
        }
    }

    void awaitInboxDrained() {
        awaitDueEventsProcessed(jdbc);
    }

    List<Map<String, Object>> conflictsOf(long mappingId) {
        return jdbc.queryForList("select * from wc_sync_conflicts where mapping_id = ? order by id", mappingId);
    }

    JsonNode nxtProduct(String id) {
        return nxt.get("products", id).orElseThrow();
    }

    JsonNode nxtCustomer(String id) {
        return nxt.get("customers", id).orElseThrow();
    }

    @Test
    void editsOfDifferentFieldsOnEachSideBothLandWithoutAConflict() throws Exception {
        Pair p = pair("product", 1);
        withInboxPaused(() -> {
            wooStore.updateProduct(p.wooId(), json.createObjectNode().put("description", "Described in WooCommerce"));
            nxt.update("products", p.nxtId(), json.createObjectNode().put("unitPrice", "41.50"), null, null);
        });
        awaitInboxDrained();
        assertThat(nxtProduct(p.nxtId()).path("description").asText()).isEqualTo("Described in WooCommerce");
        assertThat(nxtProduct(p.nxtId()).path("unitPrice").asText()).isEqualTo("41.50");
        assertThat(wooStore.get("products", p.wooId()).orElseThrow().path("regular_price").asText()).isEqualTo("41.50");
        assertThat(conflictsOf(p.mappingId())).isEmpty();
    }

    @Test
    void theSameFieldEditedOnBothSidesInAWebhookIsSettledByTheNewerEdit() throws Exception {
        Pair p = pair("product", 2);
        withInboxPaused(() -> {
            wooStore.updateProduct(p.wooId(), json.createObjectNode().put("name", "Named in WooCommerce"));
            // NXT-ND's edit is the later one (WooCommerce dates have whole seconds, NXT-ND's are finer)
            nxt.update("products", p.nxtId(), json.createObjectNode().put("name", "Named in NXT-ND"), null, null);
        });
        awaitInboxDrained();
        assertThat(nxtProduct(p.nxtId()).path("name").asText()).isEqualTo("Named in NXT-ND");
        assertThat(wooStore.get("products", p.wooId()).orElseThrow().path("name").asText()).isEqualTo("Named in NXT-ND");
        List<Map<String, Object>> rows = conflictsOf(p.mappingId());
        assertThat(rows).hasSize(1);
        Map<String, Object> row = rows.get(0);
        assertThat(row).containsEntry("conflict_type", "field_conflict").containsEntry("strategy", "timestamp")
                .containsEntry("status", "resolved").containsEntry("resolution", "nxt").containsEntry("source", "webhook")
                .containsEntry("resolved_by", "auto:timestamp");
        assertThat(row.get("woo_values").toString()).contains("Named in WooCommerce");
        assertThat(row.get("nxt_values").toString()).contains("Named in NXT-ND");
    }

    @Test
    void aBatchRunRaisesAndSettlesTheConflictToo() throws Exception {
        Pair p = pair("product", 3);
        withInboxPaused(() -> {
            wooStore.updateProduct(p.wooId(), json.createObjectNode().put("name", "Batch WooCommerce name"));
            nxt.update("products", p.nxtId(), json.createObjectNode().put("name", "Batch NXT-ND name"), null, null);
            SyncService.Result run = sync.run("full", new SyncRequest("pull", List.of("product"), false, false, false, null));
            assertThat(run.status()).isEqualTo("completed");
        });
        awaitInboxDrained();
        assertThat(conflictsOf(p.mappingId())).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("source", "batch").containsEntry("resolution", "nxt").containsEntry("status", "resolved"));
        assertThat(wooStore.get("products", p.wooId()).orElseThrow().path("name").asText()).isEqualTo("Batch NXT-ND name");
        assertThat(nxtProduct(p.nxtId()).path("name").asText()).isEqualTo("Batch NXT-ND name");
    }

    @Test
    void aManualConflictHoldsTheRecordUntilAPersonResolvesItThenBothSidesGetTheChosenValue() throws Exception {
        Pair p = pair("customer", 1);
        withInboxPaused(() -> {
            wooStore.updateCustomer(p.wooId(), json.createObjectNode().put("first_name", "Wilma").put("last_name", "Woo"));
            nxt.update("customers", p.nxtId(), json.createObjectNode().put("firstName", "Nora").put("phone", "+47 555"), null, null);
        });
        awaitInboxDrained();
        long id = pendingConflictOf(p.mappingId());
        // held: nothing written, not even the fields only one side changed
        assertThat(nxtCustomer(p.nxtId()).path("firstName").asText()).isEqualTo("Nora");
        assertThat(nxtCustomer(p.nxtId()).path("lastName").asText()).isNotEqualTo("Woo");
        assertThat(wooStore.get("customers", p.wooId()).orElseThrow().path("first_name").asText()).isEqualTo("Wilma");
        assertThat(jdbc.queryForObject("select sync_status from wc_entity_mapping where id = ?", String.class, p.mappingId()))
                .isEqualTo("conflict");

        // a batch run in both directions leaves it held, and does not record it twice
        sync.run("full", new SyncRequest("both", List.of("customer"), false, false, false, null));
        awaitInboxDrained();
        assertThat(wooStore.get("customers", p.wooId()).orElseThrow().path("first_name").asText()).isEqualTo("Wilma");
        assertThat(nxtCustomer(p.nxtId()).path("firstName").asText()).isEqualTo("Nora");
        assertThat(conflictsOf(p.mappingId())).hasSize(1);

        Map<String, Object> pending = adminJson("/api/woocommerce/conflicts/pending?size=200");
        assertThat((List<?>) pending.get("items")).anySatisfy(item ->
                assertThat((Map<String, Object>) item).containsEntry("id", (int) id).containsEntry("strategy", "manual")
                        .containsEntry("fields", List.of("firstName")));

        HttpResponse<String> resolved = adminPost("/api/woocommerce/conflicts/" + id + "/resolve",
                "{\"resolution\":\"merged\",\"data\":{\"firstName\":\"Nina\"}}");
        assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
        assertThat(resolved.body()).contains("\"status\":\"resolved\"").contains("\"resolvedBy\":\"admin\"");
        awaitInboxDrained();
        JsonNode nxtNow = nxtCustomer(p.nxtId());
        JsonNode wooNow = wooStore.get("customers", p.wooId()).orElseThrow();
        assertThat(nxtNow.path("firstName").asText()).isEqualTo("Nina");
        assertThat(wooNow.path("first_name").asText()).isEqualTo("Nina");
        // the edits only one side made are kept on both
        assertThat(nxtNow.path("lastName").asText()).isEqualTo("Woo");
        assertThat(wooNow.path("last_name").asText()).isEqualTo("Woo");
        assertThat(nxtNow.path("phone").asText()).isEqualTo("+47 555");
        assertThat(wooNow.path("billing").path("phone").asText()).isEqualTo("+47 555");
        assertThat(jdbc.queryForObject("select base_snapshot->>'firstName' from wc_entity_mapping where id = ?",
                String.class, p.mappingId())).isEqualTo("Nina");

        HttpResponse<String> again = adminPost("/api/woocommerce/conflicts/" + id + "/resolve", "{\"resolution\":\"wc\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("\"error\":\"already_resolved\"");

        // the pair is settled: the next run writes nothing for it
        sync.run("full", new SyncRequest("both", List.of("customer"), false, false, false, null));
        assertThat(conflictsOf(p.mappingId())).hasSize(1);
        assertThat(jdbc.queryForObject("select sync_status from wc_entity_mapping where id = ?", String.class,
                p.mappingId())).isEqualTo("synced");
        assertThat(nxtCustomer(p.nxtId()).path("firstName").asText()).isEqualTo("Nina");
    }

    @Test
    void resolvingWithOneSidesValuesWritesThemToTheOtherSide() throws Exception {
        Pair wc = pair("customer", 2);
        Pair nx = pair("customer", 3);
        withInboxPaused(() -> {
            wooStore.updateCustomer(wc.wooId(), json.createObjectNode().put("first_name", "Wc-side"));
            nxt.update("customers", wc.nxtId(), json.createObjectNode().put("firstName", "Nxt-side"), null, null);
            wooStore.updateCustomer(nx.wooId(), json.createObjectNode().put("last_name", "Wc-last"));
            nxt.update("customers", nx.nxtId(), json.createObjectNode().put("lastName", "Nxt-last"), null, null);
        });
        awaitInboxDrained();
        HttpResponse<String> byWc = adminPost("/api/woocommerce/conflicts/" + pendingConflictOf(wc.mappingId())
                + "/resolve", "{\"resolution\":\"wc\"}");
        assertThat(byWc.statusCode()).as(byWc.body()).isEqualTo(200);
        HttpResponse<String> byNxt = adminPost("/api/woocommerce/conflicts/" + pendingConflictOf(nx.mappingId())
                + "/resolve", "{\"resolution\":\"nxt\"}");
        assertThat(byNxt.statusCode()).as(byNxt.body()).isEqualTo(200);
        assertThat(nxtCustomer(wc.nxtId()).path("firstName").asText()).isEqualTo("Wc-side");
        assertThat(wooStore.get("customers", nx.wooId()).orElseThrow().path("last_name").asText()).isEqualTo("Nxt-last");
    }

    @Test
    void aConflictSupersededByANewerEditIsRefusedWith409() throws Exception {
        Pair p = pair("customer", 4);
        withInboxPaused(() -> {
            wooStore.updateCustomer(p.wooId(), json.createObjectNode().put("first_name", "First try"));
            nxt.update("customers", p.nxtId(), json.createObjectNode().put("firstName", "Other"), null, null);
        });
        awaitInboxDrained();
        long first = pendingConflictOf(p.mappingId());
        // a newer WooCommerce edit arrives through its webhook: the old conflict is superseded by a new one
        wooStore.updateCustomer(p.wooId(), json.createObjectNode().put("first_name", "Second try"));
        awaitInboxDrained();
        long second = pendingConflictOf(p.mappingId());
        assertThat(second).isNotEqualTo(first);
        HttpResponse<String> stale = adminPost("/api/woocommerce/conflicts/" + first + "/resolve", "{\"resolution\":\"wc\"}");
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(stale.body()).contains("\"error\":\"superseded\"");

        // an NXT-ND edit the hub has not seen yet: found when resolving, refused, nothing written
        nxt.update("customers", p.nxtId(), json.createObjectNode().put("firstName", "Third"), null, null);
        HttpResponse<String> unseen = adminPost("/api/woocommerce/conflicts/" + second + "/resolve", "{\"resolution\":\"wc\"}");
        assertThat(unseen.statusCode()).isEqualTo(409);
        assertThat(unseen.body()).contains("superseded").contains("NXT-ND changed");
        assertThat(nxtCustomer(p.nxtId()).path("firstName").asText()).isEqualTo("Third");
        assertThat(wooStore.get("customers", p.wooId()).orElseThrow().path("first_name").asText()).isEqualTo("Second try");
    }

    @Test
    void invalidRecordsBecomeValidationConflictsAndAreNotWritten() throws Exception {
        int nxtProducts = nxtStore.productsCount();
        JsonNode noSku = wooStore.createProduct(json.createObjectNode().put("name", "No SKU here").put("regular_price", "3.00"), null);
        JsonNode negative = wooStore.createProduct(json.createObjectNode().put("name", "Negative").put("sku", "NEG-1")
                .put("regular_price", "-4.00"), null);
        JsonNode notANumber = wooStore.createProduct(json.createObjectNode().put("name", "Text weight").put("sku", "TXT-1")
                .put("regular_price", "2.00").put("weight", "about two kilos"), null);
        awaitInboxDrained();
        assertThat(typeOf(noSku)).isEqualTo("data_validation");
        assertThat(typeOf(negative)).isEqualTo("data_validation");
        assertThat(typeOf(notANumber)).isEqualTo("type_mismatch");
        assertThat(jdbc.queryForObject("select fields[1] from wc_sync_conflicts where woo_id = ? and entity_type = 'product'",
                String.class, noSku.path("id").asLong())).isEqualTo("sku");
        assertThat(nxtStore.productBySku("NEG-1")).isEmpty();
        assertThat(nxtStore.productBySku("TXT-1")).isEmpty();
        assertThat(nxtStore.productsCount()).isEqualTo(nxtProducts);
        // the webhook events are done (a conflict, not a failure to retry)
        assertThat(jdbc.queryForObject("""
                select count(*) from wc_webhook_events where resource = 'product' and resource_id = ?
                and status = 'processed' and last_error like 'conflict%'""", Long.class, negative.path("id").asLong()))
                .isGreaterThanOrEqualTo(1);

        // the same record seen again by a batch run is not recorded twice; fixed, its conflict is superseded
        sync.run("full", new SyncRequest("pull", List.of("product"), false, false, false, null));
        assertThat(jdbc.queryForObject("select count(*) from wc_sync_conflicts where woo_id = ? and entity_type = 'product'",
                Long.class, negative.path("id").asLong())).isEqualTo(1);
        wooStore.updateProduct(negative.path("id").asLong(), json.createObjectNode().put("regular_price", "4.00"));
        awaitInboxDrained();
        assertThat(nxtStore.productBySku("NEG-1")).isPresent();
        assertThat(jdbc.queryForObject("select status from wc_sync_conflicts where woo_id = ? and entity_type = 'product'",
                String.class, negative.path("id").asLong())).isEqualTo("superseded");

        JsonNode badMail = wooStore.createCustomer(json.createObjectNode().put("email", "not-an-address@nowhere")
                .put("first_name", "Bad"));
        awaitInboxDrained();
        assertThat(jdbc.queryForObject("select conflict_type from wc_sync_conflicts where woo_id = ? and entity_type = 'customer'",
                String.class, badMail.path("id").asLong())).isEqualTo("data_validation");

        // the shop removes them again, so that the other tests' runs see a clean catalogue
        wooStore.deleteProduct(noSku.path("id").asLong(), true);
        wooStore.deleteProduct(notANumber.path("id").asLong(), true);
        wooStore.deleteCustomer(badMail.path("id").asLong(), true);
        awaitInboxDrained();
    }

    @Test
    void theConflictApiReportsStatsPagesAndClearErrors() throws Exception {
        Pair p = pair("customer", 5);
        withInboxPaused(() -> {
            wooStore.updateCustomer(p.wooId(), json.createObjectNode().put("first_name", "Stat-w"));
            nxt.update("customers", p.nxtId(), json.createObjectNode().put("firstName", "Stat-n"), null, null);
        });
        awaitInboxDrained();
        Map<String, Object> stats = adminJson("/api/woocommerce/conflicts/stats?window=24h");
        assertThat(stats).containsEntry("window", "24h").containsKeys("byType", "byEntity", "byStrategy",
                "autoResolutionRate");
        assertThat((Map<String, Object>) stats.get("byType")).containsKey("field_conflict");
        assertThat((Map<String, Object>) stats.get("byStrategy")).containsKey("manual");
        assertThat(((Number) stats.get("pending")).longValue()).isGreaterThanOrEqualTo(1);

        Map<String, Object> page = adminJson("/api/woocommerce/conflicts/pending?page=0&size=1");
        assertThat((List<?>) page.get("items")).hasSize(1);
        assertThat(((Number) page.get("total")).longValue()).isGreaterThanOrEqualTo(1);

        HttpResponse<String> badWindow = adminGet("/api/woocommerce/conflicts/stats?window=yesterday");
        assertThat(badWindow.statusCode()).isEqualTo(400);
        assertThat(badWindow.body()).contains("\"parameter\":\"window\"");
        assertThat(adminGet("/api/woocommerce/conflicts/pending?size=0").statusCode()).isEqualTo(400);
        assertThat(adminGet("/api/woocommerce/conflicts/999999").statusCode()).isEqualTo(404);
        assertThat(adminPost("/api/woocommerce/conflicts/999999/resolve", "{\"resolution\":\"wc\"}").statusCode()).isEqualTo(404);
        HttpResponse<String> badResolution = adminPost("/api/woocommerce/conflicts/" + pendingConflictOf(p.mappingId())
                + "/resolve", "{\"resolution\":\"both\"}");
        assertThat(badResolution.statusCode()).isEqualTo(400);
        assertThat(badResolution.body()).contains("\"parameter\":\"resolution\"");
        HttpResponse<String> noData = adminPost("/api/woocommerce/conflicts/" + pendingConflictOf(p.mappingId())
                + "/resolve", "{\"resolution\":\"merged\",\"data\":{\"email\":\"x@y.io\"}}");
        assertThat(noData.statusCode()).isEqualTo(400);
        assertThat(noData.body()).contains("firstName");
    }

    private String typeOf(JsonNode wooProduct) {
        return jdbc.queryForObject("select conflict_type from wc_sync_conflicts where woo_id = ? and entity_type = 'product'",
                String.class, wooProduct.path("id").asLong());
    }

    private long pendingConflictOf(long mappingId) {
        return jdbc.queryForObject("select id from wc_sync_conflicts where mapping_id = ? and status = 'pending'",
                Long.class, mappingId);
    }



    @SuppressWarnings("unchecked")
    private Map<String, Object> adminJson(String path) throws Exception {
        HttpResponse<String> r = adminGet(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readValue(r.body(), Map.class);
    }

}
