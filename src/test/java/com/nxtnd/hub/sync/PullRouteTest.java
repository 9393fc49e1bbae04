package com.nxtnd.hub.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.mapping.CanonicalRecords;
import com.nxtnd.hub.mapping.MappingException;
import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.peer.ReadAhead;
import com.nxtnd.hub.store.ConflictRepository;
import com.nxtnd.hub.store.EntityMappingRepository;
import com.nxtnd.hub.store.ErrorLogRepository;
import com.nxtnd.hub.store.WatermarkRepository;
import com.nxtnd.hub.woo.WooCommerceClient;
import com.nxtnd.hub.woo.WooPage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * Route pull-products of routes/pull.camel.yaml on its own: the repo's route file in a plain Camel context, the real
 * page, plan and batch steps over stand-ins for WooCommerce, the store and the mapping, and NXT-ND's batch upsert
 * replaced by a mock endpoint (AdviceWith). The batch size is 3 and the completion timeout a minute, so a batch
 * that waited for the timeout would miss the assertions' few seconds.
 */
class PullRouteTest {

    final ObjectMapper json = new ObjectMapper();
    final ExecutorService pool = Executors.newSingleThreadExecutor();
    final WooCommerceClient woo = mock(WooCommerceClient.class);
    final EntityMappingRepository pairs = mock(EntityMappingRepository.class);
    final WatermarkRepository watermarks = mock(WatermarkRepository.class);
    final WooToNxtWriter writer = mock(WooToNxtWriter.class);
    final CanonicalRecords canonical = mock(CanonicalRecords.class);
    final SkuLessProducts skuLess = mock(SkuLessProducts.class);
    final PullSettle settle = mock(PullSettle.class);
    final ErrorLogRepository errorLog = mock(ErrorLogRepository.class);
    final List<Integer> checkpoints = new ArrayList<>();
    DefaultCamelContext camel;
    MockEndpoint nxtBatches;

