package com.nxtnd.hub.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.store.EntityMappingRepository;
import com.nxtnd.hub.store.EntityMappingRepository.SyncedPair;
import com.nxtnd.hub.store.ErrorLogRepository;
import com.nxtnd.hub.store.WatermarkRepository;
import com.nxtnd.hub.woo.WooApiException;
import com.nxtnd.hub.woo.WooBatchResult;
import com.nxtnd.hub.woo.WooCommerceClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.processor.aggregate.GroupedBodyAggregationStrategy;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

/**
 * The push routes as declared in routes/push.camel.yaml, in a Camel context of their own: the WooCommerce client,
 * the store and NXT-ND are mocks, the route steps (groups, /batch call, outcomes, checkpoint) are the real beans.
 * The aggregation timeout is set to a minute, so every /batch call seen here was completed by size or by the end of
 * its page, never by waiting.
 */
class PushRoutesTest {

    private final ObjectMapper json = new ObjectMapper();
    private final WooCommerceClient woo = mock(WooCommerceClient.class);
    private final EntityMappingRepository pairs = mock(EntityMappingRepository.class);
    private final ErrorLogRepository errorLog = mock(ErrorLogRepository.class);
    private final WatermarkRepository watermarks = mock(WatermarkRepository.class);
    private final NxtClient nxt = mock(NxtClient.class);
    private final PushFeed feed = mock(PushFeed.class);
    private final PushPlanner planner = mock(PushPlanner.class);
    private final List<String> outcomes = Collections.synchronizedList(new ArrayList<>());
    private CamelContext camel;
    private ProducerTemplate producer;
    private MockEndpoint batches;

    @BeforeEach
    void start() throws Exception {
        camel = new DefaultCamelContext();
        Properties props = new Properties();
        props.setProperty("woocommerce.batch-size", "3");
        props.setProperty("hub.push.batch-timeout", "60000");
        camel.getPropertiesComponent().setInitialProperties(props);
        camel.getRegistry().bind("wooWriteGroups", new WooWriteGroups());
        camel.getRegistry().bind("wooBatchCall", new WooBatchCall(woo));
        camel.getRegistry().bind("wooBatchOutcomes", new WooBatchOutcomes(pairs));
        camel.getExecutorServiceManager().registerThreadPoolProfile(
                new org.apache.camel.builder.ThreadPoolProfileBuilder(PushRouteBeans.BATCH_THREADS).poolSize(2)
                        .maxPoolSize(2).maxQueueSize(-1).build());
        camel.getRegistry().bind("wooBatchGrouping", new GroupedBodyAggregationStrategy());
        camel.getExecutorServiceManager().registerThreadPoolProfile(
                new org.apache.camel.builder.ThreadPoolProfileBuilder(PushRouteBeans.PAGE_THREADS).poolSize(2).maxPoolSize(2)
                        .maxQueueSize(1).rejectedPolicy(org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy.CallerRuns).build());
        camel.getRegistry().bind("pushFeed", feed);
        camel.getRegistry().bind("pushPlanner", planner);
        camel.getRegistry().bind("pushCheckpoint", new PushCheckpoint(nxt, watermarks));
        // no page here has a new variant: its steps run and find nothing waiting
        camel.getRegistry().bind("pushVariants", new PushVariants(woo, nxt, mock(com.nxtnd.hub.mapping.CanonicalRecords.class),
                mock(PushTargets.class), mock(PushWrites.class), mock(PushErrors.class)));
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.resolveResource(camel,
                "file:" + Path.of("routes", "push.camel.yaml").toAbsolutePath()));
        // every /batch call's writes are also seen by a mock, just before the real step calls the (mocked) client
        AdviceWith.adviceWith(camel, "woo-batch-writer", a -> a.weaveById("woo-batch-call").before().to("mock:woo-batch"));
        camel.start();
        producer = camel.createProducerTemplate();
        batches = camel.getEndpoint("mock:woo-batch", MockEndpoint.class);
        when(woo.batchAt(anyString(), any(), any(), any(), any())).thenAnswer(call -> answer(call.getArgument(1), call.getArgument(2)));
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void sevenWritesOfAPageReachWooCommerceInBatchesOfTheRoutesSize() throws Exception {
        batches.expectedMessageCount(3);
        PushRun run = run(null);

        producer.sendBody(PushSync.WRITER_ENDPOINT, writes(run, "products", "A", "B", "C", "D", "E", "F", "G"));

        // already done when the send returned: the page waits for its own calls (step woo-writes-settled)
        assertThat(batches.getReceivedCounter()).isEqualTo(3);
        batches.assertIsSatisfied();
        assertThat(batches.getExchanges()).extracting(e -> e.getMessage().getBody(List.class).size())
                .containsExactlyInAnyOrder(3, 3, 1); // a page's calls run side by side
        assertThat(run.counts().get("product", "push", "updated")).isEqualTo(7);
    }

