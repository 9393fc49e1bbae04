package com.nxtnd.hub.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.moreThanOrExactly;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.nxtnd.hub.HubIntegrationTest;
import com.nxtnd.hub.peer.PeerGuards;
import com.nxtnd.hub.sandbox.SandboxTrafficRegistry;
import com.nxtnd.hub.sandbox.nxt.NxtSandboxStore;
import com.nxtnd.hub.sandbox.woo.WooSandboxStore;
import com.nxtnd.hub.sync.SyncRequest;
import com.nxtnd.hub.sync.SyncService;
import com.nxtnd.hub.woo.WooCommerceClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.processor.aggregate.AggregateProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * The operator's stories of routes/README.md for the pull (issue 18): each edits the hub's running copy of
 * routes/pull.camel.yaml, waits for the hub to reload it (no rebuild, no restart), runs a pull and looks at what
 * reached NXT-ND; then puts the file back. The shop's webhooks are paused meanwhile, so that only the pull writes.
 */
// its own hub: it pauses the shop's webhooks, which route webhook-health would re-enable and backfill by a pull
@TestPropertySource(properties = {"hub.test.context=pull-stories", "hub.webhooks.heal=false"})
class PullOperatorStoriesTest extends HubIntegrationTest {

    static final AtomicInteger RUN = new AtomicInteger();
    /** Its own copy of routes/: the other hubs a test run keeps cached must not reload these edits. */
    static final Path OWN_ROUTES = copyOfRoutes();
    static final Path FILE = OWN_ROUTES.resolve("pull.camel.yaml");

    @Autowired
    CamelContext camel;
    @Autowired
    YamlRouteReloader reloader;
    @Autowired
    SyncService sync;
    @Autowired
    WooSandboxStore wooStore;
    @Autowired
    NxtSandboxStore nxtStore;
    @Autowired
    SandboxTrafficRegistry traffic;
    @Autowired
    WooCommerceClient woo;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;

    @Autowired
    YamlRoutesProperties routesProperties;
    @Autowired
    PeerGuards guards;

    String original;

    @BeforeAll
    static void ownRoutes() {
        System.setProperty("hub.test.routes-copy", OWN_ROUTES.toString());
    }

    @AfterAll
    static void sharedRoutes() {
        System.clearProperty("hub.test.routes-copy");
    }

