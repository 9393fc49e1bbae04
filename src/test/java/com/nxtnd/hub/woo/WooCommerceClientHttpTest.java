package com.nxtnd.hub.woo;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToIgnoreCase;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nxtnd.hub.TestMaterial;
import com.nxtnd.hub.peer.PeerApiException;
import com.nxtnd.hub.peer.RetryPolicy;
import com.nxtnd.hub.peer.RetrySettings;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/** The WooCommerce client's HTTP behaviour against WireMock: auth, paging, retries, batch outcomes, errors. */
class WooCommerceClientHttpTest {

    static final String KEY = "ck_test_0123456789";
    static final String SECRET = "cs_test_supersecret_9876";
    static final String API = "/wp-json/wc/v3";
    static final RetrySettings FAST = new RetrySettings(3, Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(60));

    final ObjectMapper json = new ObjectMapper();
    WireMockServer wm;

    @BeforeEach
    void start() {
        wm = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    WooCommerceProperties props(String siteUrl, String authMode) {
        return new WooCommerceProperties(siteUrl, KEY, SECRET, "whsec", "wc/v3", 50, null, authMode, false,
                Duration.ofSeconds(2), Duration.ofSeconds(5), 4);
    }

    WooCommerceClient client(String authMode) {
        return client(authMode, FAST);
    }

    WooCommerceClient client(String authMode, RetrySettings retry) {
        return new WooCommerceClient(props(wm.baseUrl(), authMode), json, retry);
    }

    static String payload(String name) throws Exception {
        return TestMaterial.text("woocommerce/payloads/" + name);
    }

    List<LoggedRequest> requests() {
        return wm.getAllServeEvents().stream().map(e -> e.getRequest()).toList();
    }

    // --- authentication ---------------------------------------------------------------------------------------

    @Test
    void basicModeSendsTheKeysAsBasicAuthAndNothingInTheQuery() {
        wm.stubFor(get(urlPathEqualTo(API + "/products/5")).willReturn(okJson("{\"id\":5}")));
        assertThat(client("basic").find("products", 5)).hasValueSatisfying(p -> assertThat(p.path("id").asInt()).isEqualTo(5));
        String expected = "Basic " + Base64.getEncoder().encodeToString((KEY + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
        wm.verify(getRequestedFor(urlPathEqualTo(API + "/products/5"))
                .withHeader("Authorization", equalTo(expected))
                .withHeader("User-Agent", equalTo("woo-nxt-hub/0.1"))
                .withQueryParam("consumer_secret", absent())
                .withQueryParam("oauth_signature", absent()));
    }

    @Test
    void queryModeSendsTheKeysAsQueryParametersAndNoAuthorizationHeader() {
        wm.stubFor(get(urlPathEqualTo(API + "/products")).willReturn(okJson("[]")));
        client("query").list("products", Map.of("sku", "A B"), 1, 10);
        wm.verify(getRequestedFor(urlPathEqualTo(API + "/products"))
                .withQueryParam("consumer_key", equalTo(KEY))
                .withQueryParam("consumer_secret", equalTo(SECRET))
                .withQueryParam("sku", equalTo("A B"))
                .withHeader("Authorization", absent()));
    }

    @Test
    void oauth1SignsEveryAttemptAfreshAndTheSignatureVerifiesOverTheReceivedUrl() {
        wm.stubFor(get(urlPathEqualTo(API + "/products")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        wm.stubFor(get(urlPathEqualTo(API + "/products")).inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(okJson("[{\"id\":1}]")));
        WooPage page = client("oauth1").list("products", Map.of("search", "a b&c", "orderby", "id"), 1, 5);
        assertThat(page.items()).hasSize(1);

        List<LoggedRequest> received = requests();
        assertThat(received).hasSize(2);
        Set<String> nonces = new HashSet<>();
        for (LoggedRequest r : received) {
            URI url = URI.create(r.getAbsoluteUrl());
            Map<String, List<String>> params = OAuth1.queryParams(url.getRawQuery());
            assertThat(params).containsKeys("oauth_consumer_key", "oauth_nonce", "oauth_timestamp",
                    "oauth_signature_method", "oauth_signature");
            assertThat(params.get("oauth_consumer_key")).containsExactly(KEY);
            assertThat(params.get("search")).containsExactly("a b&c");
            assertThat(params).doesNotContainKey("consumer_secret");
            assertThat(r.getHeader("Authorization")).isNull();
            assertThat(OAuth1.signature("GET", url, params, SECRET, params.get("oauth_signature_method").get(0)))
                    .isEqualTo(params.get("oauth_signature").get(0));
            assertThat(url.toString()).doesNotContain(SECRET);
            nonces.add(params.get("oauth_nonce").get(0));
        }
        assertThat(nonces).as("a retry must not reuse the nonce").hasSize(2);
    }

    @ParameterizedTest
    @CsvSource({"https://shop.example, '', BASIC", "http://127.0.0.1:8080, '', OAUTH1", "https://shop.example, oauth1, OAUTH1",
            "http://127.0.0.1:8080, query, QUERY"})
    void aBlankAuthModeIsChosenFromTheScheme(String url, String configured, WooAuthMode expected) {
        assertThat(new WooCommerceClient(props(url, configured), json, FAST).authMode()).isEqualTo(expected);
    }

    // --- paging -----------------------------------------------------------------------------------------------

    void stubPages(int totalPages, int perPage) {
        for (int p = 1; p <= totalPages; p++) {
            ArrayNode items = json.createArrayNode();
            for (int i = 0; i < (p < totalPages ? perPage : 1); i++) {
                items.addObject().put("id", (p - 1) * perPage + i + 1);
            }
            wm.stubFor(get(urlPathEqualTo(API + "/products")).withQueryParam("page", equalTo(String.valueOf(p)))
                    .willReturn(okJson(items.toString()).withHeader("X-WP-Total", String.valueOf((totalPages - 1) * perPage + 1))
                            .withHeader("X-WP-TotalPages", String.valueOf(totalPages))));
        }
    }

    @Test
    void streamingFollowsXWpTotalPagesWithOneCallPerPage() {
        stubPages(3, 2);
        List<Long> ids = client("basic").stream("products", Map.of("orderby", "id"), 2).map(p -> p.path("id").asLong()).toList();
        assertThat(ids).containsExactly(1L, 2L, 3L, 4L, 5L);
        wm.verify(3, getRequestedFor(urlPathEqualTo(API + "/products")).withQueryParam("per_page", equalTo("2")));
    }

    @Test
    void streamingIsLazy() {
        stubPages(3, 2);
        assertThat(client("basic").stream("products", Map.of(), 2).limit(2).count()).isEqualTo(2);
        wm.verify(1, getRequestedFor(urlPathEqualTo(API + "/products")));
    }

    @Test
    void forEachPageResumesFromAStartPageAndReportsEachPageNumber() throws Exception {
        stubPages(3, 2);
        List<String> seen = new ArrayList<>();
        int pages = client("basic").forEachPage("products", Map.of(), 2, 2, page -> {
            seen.add(page.page() + "/" + page.totalPages() + ":" + page.items().size());
            return true;
        });
        assertThat(pages).isEqualTo(2);
        assertThat(seen).containsExactly("2/3:2", "3/3:1");
        wm.verify(2, getRequestedFor(urlPathEqualTo(API + "/products")));
    }

    @Test
    void readingAheadHandsEveryPageInOrderWithOneCallEach() throws Exception {
        stubPages(4, 2);
        List<String> seen = new ArrayList<>();
        int pages = client("basic").forEachPageReadAhead("products", Map.of(), 2, 1, page -> {
            seen.add(page.page() + ":" + page.items().get(0).path("id").asInt());
            return true;
        });
        assertThat(pages).isEqualTo(4);
        assertThat(seen).containsExactly("1:1", "2:3", "3:5", "4:7");
        wm.verify(4, getRequestedFor(urlPathEqualTo(API + "/products")));
    }

    @Test
    void aPageThatCannotBeReadAheadFailsAfterThePageBeforeWasHandled() {
        stubPages(3, 2);
        wm.stubFor(get(urlPathEqualTo(API + "/products")).withQueryParam("page", equalTo("2"))
                .willReturn(aResponse().withStatus(500).withBody("{\"code\":\"boom\",\"message\":\"down\"}")));
        List<Integer> handled = new ArrayList<>();
        assertThatThrownBy(() -> client("basic", new RetrySettings(0, Duration.ofMillis(1), Duration.ofMillis(1),
                Duration.ofSeconds(1))).forEachPageReadAhead("products", Map.of(), 2, 1, page -> {
                    handled.add(page.page());
                    return true;
                })).isInstanceOf(WooApiException.class);
        assertThat(handled).containsExactly(1);
    }

    @Test
    void listReadsTheTotalsAndRefusesAPageSizeWooCommerceWouldReject() {
        stubPages(3, 2);
        WooPage page = client("basic").list("products", Map.of(), 1, 2);
        assertThat(page.total()).isEqualTo(5);
        assertThat(page.totalPages()).isEqualTo(3);
        assertThatThrownBy(() -> client("basic").list("products", Map.of(), 1, 101)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client("basic").list("products", Map.of(), 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client("basic").stream("products", Map.of(), 101)).isInstanceOf(IllegalArgumentException.class);
        wm.verify(1, getRequestedFor(urlPathEqualTo(API + "/products")));
    }

    @Test
    void withoutTotalsHeadersPagingStopsAtAShortPage() {
        wm.stubFor(get(urlPathEqualTo(API + "/webhooks")).withQueryParam("page", equalTo("1"))
                .willReturn(okJson("[{\"id\":1},{\"id\":2}]")));
        wm.stubFor(get(urlPathEqualTo(API + "/webhooks")).withQueryParam("page", equalTo("2"))
                .willReturn(okJson("[{\"id\":3}]")));
        assertThat(client("basic").stream("webhooks", Map.of(), 2).count()).isEqualTo(3);
        wm.verify(2, getRequestedFor(urlPathEqualTo(API + "/webhooks")));
    }

    // --- retries ----------------------------------------------------------------------------------------------

    @Test
    void a429WaitsForRetryAfterThenSucceeds() {
        wm.stubFor(get(urlPathEqualTo(API + "/products/7")).inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                        .withBody("{\"code\":\"too_many\",\"message\":\"slow down\",\"data\":{\"status\":429}}"))
                .willSetStateTo("ok"));
        wm.stubFor(get(urlPathEqualTo(API + "/products/7")).inScenario("limit").whenScenarioStateIs("ok")
                .willReturn(okJson("{\"id\":7}")));
        WooCommerceClient woo = client("basic");
        long started = System.nanoTime();
        assertThat(woo.find("products", 7)).isPresent();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        wm.verify(2, getRequestedFor(urlPathEqualTo(API + "/products/7")));
        assertThat(woo.retryStats()).isEqualTo(new RetryPolicy.Stats(1, 2, 1));
    }

    @Test
    void aLongRetryAfterIsCapped() {
        wm.stubFor(get(urlPathEqualTo(API + "/products/7")).inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")).willSetStateTo("ok"));
        wm.stubFor(get(urlPathEqualTo(API + "/products/7")).inScenario("limit").whenScenarioStateIs("ok")
                .willReturn(okJson("{\"id\":7}")));
        WooCommerceClient woo = client("basic", new RetrySettings(2, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMillis(50)));
        long started = System.nanoTime();
        assertThat(woo.find("products", 7)).isPresent();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void serverErrorsAreRetriedUpToMaxRetriesThenReportedWithTheAttempts() {
        wm.stubFor(get(urlPathEqualTo(API + "/orders/9")).willReturn(aResponse().withStatus(500)
                .withBody("{\"code\":\"internal_server_error\",\"message\":\"boom\",\"data\":{\"status\":500}}")));
        assertThatThrownBy(() -> client("basic").find("orders", 9)).isInstanceOfSatisfying(WooApiException.class, e -> {
            assertThat(e.status()).isEqualTo(500);
            assertThat(e.code()).isEqualTo("internal_server_error");
            assertThat(e.isTransient()).isTrue();
            assertThat(e.attempts()).isEqualTo(4);
        });
        wm.verify(1 + 3, getRequestedFor(urlPathEqualTo(API + "/orders/9")));
    }

    @Test
    void aValidationErrorIsNotRetried() throws Exception {
        wm.stubFor(post(urlPathEqualTo(API + "/products")).willReturn(aResponse().withStatus(400)
                .withBody("{\"code\":\"product_invalid_sku\",\"message\":\"Invalid or duplicated SKU.\","
                        + "\"data\":{\"status\":400,\"resource_id\":12,\"unique_sku\":\"SKU-1-1\"}}")));
        assertThatThrownBy(() -> client("basic").create("products", json.createObjectNode().put("sku", "SKU-1")))
                .isInstanceOfSatisfying(WooApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("product_invalid_sku");
                    assertThat(e.data().path("resource_id").asLong()).isEqualTo(12);
                    assertThat(e.isTransient()).isFalse();
                    assertThat(e.attempts()).isEqualTo(1);
                });
        wm.verify(1, postRequestedFor(urlPathEqualTo(API + "/products"))
                .withHeader("Content-Type", equalToIgnoreCase("application/json;charset=utf-8")));
    }

    @Test
    void aCreateIsNotRepeatedAfterA500ThatMayHaveSavedItButIsAfterA503() {
        wm.stubFor(post(urlPathEqualTo(API + "/customers")).willReturn(aResponse().withStatus(500)));
        assertThatThrownBy(() -> client("basic").create("customers", json.createObjectNode()))
                .isInstanceOfSatisfying(WooApiException.class, e -> assertThat(e.attempts()).isEqualTo(1));
        wm.verify(1, postRequestedFor(urlPathEqualTo(API + "/customers")));

        wm.resetAll();
        wm.stubFor(post(urlPathEqualTo(API + "/customers")).willReturn(aResponse().withStatus(503)));
        assertThatThrownBy(() -> client("basic").create("customers", json.createObjectNode()))
                .isInstanceOfSatisfying(WooApiException.class, e -> assertThat(e.attempts()).isEqualTo(4));
        wm.verify(4, postRequestedFor(urlPathEqualTo(API + "/customers")));
    }

    @Test
    void anUnreachableStoreIsRetriedAndReportedAsStatusZeroWithoutTheSecret() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        WooCommerceClient woo = new WooCommerceClient(props("http://127.0.0.1:" + closedPort, "query"), json, FAST);
        assertThatThrownBy(() -> woo.find("products", 1)).isInstanceOfSatisfying(WooApiException.class, e -> {
            assertThat(e.status()).isZero();
            assertThat(e.code()).isEqualTo(PeerApiException.CONNECT_FAILED);
            assertThat(e.attempts()).isEqualTo(4);
            assertThat(e.getMessage()).doesNotContain(SECRET);
        });
    }

    // --- errors -----------------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({"error.rest-invalid-param.json, 400, rest_invalid_param, Invalid parameter(s): per_page",
            "error.rest-invalid-param.oneline.json, 400, rest_invalid_param, Invalid parameter(s): per_page",
            "error.woocommerce-rest-cannot-view.json, 401, woocommerce_rest_cannot_view, Sorry, you cannot list resources.",
            "error.woocommerce-rest-term-invalid.json, 404, woocommerce_rest_term_invalid, Resource doesn't exist.",
            "error.wp-rest-no-route.json, 404, rest_no_route, No route was found matching the URL and request method"})
    void realErrorBodiesAreParsed(String file, int status, String code, String message) throws Exception {
        wm.stubFor(get(urlPathEqualTo(API + "/products")).willReturn(aResponse().withStatus(status).withBody(payload(file))));
        assertThatThrownBy(() -> client("basic").list("products", Map.of(), 1, 10)).isInstanceOfSatisfying(WooApiException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(message).contains("GET /products");
            assertThat(e.data().path("status").asInt()).isEqualTo(status);
            assertThat(e.isAuthFailure()).isEqualTo(status == 401);
            assertThat(e.isRateLimited()).isFalse();
        });
        wm.verify(1, getRequestedFor(urlPathEqualTo(API + "/products")));
    }

    @Test
    void invalidParamsCarryTheirPerParameterMessages() throws Exception {
        wm.stubFor(get(urlPathEqualTo(API + "/products")).willReturn(aResponse().withStatus(400)
                .withBody(payload("error.rest-invalid-param.json"))));
        assertThatThrownBy(() -> client("basic").list("products", Map.of(), 1, 100)).isInstanceOfSatisfying(
                WooApiException.class, e -> assertThat(e.data().path("params").path("per_page").asText()).contains("between 1"));
    }

    @Test
    void findIsEmptyForAMissingRecordButAnUnknownRouteIsAnError() throws Exception {
        wm.stubFor(get(urlPathEqualTo(API + "/customers/404")).willReturn(aResponse().withStatus(404)
                .withBody("{\"code\":\"woocommerce_rest_invalid_id\",\"message\":\"Invalid resource ID.\",\"data\":{\"status\":404}}")));
        wm.stubFor(get(urlPathEqualTo(API + "/nonsense/1")).willReturn(aResponse().withStatus(404)
                .withBody(payload("error.wp-rest-no-route.json"))));
        assertThat(client("basic").find("customers", 404)).isEmpty();
        assertThatThrownBy(() -> client("basic").find("nonsense", 1)).isInstanceOf(WooApiException.class);
    }

    @Test
    void anHtmlErrorPageBecomesAnErrorWithoutCrashingTheParser() {
        wm.stubFor(get(urlPathEqualTo(API + "/products/3")).willReturn(aResponse().withStatus(403)
                .withBody("<html><body>Forbidden by WAF</body></html>")));
        assertThatThrownBy(() -> client("basic").find("products", 3)).isInstanceOfSatisfying(WooApiException.class, e -> {
            assertThat(e.status()).isEqualTo(403);
            assertThat(e.code()).isEqualTo("invalid_response");
            assertThat(e.isAuthFailure()).isTrue();
        });
    }

    @Test
    void theSecretNeverReachesAnExceptionMessageEvenWhenEchoedBack() {
        wm.stubFor(get(urlPathEqualTo(API + "/products/1")).willReturn(aResponse().withStatus(401)
                .withBody("{\"code\":\"woocommerce_rest_authentication_error\",\"message\":\"Consumer secret " + SECRET
                        + " is invalid.\",\"data\":{\"status\":401,\"echo\":\"" + SECRET + "\"}}")));
        assertThatThrownBy(() -> client("query").find("products", 1)).isInstanceOfSatisfying(WooApiException.class, e -> {
            assertThat(e.isAuthFailure()).isTrue();
            assertThat(e.getMessage()).doesNotContain(SECRET).contains("Consumer secret");
            assertThat(e.data().toString()).doesNotContain(SECRET);
            assertThat(e.toString()).doesNotContain(SECRET);
        });
        wm.verify(1, getRequestedFor(urlPathEqualTo(API + "/products/1")));
    }

    // --- batch ------------------------------------------------------------------------------------------------

    @Test
    void aRealBatchAnswerIsMatchedToTheRequestInOrder() throws Exception {
        wm.stubFor(post(urlPathEqualTo(API + "/products/batch")).willReturn(okJson(payload("products-batch.response.json"))));
        JsonNode request = json.readTree(payload("products-batch.request.json"));
        List<JsonNode> creates = new ArrayList<>();
        request.path("create").forEach(creates::add);
        List<JsonNode> updates = new ArrayList<>();
        request.path("update").forEach(updates::add);
        List<Long> deletes = new ArrayList<>();
        request.path("delete").forEach(d -> deletes.add(d.asLong()));

        WooBatchResult result = client("basic").batch("products", creates, updates, deletes);
        assertThat(result.failed()).isEmpty();
        assertThat(result.succeeded()).extracting(i -> i.action() + ":" + i.result().path("id").asLong())
                .containsExactly("create:801", "create:804", "update:799", "delete:794");
        JsonNode sent = json.readTree(wm.getAllServeEvents().get(0).getRequest().getBodyAsString());
        assertThat(sent).isEqualTo(request);
    }

    @Test
    void perItemErrorsInsideThe200AreReportedForTheirItem() throws Exception {
        ObjectNode answer = json.createObjectNode();
        answer.putArray("create").add(json.createObjectNode().put("id", 31).put("sku", "OK-1"))
                .add(json.readTree("{\"id\":0,\"error\":{\"code\":\"product_invalid_sku\",\"message\":\"Invalid or duplicated SKU.\","
                        + "\"data\":{\"status\":400,\"resource_id\":12,\"unique_sku\":\"DUP-1-1\"}}}"));
        answer.putArray("update").add(json.readTree("{\"id\":987654,\"error\":{\"code\":\"woocommerce_rest_product_invalid_id\","
                + "\"message\":\"Invalid ID.\",\"data\":{\"status\":400}}}"));
        wm.stubFor(post(urlPathEqualTo(API + "/products/batch")).willReturn(okJson(answer.toString())));

        WooBatchResult result = client("basic").batch("products",
                List.of(json.createObjectNode().put("sku", "OK-1"), json.createObjectNode().put("sku", "DUP-1")),
                List.of(json.createObjectNode().put("id", 987654).put("name", "x")), List.of(55L));

        assertThat(result.items()).hasSize(4);
        assertThat(result.succeeded()).hasSize(1);
        List<WooBatchResult.Item> failed = result.failed();
        assertThat(failed).extracting(WooBatchResult.Item::action).containsExactly("create", "update", "delete");
        WooApiException dup = failed.get(0).error();
        assertThat(dup.code()).isEqualTo("product_invalid_sku");
        assertThat(dup.status()).isEqualTo(400);
        assertThat(dup.data().path("resource_id").asLong()).isEqualTo(12);
        assertThat(((JsonNode) failed.get(0).sent()).path("sku").asText()).isEqualTo("DUP-1");
        assertThat(failed.get(1).errorCode()).isEqualTo("woocommerce_rest_product_invalid_id");
        assertThat(failed.get(2).errorCode()).isEqualTo("missing_result");
        assertThat(failed.get(2).sent()).isEqualTo(55L);
    }

    @Test
    void aBatchOfMoreThan100ItemsIsRefusedBeforeSending() {
        List<JsonNode> creates = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            creates.add(json.createObjectNode().put("sku", "S" + i));
        }
        List<Long> deletes = java.util.stream.LongStream.rangeClosed(1, 41).boxed().collect(Collectors.toList());
        assertThatThrownBy(() -> client("basic").batch("products", creates, null, deletes))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("101");
        assertThat(wm.getAllServeEvents()).isEmpty();
    }

    // --- health -----------------------------------------------------------------------------------------------

    @Test
    void healthIsUpWithStatusAndLatencyAndDownWithoutTheSecretOrRetries() {
        wm.stubFor(get(urlPathEqualTo(API + "/products")).withQueryParam("per_page", equalTo("1")).willReturn(okJson("[]")));
        WooCommerceClient woo = client("query");
        Health up = new WooCommerceHealthIndicator(woo, props(wm.baseUrl(), "query")).health();
        assertThat(up.getStatus()).isEqualTo(Status.UP);
        assertThat(up.getDetails()).containsEntry("status", 200).containsKey("latencyMs").containsEntry("auth", "query");

        wm.resetAll();
        wm.stubFor(get(urlPathEqualTo(API + "/products")).willReturn(aResponse().withStatus(503)));
        Health down = new WooCommerceHealthIndicator(woo, props(wm.baseUrl(), "query")).health();
        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(down.getDetails()).containsEntry("status", 503);
        assertThat(down.toString()).doesNotContain(SECRET);
        wm.verify(1, getRequestedFor(urlPathEqualTo(API + "/products")));
    }
}
