package com.nxtnd.hub.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.reset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nxtnd.hub.TestMaterial;
import com.nxtnd.hub.nxt.NxtApiException;
import com.nxtnd.hub.nxt.NxtBatchResult;
import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.sandbox.SandboxTrafficRegistry;
import com.nxtnd.hub.sandbox.nxt.NxtSandboxStore;
import com.nxtnd.hub.webhook.WebhookEventApplier.EventApplied;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * The inbox writes claimed product events in NXT-ND batch upserts (issue 19): 100 per call, each event still closed
 * on its own, a failing item failing (and retried) alone, the newest state of a record winning. NxtClient is a spy so
 * that NXT-ND's batch answer can carry an item error the sandbox would not give for a valid record.
 */
class InboxBatchesTest extends WebhookTestSupport {

    @MockitoSpyBean
    NxtClient nxtClient;
    @Autowired
    NxtSandboxStore nxt;
    @Autowired
    SandboxTrafficRegistry traffic;
    @Autowired
    CamelContext camel;
    @Autowired
    ObjectMapper json;

    private static final AtomicBoolean ADVISED = new AtomicBoolean(); // the context is this class's own, kept
    MockEndpoint batches;

    @BeforeEach
    void watchBatches() throws Exception {
        if (ADVISED.compareAndSet(false, true)) {
            // each batch's applied events, as route webhook-batch closes them
            AdviceWith.adviceWith(camel, "webhook-batch", a -> a.weaveById("close-applied").before()
                    .to("mock:applied-batches"));
        }
        batches = camel.getEndpoint("mock:applied-batches", MockEndpoint.class);
        batches.reset();
    }

    @AfterEach
    void realNxt() {
        reset(nxtClient);
    }

    @Test
    void twoHundredFiftyClaimedProductEventsAreThreeBatchUpsertsAndAFailingItemIsRetriedAlone() throws Exception {
        long batchCallsBefore = traffic.nxt().calls("POST", "/api/products/batch");
        long postsBefore = traffic.nxt().calls("POST", "/api/products");
        AtomicBoolean refusedOnce = new AtomicBoolean();
        // NXT-ND answers the first batch holding BATCH-BAD-1 with an item error for it, and does the rest: a 409, which
        // may heal by waiting (a 400 would be kept in the error store at once, WebhookEventFailureHandlerTest)
        doAnswer(call -> {
            List<JsonNode> upsert = call.getArgument(1);
            int bad = indexOfSku(upsert, "BATCH-BAD-1");
            if (bad < 0 || !refusedOnce.compareAndSet(false, true)) {
                return call.callRealMethod();
            }
            List<JsonNode> rest = new ArrayList<>(upsert);
            rest.remove(bad);
            NxtBatchResult done = nxtClient.batchUpsert(call.getArgument(0), rest, call.getArgument(2),
                    call.getArgument(3) + "-rest");
            ArrayNode answers = ((ArrayNode) done.path("upserted")).deepCopy();
            answers.insert(bad, json.createObjectNode().put("sku", "BATCH-BAD-1").set("error", json.createObjectNode()
                    .put("status", 409).put("code", "VERSION_CONFLICT").put("message", "changed meanwhile, for the test")));
            ObjectNode data = json.createObjectNode();
            data.set("upserted", answers);
            data.set("deactivated", json.createArrayNode());
            return new NxtBatchResult(upsert, data);
        }).when(nxtClient).batchUpsert(eq("products"), anyList(), anyList(), anyString());

        List<Long> ids = new ArrayList<>();
        List<Long> older = new ArrayList<>();
        long refused = 0;
        camel.getRouteController().stopRoute("webhook-inbox"); // one claim takes them all
        try {
            for (int i = 0; i < 250; i++) {
                String sku = i == 7 ? "BATCH-BAD-1" : "BATCH-" + i;
                ObjectNode product = productPayload(30_000 + i, sku).put("date_modified_gmt", "2026-02-01T10:00:00");
                ids.add(eventId(delivery("product.updated", product).send(http, url("/api/woocommerce/webhooks"))));
                refused = i == 7 ? ids.get(i) : refused;
            }
            // product 30,001 changed twice more while waiting: only its newest state is written
            for (int minute = 1; minute <= 2; minute++) {
                ObjectNode product = productPayload(30_001, "BATCH-1").put("name", "Batch newest " + minute)
                        .put("date_modified_gmt", "2026-02-01T10:0" + minute + ":00");
                long id = eventId(delivery("product.updated", product).send(http, url("/api/woocommerce/webhooks")));
                (minute == 2 ? ids : older).add(id);
            }
            older.add(ids.remove(1)); // the first event of product 30,001
        } finally {
            camel.getRouteController().startRoute("webhook-inbox");
        }
        // three batches, then the refused event's retry
        batches.expectedMessageCount(4);
        batches.setResultWaitTime(60_000);
        batches.assertIsSatisfied();
        for (long id : ids) {
            awaitStatus(id, "processed");
        }

        // 250 records: 100 + 100 + 50, then the refused one again, alone
        List<Integer> sizes = batches.getReceivedExchanges().stream()
                .map(e -> e.getMessage().getBody(List.class).size()).sorted().toList();
        assertThat(sizes).containsExactly(1, 50, 100, 100);
        assertThat(traffic.nxt().calls("POST", "/api/products/batch") - batchCallsBefore).isEqualTo(4);
        assertThat(traffic.nxt().calls("POST", "/api/products") - postsBefore).isZero();
        // the refused event was tried twice, every other once
        assertThat(jdbc.queryForObject("select attempts from wc_webhook_events where id = ?", Integer.class, refused))
                .isEqualTo(2);
        assertThat(jdbc.queryForObject("select count(*) from wc_webhook_events where id = any (?) and attempts = 1",
                Long.class, (Object) ids.toArray(new Long[0]))).isEqualTo(249);
        assertThat(nxt.productBySku("BATCH-BAD-1")).isPresent();
        assertThat(nxt.productBySku("BATCH-249")).isPresent();
        // the newest state of a record wins; its older events are closed as superseded
        assertThat(nxt.productBySku("BATCH-1").orElseThrow().path("name").asText()).isEqualTo("Batch newest 2");
        assertThat(older.stream().map(this::status).distinct().toList()).containsExactly("superseded");
        assertThat(jdbc.queryForObject("select count(*) from wc_entity_mapping where entity_type = 'product' "
                + "and woo_id between 30000 and 30249", Long.class)).isEqualTo(250);
    }