    private static Path copyOfRoutes() {
        try {
            Path copy = Files.createTempDirectory("hub-routes-pull-stories");
            try (Stream<Path> files = Files.list(Path.of("routes"))) {
                for (Path f : files.toList()) {
                    Files.copy(f, copy.resolve(f.getFileName()));
                }
            }
            return copy;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @BeforeEach
    void pauseWebhooksAndSettle() throws Exception {
        assertThat(Path.of(routesProperties.directory())).isEqualTo(OWN_ROUTES);
        original = Files.readString(FILE);
        // the hub registers its webhooks once it serves; paused, a new record reaches NXT-ND only through a pull
        await().atMost(Duration.ofSeconds(60)).until(() -> webhooks().size() >= 9);
        setWebhooks("paused");
        awaitDueEventsProcessed(jdbc);
        pull("product");
    }

    @AfterEach
    void restore() throws Exception {
        try {
            if (!Files.readString(FILE).equals(original)) {
                edit(original, () -> camel.getProcessor("skip-drafts") == null && camel.getProcessor("tap-orders") == null
                        && timeout() == 30000 && !definition().contains("127.0.0.1") && !definition().contains("'300ms'")
                        && !definition("pull-products").contains("pages(${body}, 10, "));
            }
        } finally {
            setWebhooks("active");
        }
    }

    @Test
    void aFilterSkipsDraftProducts() throws Exception {
        String records = """
                            - bean:
                                ref: pullPlanner
                                method: "product(${exchangeProperty.pullRun}, ${body})"
                            - filter:
                                simple: "${body} != null"
                                steps:
                                  - to: direct:pull-product-batches
""";
        assertThat(original).contains(records);
        String filtered = """
                            - filter:
                                id: skip-drafts
                                simple: "${body.field('status')} != 'draft'"
                                steps:
""" + records.lines().map(l -> "      " + l + "\n").reduce("", String::concat);
        edit(original.replace(records, filtered), () -> camel.getProcessor("skip-drafts") != null);

        String prefix = "DRAFT" + RUN.incrementAndGet() + "-";
        wooStore.createProduct(product(prefix + "published", "publish"), null);
        wooStore.createProduct(product(prefix + "draft", "draft"), null);
        assertThat(pull("product").status()).isEqualTo("completed");

        assertThat(nxtStore.productBySku(prefix + "published")).isPresent();
        assertThat(nxtStore.productBySku(prefix + "draft")).isEmpty();
        // the pull did read it: the shop lists drafts with the rest, as WooCommerce's REST API does
        assertThat(woo.list("products", Map.of("orderby", "id", "order", "desc"), 1, 10).items())
                .anySatisfy(p -> assertThat(p.path("sku").asText()).isEqualTo(prefix + "draft"));
    }

    @Test
    void aWireTapSendsEveryOrderThePullWritesToAFile() throws Exception {
        Path tapped = Files.createTempDirectory("tapped-orders");
        String write = """
                            - bean:
                                id: pull-order-write
                                ref: pullOrders
                                method: "apply(${exchangeProperty.pullRun}, ${body})"
""";
        assertThat(original).contains(write);
        String tap = write + """
                            - filter:
                                simple: "${body} != null"
                                steps:
                                  - wireTap:
                                      id: tap-orders
                                      uri: "file:%s?fileName=${exchangeId}.json"
""".formatted(tapped.toString().replace('\\', '/'));
        edit(original.replace(write, tap), () -> camel.getProcessor("tap-orders") != null);

        long productId = wooStore.productBySku("SKU-0010").orElseThrow().path("id").asLong();
        ObjectNode order = json.createObjectNode().put("set_paid", true).put("payment_method", "bacs");
        order.putArray("line_items").addObject().put("product_id", productId).put("quantity", 1);
        long orderId = wooStore.createOrder(order).path("id").asLong();
        assertThat(pull("order").status()).isEqualTo("completed");

        assertThat(nxtStore.orderByExternalRef("woo-order-" + orderId)).isPresent();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(tappedFiles(tapped))
                .anySatisfy(body -> assertThat(body).contains("\"wooId\":" + orderId).contains("\"result\":\"created\"")));
    }

    @Test
    void aSmallerBatchSizeGivesSmallerBatches() throws Exception {
        String size = "${body.size()} >= {{hub.sync.batch-size:100}}";
        String timeout = "completionTimeout: \"{{hub.sync.batch-timeout:30000}}\"";
        assertThat(original).contains(size).contains(timeout);
        edit(original.replace(size, "${body.size()} >= 10").replace(timeout, "completionTimeout: \"12345\""),
                () -> timeout() == 12345);

        String prefix = "SMALL" + RUN.incrementAndGet() + "-";
        for (int i = 1; i <= 25; i++) {
            wooStore.createProduct(product(prefix + i, "publish"), null);
        }
        traffic.nxt().resetCalls();
        assertThat(pull("product").status()).isEqualTo("completed");

        for (int i = 1; i <= 25; i++) {
            assertThat(nxtStore.productBySku(prefix + i)).as(prefix + i).isPresent();
        }
        // 25 new products in batches of at most 10: at least 3 batches (one more if they straddle two pages);
        // batches of 100 would have been 1 or 2
        assertThat(traffic.nxt().calls("POST", "/products/batch")).as("%s", traffic.nxt().calls()).isBetween(3L, 4L);
    }

    @Test
    void aSmallerPageSizeReadsTheShopInSmallerPages() throws Exception {
        String size = "pages(${body}, {{hub.pull.page-size:100}}, ";
        assertThat(original).contains(size);
        edit(original.replace(size, "pages(${body}, 10, "), () -> definition("pull-products").contains("pages(${body}, 10, "));

        long total = woo.list("products", Map.of(), 1, 1).total();
        traffic.woo().resetCalls();
        assertThat(pull("product").status()).isEqualTo("completed");

        // one list call per page of 10 (a page of 100 would have taken a tenth of that)
        assertThat(traffic.woo().calls("GET", "/products")).as("%s products; %s", total, traffic.woo().calls())
                .isEqualTo((total + 9) / 10);
    }

    @Test
    void theProductPathPointsThePullsWritesElsewhere() throws Exception {
        WireMockServer elsewhere = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        elsewhere.start();
        try {
            String prefix = "MOVED" + RUN.incrementAndGet() + "-";
            String sku = prefix + "1";
            elsewhere.stubFor(post(urlEqualTo("/elsewhere/products/batch")).willReturn(aResponse()
                    .withHeader("Content-Type", "application/json").withBody("{\"success\":true,\"data\":{\"upserted\":"
                            + "[{\"sku\":\"" + sku + "\",\"id\":\"elsewhere-1\",\"status\":\"created\"}],\"deactivated\":[]}}")));
            String path = "'{{hub.peers.nxt.paths.products:/products}}'";
            assertThat(original).contains(path);
            String url = elsewhere.baseUrl() + "/elsewhere/products";
            edit(original.replace(path, "'" + url + "'"), () -> definition().contains(url));

            long wooId = wooStore.createProduct(product(sku, "publish"), null).path("id").asLong();
            traffic.nxt().resetCalls();
            assertThat(pull("product").status()).isEqualTo("completed");

            elsewhere.verify(1, postRequestedFor(urlEqualTo("/elsewhere/products/batch")).withRequestBody(containing(sku)));
            assertThat(nxtStore.productBySku(sku)).isEmpty();
            assertThat(traffic.nxt().calls("POST", "/products/batch")).isZero();
            assertThat(jdbc.queryForObject("select nxt_id from wc_entity_mapping where entity_type = 'product' and woo_id = ?",
                    String.class, wooId)).isEqualTo("elsewhere-1");
            // the shared hub's other tests must not meet a pair pointing at a WireMock
            jdbc.update("delete from wc_entity_mapping where entity_type = 'product' and woo_id = ?", wooId);
            wooStore.deleteProduct(wooId, true);
        } finally {
            elsewhere.stop();
        }
    }

    @Test
    void aShorterTimeoutGivesUpOnASlowBatchUpsert() throws Exception {
        // NXT-ND's batch at a WireMock that answers after 3 s: within the default 30 s, beyond the 300 ms written here
        WireMockServer slow = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        slow.start();
        try {
            String sku = "SLOW" + RUN.incrementAndGet();
            slow.stubFor(post(urlEqualTo("/slow/products/batch")).willReturn(aResponse().withFixedDelay(3000)
                    .withHeader("Content-Type", "application/json").withBody("{\"success\":true,\"data\":{\"upserted\":"
                            + "[{\"sku\":\"" + sku + "\",\"id\":\"slow-1\",\"status\":\"created\"}],\"deactivated\":[]}}")));
            String call = "'{{hub.peers.nxt.paths.products:/products}}', '{{nxt.read-timeout:30s}}'";
            assertThat(original).contains(call);
            String edited = "'" + slow.baseUrl() + "/slow/products', '300ms'";
            edit(original.replace(call, edited), () -> definition().contains("'300ms'"));

            long wooId = wooStore.createProduct(product(sku, "publish"), null).path("id").asLong();
            long started = System.nanoTime();
            SyncService.Result result = pull("product");

            // every attempt was cut at 300 ms (it would have been answered at 3 s), and the run did not complete:
            // it stops and resumes later, the record unwritten
            assertThat(result.status()).as("%s", result).isNotEqualTo("completed");
            assertThat(result.toString()).containsIgnoringCase("timeout");
            slow.verify(moreThanOrExactly(1),
                    postRequestedFor(urlEqualTo("/slow/products/batch")).withRequestBody(containing(sku)));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
            assertThat(jdbc.queryForObject("select count(*) from wc_entity_mapping where entity_type = 'product' and woo_id = ?",
                    Long.class, wooId)).isZero();
            wooStore.deleteProduct(wooId, true);
        } finally {
            slow.stop();
            // the timeouts counted against NXT-ND's breakers; the other stories start from closed ones
            guards.nxt().breaker(true).transitionToClosedState();
            guards.nxt().breaker(false).transitionToClosedState();
        }
    }

    @Test
    void aPulledRecordsErrorIsStoredUnderItsRouteAndReplaysThroughIt() throws Exception {
        // a product the shop has and NXT-ND does not (its webhook is paused, no product pull runs): an order for it
        // is written with the line kept by SKU, and flagged for a person under the order's pull route
        String sku = "UNPULLED" + RUN.incrementAndGet();
        long productId = wooStore.createProduct(product(sku, "publish"), null).path("id").asLong();
        ObjectNode order = json.createObjectNode().put("set_paid", true).put("payment_method", "bacs");
        order.putArray("line_items").addObject().put("product_id", productId).put("quantity", 1);
        long orderId = wooStore.createOrder(order).path("id").asLong();
        assertThat(pull("order").status()).isEqualTo("completed");

        Map<String, Object> stored = jdbc.queryForMap("select id, route_id, original_headers->>'hubReplayOf' as replay_of from wc_error_log "
                + "where entity_ref = ? and error_type = 'UnknownOrderProduct' and status = 'open'", "woo:" + orderId);
        assertThat(stored.get("route_id")).isEqualTo("pull-orders");
        assertThat(camel.getRoute("pull-orders")).isNotNull();
        assertThat(stored.get("replay_of")).isEqualTo("woo:" + orderId);

        var replayed = adminPost("/api/woocommerce/errors/" + stored.get("id") + "/replay", "");
        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
        assertThat(replayed.body()).contains("\"outcome\":\"replayed\"").contains("pull-orders");
        assertThat(jdbc.queryForObject("select status from wc_error_log where id = ?", String.class, stored.get("id")))
                .isEqualTo("replayed");
    }

    private SyncService.Result pull(String entity) {
        return sync.run("full", new SyncRequest("pull", List.of(entity), false, false, false, null));
    }

    /** Saves the running copy of the route file and waits until the hub runs it (and reports no error for it). */
    private void edit(String content, BooleanSupplier reloaded) throws Exception {
        Files.writeString(FILE, content);
        await().atMost(Duration.ofSeconds(30)).until(() -> reloaded.getAsBoolean() && camel.getRoute("pull-products") != null
                && camel.getRoute("pull-product-batches") != null && camel.getRoute("pull-orders") != null
                && reloader.lastErrors().keySet().stream().noneMatch(k -> k.endsWith("pull.camel.yaml")));
    }

    private long timeout() {
        AggregateProcessor aggregate = camel.getProcessor("pull-product-batch", AggregateProcessor.class);
        return aggregate == null ? -1 : aggregate.getCompletionTimeout();
    }

    private String definition() {
        return definition("pull-product-batches");
    }

    private String definition(String routeId) {
        var route = ((ModelCamelContext) camel).getRouteDefinition(routeId);
        return route == null ? "" : route.toString();
    }

    private ObjectNode product(String sku, String status) {
        return json.createObjectNode().put("sku", sku).put("name", "Story " + sku).put("regular_price", "5.00")
                .put("status", status).put("type", "simple");
    }

    private List<JsonNode> webhooks() {
        return woo.list("webhooks", Map.of(), 1, 100).items();
    }

    private void setWebhooks(String status) {
        for (JsonNode w : webhooks()) {
            if (!status.equals(w.path("status").asText())) {
                woo.update("webhooks", w.path("id").asLong(), json.createObjectNode().put("status", status));
            }
        }
    }

    private static List<String> tappedFiles(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> {
                try {
                    return Files.readString(f);
                } catch (Exception e) {
                    return "";
                }
            }).toList();
        }
    }
}