    @Test
    void theCallsRunOnTheBatchThreadsAndThePageWaitsForThem() {
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        org.mockito.Mockito.doAnswer(call -> {
            threads.add(Thread.currentThread().getName());
            Thread.sleep(200); // a slow store: the send below must still return only after the outcomes
            return answer(call.getArgument(1), call.getArgument(2));
        }).when(woo).batchAt(anyString(), any(), any(), any(), any());
        PushRun run = run(null);

        producer.sendBody(PushSync.WRITER_ENDPOINT, writes(run, "products", "A", "B", "C", "D"));

        assertThat(run.counts().get("product", "push", "updated")).isEqualTo(4);
        assertThat(outcomes).hasSize(4);
        // Camel names the threads of the aggregator's pool (wooBatchThreads) after the aggregator
        assertThat(threads).hasSize(2).allSatisfy(t -> assertThat(t).contains("Aggregator")
                .isNotEqualTo(Thread.currentThread().getName()));
    }

    @Test
    void aFailureOnTheBatchThreadsReachesThePageWaitingForIt() {
        PushRun run = run(null);
        List<WooWrite> page = List.of(new WooWrite("products", "update", json.createObjectNode().put("sku", "A"),
                saved -> { throw new IllegalStateException("counts gone"); },
                (code, message) -> { throw new IllegalStateException("error store gone: " + message); }, run));

        assertThatThrownBy(() -> producer.sendBody(PushSync.WRITER_ENDPOINT, page))
                .hasRootCauseMessage("error store gone: counts gone");
    }

    @Test
    void aRunsOwnBatchSizeWinsOverTheRoutes() throws Exception {
        batches.expectedMessageCount(4);
        PushRun run = run(2);

        producer.sendBody(PushSync.WRITER_ENDPOINT, writes(run, "products", "A", "B", "C", "D", "E", "F", "G"));

        assertThat(batches.getReceivedCounter()).isEqualTo(4);
        batches.assertIsSatisfied();
        assertThat(batches.getExchanges()).extracting(e -> e.getMessage().getBody(List.class).size())
                .containsExactlyInAnyOrder(2, 2, 2, 1);
    }

    @Test
    void eachResourceOfAPageIsItsOwnBatch() throws Exception {
        PushRun run = run(null);
        List<WooWrite> page = new ArrayList<>(writes(run, "products", "A", "B"));
        page.addAll(writes(run, "products/7/variations", "V1"));
        page.addAll(writes(run, "customers", "C1", "C2"));

        producer.sendBody(PushSync.WRITER_ENDPOINT, page);

        // each attempt given the timeout the route names ({{woocommerce.read-timeout:30s}})
        verify(woo).batchAt(eq("products/batch"), any(), any(), any(), eq(Duration.ofSeconds(30)));
        verify(woo).batchAt(eq("products/7/variations/batch"), any(), any(), any(), any());
        verify(woo).batchAt(eq("customers/batch"), any(), any(), any(), any());
        assertThat(batches.getReceivedCounter()).isEqualTo(3);
    }

    @Test
    void aPerItemErrorInsideThe200LandsInTheErrorStoreAndTheRestCount() {
        PushRun run = run(null);
        PushErrors errors = new PushErrors(errorLog);
        List<WooWrite> page = new ArrayList<>();
        for (String sku : List.of("OK-1", "BAD", "OK-2")) {
            page.add(new WooWrite("products", "update", json.createObjectNode().put("sku", sku),
                    saved -> pair(saved.path("id").asLong()),
                    saved -> run.counts().add("product", "push", "updated"),
                    (code, message) -> {
                        run.counts().add("product", "push", "errors");
                        errors.record("product", sku, code, message, json.createObjectNode().put("sku", sku));
                    }, run));
        }

        producer.sendBody(PushSync.WRITER_ENDPOINT, page);

        assertThat(run.counts().get("product", "push", "updated")).isEqualTo(2);
        assertThat(run.counts().get("product", "push", "errors")).isEqualTo(1);
        ArgumentCaptor<ErrorLogRepository.NewError> error = ArgumentCaptor.forClass(ErrorLogRepository.NewError.class);
        verify(errorLog, times(1)).record(error.capture());
        assertThat(error.getValue().toString()).contains("sync-push").contains("nxt:BAD")
                .contains("woocommerce_rest_invalid_price");
        verify(pairs).saveAll(List.of(pair(1), pair(3)));
    }

    @Test
    void thePairsOfOneCallAreStoredTogetherBeforeTheWritesHearTheyWereSaved() {
        org.mockito.Mockito.doAnswer(call -> outcomes.add("stored " + call.<List<?>>getArgument(0).size()))
                .when(pairs).saveAll(anyList());

        producer.sendBody(PushSync.WRITER_ENDPOINT, writes(run(null), "products", "A", "BAD", "C"));

        verify(pairs, times(1)).saveAll(eq(List.of(pair(1), pair(3))));
        assertThat(outcomes).containsExactly("failed BAD woocommerce_rest_invalid_price", "stored 2", "saved A 1",
                "saved C 3");
    }

