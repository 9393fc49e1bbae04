package com.nxtnd.hub.sandbox.woo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.HubIntegrationTest;
import com.nxtnd.hub.woo.OAuth1;
import com.nxtnd.hub.woo.WebhookSignature;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The WooCommerce sandbox reproduces the real store's behaviours (the WooCommerce research notes; captured material in src/test/resources/woocommerce). */
class WooSandboxTest extends HubIntegrationTest {

    @Autowired
    WooSandboxStore store;
    @Autowired
    ObjectMapper json;

    final HttpClient http = HttpClient.newHttpClient();

    String api(String path) {
        return baseUrl() + "/sandbox/woo/wp-json/wc/v3" + path;
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(OAuth1.sign(method, URI.create(api(path)), "ck_sandbox", "cs_sandbox"))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void pagesCarryTotalsAndPrevNextLinksAndPastTheEndIsEmpty() throws Exception {
        HttpResponse<String> first = send("GET", "/products?per_page=100&orderby=id&order=asc", null);
        assertThat(first.statusCode()).isEqualTo(200);
        int total = Integer.parseInt(first.headers().firstValue("X-WP-Total").orElseThrow());
        assertThat(total).isGreaterThanOrEqualTo(200);
        assertThat(first.headers().firstValue("X-WP-TotalPages")).contains(String.valueOf((total + 99) / 100));
        assertThat(first.headers().firstValue("Link").orElseThrow()).contains("rel=\"next\"").doesNotContain("rel=\"prev\"");
        assertThat(json.readTree(first.body())).hasSize(100);
        assertThat(json.readTree(first.body()).get(0).path("regular_price").isTextual()).isTrue();
        HttpResponse<String> second = send("GET", "/products?per_page=100&orderby=id&order=asc&page=2", null);
        assertThat(second.headers().firstValue("Link").orElseThrow()).contains("rel=\"prev\"");
        assertThat(send("GET", "/products?per_page=100&page=99", null).body()).isEqualTo("[]");
    }

    @Test
    void perPageOver100IsRestInvalidParam() throws Exception {
        HttpResponse<String> r = send("GET", "/products?per_page=101", null);
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode body = json.readTree(r.body());
        assertThat(body.path("code").asText()).isEqualTo("rest_invalid_param");
        assertThat(body.path("data").path("params").path("per_page").asText())
                .isEqualTo("per_page must be between 1 (inclusive) and 100 (inclusive)");
        assertThat(body.path("data").path("status").asInt()).isEqualTo(400);
    }

    @Test
    void batchOver100Is413AndItemErrorsComeInsideA200() throws Exception {
        StringBuilder many = new StringBuilder("{\"create\":[");
        for (int i = 0; i < 101; i++) {
            many.append(i == 0 ? "" : ",").append("{\"name\":\"x").append(i).append("\"}");
        }
        HttpResponse<String> tooMany = send("POST", "/products/batch", many.append("]}").toString());
        assertThat(tooMany.statusCode()).isEqualTo(413);
        assertThat(tooMany.body()).contains("woocommerce_rest_request_entity_too_large");

        HttpResponse<String> mixed = send("POST", "/products/batch", """
                {"create":[{"name":"Batch ok","sku":"BATCH-OK-1","regular_price":"3.50"},{"name":"Dup","sku":"SKU-0001"}],
                 "update":[{"id":999999,"name":"nobody"}]}""");
        assertThat(mixed.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(mixed.body());
        assertThat(body.path("create").get(0).path("sku").asText()).isEqualTo("BATCH-OK-1");
        assertThat(body.path("create").get(1).path("id").asInt()).isZero();
        assertThat(body.path("create").get(1).path("error").path("code").asText()).isEqualTo("product_invalid_sku");
        assertThat(body.path("update").get(0).path("error").path("data").path("status").asInt()).isEqualTo(400);
        assertThat(body.has("delete")).isFalse();
        assertThat(store.productBySku("BATCH-OK-1")).isPresent(); // not transactional: the good item stays
    }

    @Test
    void duplicateSkuIs400WithTheHolderAndASuggestion() throws Exception {
        HttpResponse<String> r = send("POST", "/products", "{\"name\":\"Again\",\"sku\":\"SKU-0002\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode body = json.readTree(r.body());
        assertThat(body.path("code").asText()).isEqualTo("product_invalid_sku");
        assertThat(body.path("message").asText()).isEqualTo("Invalid or duplicated SKU.");
        assertThat(body.path("data").path("resource_id").asLong()).isEqualTo(store.productBySku("SKU-0002").orElseThrow().path("id").asLong());
        assertThat(body.path("data").path("unique_sku").asText()).isNotBlank();
    }

    @Test
    void overPlainHttpOnlyOAuthGetsInAndReplaysOrStaleTimestampsDoNot() throws Exception {
        HttpResponse<String> basic = http.send(HttpRequest.newBuilder(URI.create(api("/products")))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("ck_sandbox:cs_sandbox".getBytes())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(basic.statusCode()).isEqualTo(401);
        assertThat(basic.body()).contains("woocommerce_rest_cannot_view");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(api("/products?consumer_key=ck_sandbox&consumer_secret=cs_sandbox")))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(api("/products"))).build(),
                HttpResponse.BodyHandlers.ofString()).body()).contains("woocommerce_rest_cannot_view");

        URI signed = OAuth1.sign("GET", URI.create(api("/products?per_page=1")), "ck_sandbox", "cs_sandbox");
        assertThat(http.send(HttpRequest.newBuilder(signed).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        HttpResponse<String> replay = http.send(HttpRequest.newBuilder(signed).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(replay.body()).contains("nonce has already been used");

        URI stale = OAuth1.sign("GET", URI.create(api("/products")), "ck_sandbox", "cs_sandbox",
                System.currentTimeMillis() / 1000 - 3600, OAuth1.newNonce());
        assertThat(http.send(HttpRequest.newBuilder(stale).build(), HttpResponse.BodyHandlers.ofString()).body())
                .contains("Invalid timestamp.");
        URI forged = URI.create(OAuth1.sign("GET", URI.create(api("/products")), "ck_sandbox", "other-secret").toString());
        assertThat(http.send(HttpRequest.newBuilder(forged).build(), HttpResponse.BodyHandlers.ofString()).body())
                .contains("Invalid signature");
    }

    @Test
    void modifiedAfterSkuFilterAndOrdersLowerStockWithoutMovingDateModified() throws Exception {
        JsonNode parent = store.productBySku("SKU-0195").orElseThrow();
        JsonNode bySku = json.readTree(send("GET", "/products?sku=SKU-0195-M,SKU-0010", null).body());
        assertThat(bySku).hasSize(2);
        assertThat(bySku.findValuesAsText("type")).contains("variation");
        assertThat(parent.path("variations")).hasSize(3);

        JsonNode product = store.productBySku("SKU-0011").orElseThrow();
        int stock = product.path("stock_quantity").asInt();
        HttpResponse<String> order = send("POST", "/orders", "{\"set_paid\":true,\"line_items\":[{\"product_id\":"
                + product.path("id").asLong() + ",\"quantity\":2}]}");
        assertThat(order.statusCode()).isEqualTo(201);
        assertThat(json.readTree(order.body()).path("status").asText()).isEqualTo("processing");
        JsonNode after = store.productBySku("SKU-0011").orElseThrow();
        assertThat(after.path("stock_quantity").asInt()).isEqualTo(stock - 2);
        assertThat(after.path("date_modified_gmt")).isEqualTo(product.path("date_modified_gmt"));

        String future = java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).plusHours(1).withNano(0).toString();
        assertThat(send("GET", "/products?modified_after=" + future + "&dates_are_gmt=true", null).body()).isEqualTo("[]");
        String past = java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).minusSeconds(2).withNano(0).toString();
        send("PUT", "/products/" + product.path("id").asLong(), "{\"name\":\"Renamed for modified_after\"}");
        // earlier tests' syncs may have touched many products in the same seconds: ask for this one
        JsonNode changed = json.readTree(send("GET", "/products?sku=SKU-0011&modified_after=" + past
                + "&dates_are_gmt=true", null).body());
        assertThat(changed.findValuesAsText("name")).contains("Renamed for modified_after");
    }

    @Test
    void webhooksPingThenDeliverSignedChangesAndDisableAfterSevenFailures() throws Exception {
        List<Map<String, Object>> received = new CopyOnWriteArrayList<>();
        AtomicInteger status = new AtomicInteger(200);
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(Map.of("headers", exchange.getRequestHeaders(), "body", body));
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        receiver.start();
        try {
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            HttpResponse<String> created = send("POST", "/webhooks", "{\"name\":\"t\",\"topic\":\"product.updated\","
                    + "\"delivery_url\":\"" + url + "\",\"secret\":\"whsec-test\"}");
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(created.body()).doesNotContain("whsec-test");
            long webhookId = json.readTree(created.body()).path("id").asLong();
            // deliveries queue behind what earlier tests in this context made the store send (two delivery threads)
            // the ping comes first; the store may then deliver other tests' changes too (the hub writes back), so
            // each step looks for its own delivery rather than counting
            await().atMost(Duration.ofSeconds(60)).until(() -> !received.isEmpty());
            assertThat(new String((byte[]) received.get(0).get("body"), StandardCharsets.UTF_8)).isEqualTo("webhook_id=" + webhookId);

            long productId = store.productBySku("SKU-0012").orElseThrow().path("id").asLong();
            HttpResponse<String> put = send("PUT", "/products/" + productId,
                    "{\"regular_price\":\"9.99\",\"description\":\"see https://x.example/a\"}");
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            String ofProduct = "{\"id\":" + productId + ",";
            Map<String, Object> delivery = await().atMost(Duration.ofSeconds(60)).until(() -> received.stream()
                    .filter(r -> new String((byte[]) r.get("body"), StandardCharsets.UTF_8).startsWith(ofProduct))
                    .findFirst().orElse(null), java.util.Objects::nonNull);
            @SuppressWarnings("unchecked")
            Map<String, List<String>> headers = (Map<String, List<String>>) delivery.get("headers");
            byte[] body = (byte[]) delivery.get("body");
            for (String h : List.of("X-wc-webhook-source", "X-wc-webhook-topic", "X-wc-webhook-resource",
                    "X-wc-webhook-event", "X-wc-webhook-signature", "X-wc-webhook-id", "X-wc-webhook-delivery-id")) {
                assertThat(headers).containsKey(h);
            }
            assertThat(headers.get("X-wc-webhook-topic")).containsExactly("product.updated");
            assertThat(WebhookSignature.verify(body, headers.get("X-wc-webhook-signature").get(0), "whsec-test")).isTrue();
            assertThat(new String(body, StandardCharsets.UTF_8)).contains("https:\\/\\/x.example\\/a").contains("\"9.99\"");

            status.set(500);
            int before = received.size();
            for (int i = 1; i <= 7; i++) {
                send("PUT", "/products/" + productId, "{\"name\":\"fail " + i + "\"}");
                int expected = before + i;
                await().atMost(Duration.ofSeconds(60)).until(() -> received.size() >= expected);
                Thread.sleep(50); // let the sandbox record the result before the next change
            }
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    store.get("webhooks", webhookId).orElseThrow().path("status").asText().equals("disabled"));
        } finally {
            receiver.stop(0);
        }
    }
}