    @BeforeEach
    void startRoutes() throws Exception {
        when(pairs.byWooIds(anyString(), anyCollection())).thenReturn(Map.of());
        when(skuLess.prepare(any(), any(), org.mockito.ArgumentMatchers.anyBoolean(), anyString()))
                .thenAnswer(i -> Optional.of(i.getArgument(0)));
        when(writer.mapValid(eq("product"), any(), anyLong(), any(), eq("batch"), any())).thenAnswer(i -> {
            JsonNode record = i.getArgument(1);
            if (record.path("sku").asText().startsWith("BAD")) {
                throw new MappingException("product.woo-to-nxt.jsonata", "sku", "broken mapping", null);
            }
            return Optional.of(record);
        });
        when(canonical.hash(any())).thenAnswer(i -> ((JsonNode) i.getArgument(0)).path("sku").asText());
        when(settle.settle(anyString(), any(), any())).thenAnswer(i -> Optional.of(i.getArgument(1)));
        PullErrors errors = new PullErrors(errorLog, json);

        camel = new DefaultCamelContext();
        Properties settings = new Properties();
        settings.put("hub.sync.batch-size", "3");
        settings.put("hub.sync.batch-timeout", "60000");
        camel.getPropertiesComponent().setInitialProperties(settings);
        camel.getRegistry().bind("pullPages", new PullPages(woo, mock(NxtClient.class), pairs, watermarks,
                new SyncProperties(null, 4, Duration.ofSeconds(10), 50000), json));
        camel.getRegistry().bind("pullPlanner", new PullPlanner(writer, canonical, skuLess,
                mock(ConflictRepository.class), errors, settle));
        camel.getRegistry().bind("pullBatches", new PullBatches(mock(NxtClient.class), canonical, pairs,
                mock(PairWriter.class), errors));
        camel.getRegistry().bind("pullBatchStrategy", new PullBatchStrategy());
        camel.getRegistry().bind("pullOrders", new PullOrders(writer, pairs, errors, json));
        camel.getRegistry().bind("pullReplay", new PullReplay(woo, writer));
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.resolveResource(camel,
                "file:routes/pull.camel.yaml"));
        AdviceWith.adviceWith(camel, "pull-product-batches", a -> {
            a.weaveById("pull-product-upsert").replace().to("mock:nxt-product-batch");
            a.weaveById("pull-product-pairs").remove();
        });
        camel.start();
        nxtBatches = camel.getEndpoint("mock:nxt-product-batch", MockEndpoint.class);
    }

    @AfterEach
    void stop() {
        camel.stop();
        pool.shutdownNow();
    }

    @Test
    void changedRecordsGoInBatchesOfTheConfiguredSizeAndEachPageEndsItsLastBatchAtOnce() throws Exception {
        // page 1: 4 products, page 2: 2 -> batches of 3 and 1 (the page's end), then 2
        pages(List.of(products("A", 4), products("B", 2)));
        nxtBatches.expectedMessageCount(3);
        NotifyBuilder done = new NotifyBuilder(camel).fromRoute("pull-products").whenDone(1).create();

        PullRun run = run(false);
        camel.createProducerTemplate().sendBody("direct:pull-products", run);

        assertThat(done.matches(5, TimeUnit.SECONDS)).isTrue();
        nxtBatches.assertIsSatisfied(2000);
        assertThat(batchSizes()).containsExactly(3, 1, 2);
        assertThat(checkpoints).containsExactly(2, 3);
        assertThat(run.counts().get("product", "pull", "pages")).isEqualTo(2);
        verify(watermarks).set(eq("pull:product"), anyString());
    }

    @Test
    void aRecordThatFailsIsStoredUnderTheRouteAndTheOthersStillGo() throws Exception {
        List<JsonNode> page = new ArrayList<>(products("A", 2));
        page.add(product("BAD-1", 99));
        page.addAll(products("C", 2));
        pages(List.of(page));
        nxtBatches.expectedMessageCount(2);

        PullRun run = run(false);
        camel.createProducerTemplate().sendBody("direct:pull-products", run);

        nxtBatches.assertIsSatisfied(2000);
        assertThat(batchSizes()).containsExactly(3, 1);
        assertThat(nxtBatches.getReceivedExchanges().stream().flatMap(e -> e.getIn().getBody(PullBatch.class)
                .items().stream()).map(PullCandidate::key)).doesNotContain("BAD-1").hasSize(4);
        assertThat(run.counts().get("product", "pull", "errors")).isEqualTo(1);
        ArgumentCaptor<ErrorLogRepository.NewError> stored = ArgumentCaptor.forClass(ErrorLogRepository.NewError.class);
        verify(errorLog).record(stored.capture());
        assertThat(stored.getValue().routeId()).isEqualTo("pull-products");
        assertThat(camel.getRoute(stored.getValue().routeId())).isNotNull();
        assertThat(stored.getValue().entityRef()).isEqualTo("woo:99");
        assertThat(stored.getValue().originalHeadersJson()).contains("\"hubReplayOf\":\"woo:99\"");
    }

    @Test
    void aFailedBatchStopsTheRunBeforeTheNextPageAndTheWatermark() {
        pages(List.of(products("A", 2), products("B", 2)));
        nxtBatches.whenAnyExchangeReceived(e -> {
            throw new IllegalStateException("NXT-ND is down");
        });

        PullRun run = run(false);
        assertThatThrownBy(() -> camel.createProducerTemplate().sendBody("direct:pull-products", run))
                .isInstanceOf(CamelExecutionException.class).hasRootCauseMessage("NXT-ND is down");
        assertThat(nxtBatches.getReceivedCounter()).isEqualTo(1);
        assertThat(checkpoints).isEmpty();
        verify(watermarks, never()).set(anyString(), anyString());
    }

    @Test
    void aDryRunPlansTheBatchesAndWritesNothing() throws Exception {
        pages(List.of(products("A", 4)));
        PullRun run = run(true);
        camel.createProducerTemplate().sendBody("direct:pull-products", run);

        assertThat(nxtBatches.getReceivedCounter()).isZero();
        assertThat(run.plan()).hasSize(4).allSatisfy(item -> assertThat(item).containsEntry("action", "create-or-match"));
        assertThat(run.counts().get("product", "pull", "planned")).isEqualTo(4);
        verify(watermarks, never()).set(anyString(), anyString());
    }

    private PullRun run(boolean dryRun) {
        return new PullRun("product", new SyncRequest("pull", List.of("product"), false, false, dryRun, null),
                new SyncCounts(), new ArrayList<>(), SyncCheckpoint.START, (next, total, size) -> checkpoints.add(next));
    }

    private List<Integer> batchSizes() {
        return nxtBatches.getReceivedExchanges().stream().map(e -> e.getIn().getBody(PullBatch.class).size()).toList();
    }

    private void pages(List<List<JsonNode>> items) {
        List<WooPage> pages = IntStream.range(0, items.size())
                .mapToObj(i -> new WooPage(items.get(i), i + 1, items.size(), 0)).toList();
        when(woo.pagesReadAhead(eq("products"), any(), eq(100), eq(1), eq(Duration.ofSeconds(30)))).thenAnswer(i -> ReadAhead.pages(pool,
                pages.get(0), new ReadAhead.Paging<>(n -> pages.get(n - 1), WooPage::page, p -> p.hasNext(100),
                        WooPage::totalPages), 2, p -> !p.items().isEmpty()));
    }

    private List<JsonNode> products(String prefix, int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> product(prefix + "-" + i, prefix.charAt(0) * 100L + i)).toList();
    }

    private JsonNode product(String sku, long id) {
        return json.createObjectNode().put("id", id).put("sku", sku).put("type", "simple").put("status", "publish");
    }
}