    @Test
    void aStoreThatFailsFailsTheWritesItHeldNotTheRun() {
        doThrow(new org.springframework.dao.DataAccessResourceFailureException("database gone")).when(pairs).saveAll(anyList());
        PushRun run = run(null);

        producer.sendBody(PushSync.WRITER_ENDPOINT, writes(run, "products", "A", "B"));

        assertThat(outcomes).containsExactly("failed A hub_error", "failed B hub_error");
        assertThat(run.failure()).isNull();
    }

    @Test
    void syncPushWritesEveryPageBeforeItMovesTheCursor() throws Exception {
        PushRun run = new PushRun(List.of("product"), new SyncRequest("push", List.of("product"), true, false, false, null),
                new SyncCounts(), new ArrayList<>());
        pages(run, 3, 5);
        NotifyBuilder done = new NotifyBuilder(camel).fromRoute("sync-push").whenCompleted(1).create();

        new PushSync(producer).push(run.entities(), run.request(), run.counts(), run.plan());

        assertThat(done.matches(5, TimeUnit.SECONDS)).isTrue();
        assertThat(batches.getReceivedCounter()).isEqualTo(6); // 5 writes per page in calls of 3: 3+2, three pages
        assertThat(run.counts().get("product", "push", "updated")).isEqualTo(15);
        InOrder order = inOrder(woo, watermarks);
        order.verify(woo, times(6)).batchAt(anyString(), any(), any(), any(), any());
        order.verify(watermarks).set(PushFeed.CURSOR, "cursor-9");
    }

    @Test
    void aWooCommerceOutageStopsThePushAndKeepsTheCursor() throws Exception {
        doThrow(new WooApiException(503, "unavailable", "down for maintenance", null, 0))
                .when(woo).batchAt(anyString(), any(), any(), any(), any());
        SyncRequest request = new SyncRequest("push", List.of("product"), true, false, false, null);
        PushRun probe = new PushRun(List.of("product"), request, new SyncCounts(), new ArrayList<>());
        pages(probe, 2, 2);

        assertThatThrownBy(() -> new PushSync(producer).push(List.of("product"), request, new SyncCounts(), new ArrayList<>()))
                .isInstanceOf(WooApiException.class);
        verify(watermarks, never()).set(anyString(), anyString());
    }

    /** The feed hands out {@code count} pages; the planner makes {@code writes} product updates of each. */
    private void pages(PushRun unused, int count, int writesPerPage) {
        when(feed.start(any())).thenAnswer(call -> {
            PushRun r = call.getArgument(0);
            r.cursor("cursor-9");
            return r;
        });
        when(feed.pages(any(), org.mockito.ArgumentMatchers.anyInt())).thenAnswer(call -> {
            PushRun r = call.getArgument(0);
            List<PushPage> list = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                list.add(new PushPage(r, "product", List.of()));
            }
            return list.iterator();
        });
        when(planner.plan(any())).thenAnswer(call -> {
            PushPage page = call.getArgument(0);
            page.run().throwIfStopped();
            String[] skus = new String[writesPerPage];
            for (int i = 0; i < writesPerPage; i++) {
                skus[i] = "P" + System.identityHashCode(page) + "-" + i;
            }
            return writes(page.run(), "products", skus);
        });
    }

    private static PushRun run(Integer batchSize) {
        return new PushRun(List.of("product"), new SyncRequest("push", List.of("product"), false, false, false, batchSize),
                new SyncCounts(), new ArrayList<>());
    }

    private List<WooWrite> writes(PushRun run, String resource, String... skus) {
        List<WooWrite> out = new ArrayList<>();
        for (String sku : skus) {
            out.add(new WooWrite(resource, "update", json.createObjectNode().put("sku", sku),
                    saved -> pair(saved.path("id").asLong()),
                    saved -> {
                        outcomes.add("saved " + sku + " " + saved.path("id").asLong());
                        run.counts().add("product", "push", "updated");
                    },
                    (code, message) -> outcomes.add("failed " + sku + " " + code), run));
        }
        return out;
    }

    /** WooCommerce's answer: ids 1, 2, 3... in the order sent; an SKU "BAD" is refused inside the 200. */
    private WooBatchResult answer(List<JsonNode> create, List<JsonNode> update) {
        ArrayNode updated = json.createArrayNode();
        for (int i = 0; i < update.size(); i++) {
            if ("BAD".equals(update.get(i).path("sku").asText())) {
                updated.addObject().put("id", 0).putObject("error").put("code", "woocommerce_rest_invalid_price")
                        .put("message", "Invalid price.");
            } else {
                updated.addObject().put("id", i + 1).put("sku", update.get(i).path("sku").asText());
            }
        }
        return new WooBatchResult(create, update, null, json.createObjectNode().set("update", updated));
    }

    private static SyncedPair pair(long wooId) {
        return new SyncedPair("product", wooId, null, "nxt-" + wooId, null, null, null, null, null, null, null, null,
                null, null, "push", "woo");
    }

}
