package com.nxtnd.hub.nxt;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nxtnd.hub.peer.PeerApiException;
import com.nxtnd.hub.peer.RetrySettings;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/** The NXT-ND client's HTTP behaviour against WireMock, per contracts/nxt-nd-api.md. */
class NxtClientHttpTest {

    static final String TOKEN = "nxt_token_very_secret_42";
    static final RetrySettings FAST = new RetrySettings(3, Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(60));

    final ObjectMapper json = new ObjectMapper();
    WireMockServer wm;
    NxtClient nxt;

    @BeforeEach
    void start() {
        wm = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
        nxt = new NxtClient(props(wm.baseUrl() + "/api"), json, FAST);
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    NxtProperties props(String baseUrl) {
        return new NxtProperties(baseUrl, TOKEN, List.of("MAIN"), Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    static String error(String message, String code) {
        return "{\"success\":false,\"error\":\"" + message + "\",\"code\":\"" + code + "\"}";
    }

    @Test
    void listSendsTheBearerTokenAndReadsThePagination() {
        wm.stubFor(get(urlPathEqualTo("/api/products")).willReturn(okJson("{\"success\":true,\"data\":[{\"id\":\"a\"},{\"id\":\"b\"}],"
                + "\"pagination\":{\"page\":2,\"pageSize\":2,\"totalCount\":5,\"totalPages\":3}}")));
        NxtClient.Page page = nxt.list("products", 2, 2, Instant.parse("2026-11-25T10:15:30Z"));
        assertThat(page.items()).extracting(i -> i.path("id").asText()).containsExactly("a", "b");
        assertThat(page.totalPages()).isEqualTo(3);
        assertThat(page.totalCount()).isEqualTo(5);
        wm.verify(getRequestedFor(urlPathEqualTo("/api/products"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withQueryParam("page", equalTo("2")).withQueryParam("pageSize", equalTo("2"))
                .withQueryParam("updatedSince", equalTo("2026-11-25T10:15:30Z")));
        assertThatThrownBy(() -> nxt.list("products", 1, 501, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> nxt.list("suppliers", 1, 10, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void streamingReadsEveryPageOnce() {
        for (int p = 1; p <= 3; p++) {
            String data = p < 3 ? "[{\"id\":\"" + p + "a\"},{\"id\":\"" + p + "b\"}]" : "[{\"id\":\"3a\"}]";
            wm.stubFor(get(urlPathEqualTo("/api/customers")).withQueryParam("page", equalTo(String.valueOf(p)))
                    .willReturn(okJson("{\"success\":true,\"data\":" + data
                            + ",\"pagination\":{\"page\":" + p + ",\"pageSize\":2,\"totalCount\":5,\"totalPages\":3}}")));
        }
        assertThat(nxt.stream("customers", 2, null).map(c -> c.path("id").asText()))
                .containsExactly("1a", "1b", "2a", "2b", "3a");
        wm.verify(3, getRequestedFor(urlPathEqualTo("/api/customers")));
    }

    @Test
    void lookupsAreEmptyOn404() {
        wm.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(404).withBody(error("Not found", "NOT_FOUND"))));
        wm.stubFor(get(urlPathEqualTo("/api/products/by-sku/SKU%201")).willReturn(okJson(
                "{\"success\":true,\"data\":{\"id\":\"p1\",\"sku\":\"SKU 1\"}}")));
        assertThat(nxt.findProductBySku("SKU 1")).hasValueSatisfying(p -> assertThat(p.path("id").asText()).isEqualTo("p1"));
        assertThat(nxt.get("products", "missing")).isEmpty();
        assertThat(nxt.findCustomerByEmail("a+b@example.com")).isEmpty();
        assertThat(nxt.findOrderByExternalRef("woo-order-1")).isEmpty();
        wm.verify(getRequestedFor(urlPathEqualTo("/api/customers/by-email/a%2Bb%40example.com")));
        wm.verify(getRequestedFor(urlPathEqualTo("/api/orders/by-external-ref/woo-order-1")));
        wm.verify(4, getRequestedFor(anyUrl()));
    }

    @Test
    void aDuplicateSkuIsA409WithTheHoldersIdAndIsNotRetried() {
        wm.stubFor(post(urlPathEqualTo("/api/products")).willReturn(aResponse().withStatus(409).withBody(
                "{\"success\":false,\"error\":\"SKU already exists\",\"code\":\"DUPLICATE_SKU\",\"data\":{\"existingId\":\"uuid-7\"}}")));
        assertThatThrownBy(() -> nxt.create("products", json.createObjectNode().put("sku", "S1"), "key-1"))
                .isInstanceOfSatisfying(NxtApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.code()).isEqualTo("DUPLICATE_SKU");
                    assertThat(e.existingId()).isEqualTo("uuid-7");
                    assertThat(e.getMessage()).contains("SKU already exists");
                    assertThat(e.isTransient()).isFalse();
                    assertThat(e.attempts()).isEqualTo(1);
                });
        wm.verify(1, postRequestedFor(urlPathEqualTo("/api/products")).withHeader("Idempotency-Key", equalTo("key-1")));
    }

    @Test
    void updateSendsIfMatchAndIdempotencyKeyAndAStaleVersionIsAConflict() {
        wm.stubFor(put(urlPathEqualTo("/api/products/p1")).withHeader("If-Match", equalTo("3"))
                .willReturn(okJson("{\"success\":true,\"data\":{\"id\":\"p1\",\"version\":4}}")));
        wm.stubFor(put(urlPathEqualTo("/api/products/p1")).withHeader("If-Match", equalTo("2"))
                .willReturn(aResponse().withStatus(409).withBody(error("Version conflict", "VERSION_CONFLICT"))));
        JsonNode updated = nxt.update("products", "p1", json.createObjectNode().put("name", "n"), 3, "upd-1");
        assertThat(updated.path("version").asInt()).isEqualTo(4);
        wm.verify(putRequestedFor(urlPathEqualTo("/api/products/p1")).withHeader("If-Match", equalTo("3"))
                .withHeader("Idempotency-Key", equalTo("upd-1")).withRequestBody(equalToJson("{\"name\":\"n\"}")));
        assertThatThrownBy(() -> nxt.update("products", "p1", json.createObjectNode(), 2, null))
                .isInstanceOfSatisfying(NxtApiException.class, e -> assertThat(e.isVersionConflict()).isTrue());
    }

    @Test
    void noIdempotencyKeyIsInventedAndAKeylessPostIsNotRepeatedAfterA500() {
        wm.stubFor(post(urlPathEqualTo("/api/orders")).willReturn(aResponse().withStatus(500).withBody(error("boom", "INTERNAL"))));
        assertThatThrownBy(() -> nxt.createOrder(json.createObjectNode(), null)).isInstanceOf(NxtApiException.class);
        wm.verify(1, postRequestedFor(urlPathEqualTo("/api/orders")).withHeader("Idempotency-Key", absent()));
    }

    @Test
    void aKeyedWriteIsRetriedOnServerErrorsAndSucceeds() {
        wm.stubFor(post(urlPathEqualTo("/api/inventory/movements")).inScenario("m").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(502)).willSetStateTo("two"));
        wm.stubFor(post(urlPathEqualTo("/api/inventory/movements")).inScenario("m").whenScenarioStateIs("two")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0")).willSetStateTo("ok"));
        wm.stubFor(post(urlPathEqualTo("/api/inventory/movements")).inScenario("m").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(201).withBody("{\"success\":true,\"data\":{\"movement\":{\"id\":\"m1\"}}}")));
        JsonNode result = nxt.inventoryMovement("SKU-1", "MAIN", -2, "sale", "woo-order-5", "mv-5");
        assertThat(result.path("movement").path("id").asText()).isEqualTo("m1");
        wm.verify(3, postRequestedFor(urlPathEqualTo("/api/inventory/movements")).withHeader("Idempotency-Key", equalTo("mv-5"))
                .withRequestBody(equalToJson("{\"sku\":\"SKU-1\",\"warehouseCode\":\"MAIN\",\"quantity\":-2,"
                        + "\"type\":\"sale\",\"reference\":\"woo-order-5\"}")));
        assertThat(nxt.retryStats().retries()).isEqualTo(2);
    }

    @Test
    void insufficientStockIsABusinessRuleErrorNotRetried() {
        wm.stubFor(post(urlPathEqualTo("/api/inventory/movements")).willReturn(aResponse().withStatus(422)
                .withBody(error("Not enough stock", "INSUFFICIENT_STOCK"))));
        assertThatThrownBy(() -> nxt.inventoryMovement("S", "MAIN", -99, "sale", "r", "k"))
                .isInstanceOfSatisfying(NxtApiException.class, e -> assertThat(e.code()).isEqualTo("INSUFFICIENT_STOCK"));
        wm.verify(1, postRequestedFor(urlPathEqualTo("/api/inventory/movements")));
    }

    @Test
    void theChangesFeedReturnsTheNextCursor() {
        wm.stubFor(get(urlPathEqualTo("/api/changes")).withQueryParam("since", equalTo("120"))
                .willReturn(okJson("{\"success\":true,\"data\":[{\"seq\":121,\"entity\":\"product\",\"id\":\"p1\",\"op\":\"upsert\"},"
                        + "{\"seq\":122,\"entity\":\"inventory\",\"id\":\"i1\",\"op\":\"upsert\"}],\"next\":\"122\"}")));
        wm.stubFor(get(urlPathEqualTo("/api/changes")).withQueryParam("since", equalTo("122"))
                .willReturn(okJson("{\"success\":true,\"data\":[],\"next\":\"122\"}")));
        NxtClient.Changes first = nxt.changes("120", 500);
        assertThat(first.changes()).extracting(c -> c.path("seq").asInt()).containsExactly(121, 122);
        assertThat(first.next()).isEqualTo("122");
        NxtClient.Changes none = nxt.changes(first.next(), 500);
        assertThat(none.changes()).isEmpty();
        assertThat(none.next()).isEqualTo("122");
        wm.verify(getRequestedFor(urlPathEqualTo("/api/changes")).withQueryParam("limit", equalTo("500")));
        wm.stubFor(get(urlPathEqualTo("/api/changes")).withQueryParam("since", absent())
                .willReturn(okJson("{\"success\":true,\"data\":[],\"next\":\"0\"}")));
        assertThat(nxt.changes(null, 10).next()).isEqualTo("0");
        wm.verify(getRequestedFor(urlPathEqualTo("/api/changes")).withQueryParam("since", absent()));
    }

    @Test
    void inventoryLevelsAreFetchedInChunksOf100Skus() {
        wm.stubFor(get(urlPathEqualTo("/api/inventory/levels")).willReturn(okJson(
                "{\"success\":true,\"data\":[{\"sku\":\"x\",\"quantityAvailable\":1}]}")));
        List<String> skus = new ArrayList<>(IntStream.range(0, 250).mapToObj(i -> "SKU-" + i).toList());
        skus.add("SKU-0"); // a repeat costs nothing
        List<JsonNode> levels = nxt.inventoryLevels(skus);
        assertThat(levels).hasSize(3);
        List<LoggedRequest> calls = wm.findAll(getRequestedFor(urlPathEqualTo("/api/inventory/levels")));
        assertThat(calls).hasSize(3);
        assertThat(calls).extracting(r -> r.queryParameter("sku").values().size()).containsExactlyInAnyOrder(100, 100, 50);
        assertThat(nxt.inventoryLevels(List.of())).isEmpty();
        wm.verify(3, getRequestedFor(urlPathEqualTo("/api/inventory/levels")));
    }

    @Test
    void batchUpsertReportsPerItemOutcomesInOrder() {
        wm.stubFor(post(urlPathEqualTo("/api/products/batch")).willReturn(okJson("{\"success\":true,\"data\":{\"upserted\":["
                + "{\"sku\":\"A\",\"id\":\"ia\",\"status\":\"created\"},"
                + "{\"sku\":\"B\",\"error\":{\"code\":\"VALIDATION\",\"message\":\"name is required\"}},"
                + "{\"sku\":\"C\",\"id\":\"ic\",\"status\":\"unchanged\"}],"
                + "\"deactivated\":[{\"id\":\"old\",\"status\":\"deactivated\"}]}}")));
        List<JsonNode> upsert = List.of(json.createObjectNode().put("sku", "A"), json.createObjectNode().put("sku", "B"),
                json.createObjectNode().put("sku", "C"));
        NxtBatchResult result = nxt.batchUpsert("products", upsert, List.of("old"), "batch-1");
        assertThat(result.succeeded()).extracting(NxtBatchResult.Item::status).containsExactly("created", "unchanged");
        assertThat(result.failed()).hasSize(1);
        NxtBatchResult.Item failed = result.failed().get(0);
        assertThat(failed.sent().path("sku").asText()).isEqualTo("B");
        assertThat(failed.error().code()).isEqualTo("VALIDATION");
        assertThat(failed.error().getMessage()).contains("name is required");
        assertThat(result.deactivated()).containsExactly("old");
        assertThat(result.path("upserted").size()).isEqualTo(3);
        wm.verify(postRequestedFor(urlPathEqualTo("/api/products/batch")).withHeader("Idempotency-Key", equalTo("batch-1"))
                .withRequestBody(equalToJson("{\"upsert\":[{\"sku\":\"A\"},{\"sku\":\"B\"},{\"sku\":\"C\"}],\"deactivate\":[\"old\"]}")));

        List<JsonNode> tooMany = IntStream.range(0, 101).mapToObj(i -> (JsonNode) json.createObjectNode().put("sku", "S" + i)).toList();
        assertThatThrownBy(() -> nxt.batchUpsert("products", tooMany, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> nxt.batchUpsert("orders", upsert, null, null)).isInstanceOf(IllegalArgumentException.class);
        wm.verify(1, postRequestedFor(anyUrl()));
    }

    @Test
    void orderStatusIsPutWithItsNote() {
        wm.stubFor(put(urlPathEqualTo("/api/orders/o1/status")).willReturn(okJson("{\"success\":true,\"data\":{\"id\":\"o1\",\"status\":\"shipped\"}}")));
        assertThat(nxt.updateOrderStatus("o1", "shipped", "left", "st-1").path("status").asText()).isEqualTo("shipped");
        wm.verify(putRequestedFor(urlPathEqualTo("/api/orders/o1/status")).withHeader("Idempotency-Key", equalTo("st-1"))
                .withRequestBody(equalToJson("{\"status\":\"shipped\",\"note\":\"left\"}")));
    }

    @Test
    void theTokenNeverReachesAnExceptionMessage() throws Exception {
        wm.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(401)
                .withBody("{\"success\":false,\"error\":\"Not authorized: Bearer " + TOKEN + "\"}")));
        assertThatThrownBy(() -> nxt.list("orders", 1, 10, null)).isInstanceOfSatisfying(NxtApiException.class, e -> {
            assertThat(e.isAuthFailure()).isTrue();
            assertThat(e.getMessage()).contains("Not authorized").doesNotContain(TOKEN);
        });
        wm.verify(1, getRequestedFor(anyUrl()));

        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        NxtClient away = new NxtClient(props("http://127.0.0.1:" + closedPort + "/api"), json, FAST);
        assertThatThrownBy(() -> away.get("products", "p1")).isInstanceOfSatisfying(NxtApiException.class, e -> {
            assertThat(e.code()).isEqualTo(PeerApiException.CONNECT_FAILED);
            assertThat(e.attempts()).isEqualTo(4);
            assertThat(e.toString()).doesNotContain(TOKEN);
        });
    }

    @Test
    void healthIsUpOrDownWithStatusAndLatencyAndNoToken() {
        wm.stubFor(get(urlPathEqualTo("/api/products")).willReturn(okJson("{\"success\":true,\"data\":[]}")));
        Health up = new NxtHealthIndicator(nxt, props(wm.baseUrl() + "/api")).health();
        assertThat(up.getStatus()).isEqualTo(Status.UP);
        assertThat(up.getDetails()).containsEntry("status", 200).containsKey("latencyMs");

        wm.resetAll();
        wm.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(401).withBody(error("Not authorized to access this route", "AUTH"))));
        Health down = new NxtHealthIndicator(nxt, props(wm.baseUrl() + "/api"), new Status("DEGRADED")).health();
        assertThat(down.getStatus().getCode()).isEqualTo("DEGRADED");
        assertThat(down.getDetails()).containsEntry("status", 401);
        assertThat(down.toString()).doesNotContain(TOKEN);
    }
}