    @Test
    void aBatchThatFailsAsAWholeIsRetriedForEachOfItsEventsAndDuplicatesAreNotApplied() throws Exception {
        AtomicBoolean failedOnce = new AtomicBoolean();
        doAnswer(call -> {
            if (failedOnce.compareAndSet(false, true)) {
                throw new NxtApiException(503, "UNAVAILABLE", "NXT-ND is down for the test", null);
            }
            return call.callRealMethod();
        }).when(nxtClient).batchUpsert(eq("products"), anyList(), anyList(), anyString());
        List<Long> ids = new ArrayList<>();
        long duplicate;
        camel.getRouteController().stopRoute("webhook-inbox");
        try {
            for (int i = 0; i < 5; i++) {
                ids.add(eventId(delivery("product.updated", productPayload(31_000 + i, "WHOLE-" + i))
                        .send(http, url("/api/woocommerce/webhooks"))));
            }
        } finally {
            camel.getRouteController().startRoute("webhook-inbox");
        }
        for (long id : ids) {
            awaitStatus(id, "processed");
        }
        // each event was put back once and applied on its second attempt
        assertThat(jdbc.queryForObject("select count(*) from wc_webhook_events where id = any (?) and attempts = 2",
                Long.class, (Object) ids.toArray(new Long[0]))).isEqualTo(5);
        // its keys were forgotten with the failure: the same content again is a duplicate only now that it is applied
        duplicate = eventId(delivery("product.updated", productPayload(31_000, "WHOLE-0"))
                .send(http, url("/api/woocommerce/webhooks")));
        awaitStatus(duplicate, "duplicate");
        assertThat(nxt.productBySku("WHOLE-0").orElseThrow().path("version").asInt()).isEqualTo(1);
    }

    @Test
    void eachClosedEventCarriesItsOwnOutcome() throws Exception {
        long id = eventId(delivery("product.updated", productPayload(32_000, "OWN-OUTCOME-1"))
                .send(http, url("/api/woocommerce/webhooks")));
        awaitStatus(id, "processed");
        EventApplied applied = batches.getReceivedExchanges().stream()
                .flatMap(e -> ((List<?>) e.getMessage().getBody(List.class)).stream())
                .map(EventApplied.class::cast).filter(a -> a.event().id() == id).findFirst().orElseThrow();
        assertThat(applied.outcome().result()).isEqualTo("created");
        assertThat(jdbc.queryForObject("select last_error from wc_webhook_events where id = ?", String.class, id))
                .isEqualTo("created");
    }

    private static int indexOfSku(List<JsonNode> records, String sku) {
        for (int i = 0; i < records.size(); i++) {
            if (sku.equals(records.get(i).path("sku").asText())) {
                return i;
            }
        }
        return -1;
    }

    ObjectNode productPayload(long id, String sku) throws Exception {
        ObjectNode p = (ObjectNode) json.readTree(
                TestMaterial.text("woocommerce/payloads/product-simple.create-response.json"));
        p.put("id", id).put("sku", sku).put("name", "Batch test " + id);
        return p;
    }
}
