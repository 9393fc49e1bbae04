package com.nxtnd.hub.sandbox.woo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.HubIntegrationTest;
import com.nxtnd.hub.woo.OAuth1;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What a real WooCommerce 8.9.1 store showed (src/test/resources/woocommerce/real-store-observations.md, copied with
 * its source), reproduced by the sandbox: the two views of a product, escaped titles, no
 * delivery for a forced or batch delete, {"id":N} for a trashed one, no second try of a failed delivery, a
 * variation's two names, and variable products made through the API.
 */
class WooSandboxRealStoreFactsTest extends HubIntegrationTest {

    @Autowired
    WooSandboxStore store;
    @Autowired
    ObjectMapper json;

    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        URI uri = OAuth1.sign(method, URI.create(baseUrl() + "/sandbox/woo/wp-json/wc/v3" + path), "ck_sandbox", "cs_sandbox");
        return http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** "Two views of a product": view context on reads, edit context on writes and ?context=edit; titles escaped. */
    @Test
    void readsAnswerTheViewContextAndWritesTheStoredOne() throws Exception {
        HttpResponse<String> created = send("POST", "/products", """
                {"name":"Fish & Chips","sku":"VIEW-1","regular_price":"4.00",
                 "description":"line one\\n\\nline two","short_description":"short"}""");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode edit = json.readTree(created.body());
        assertThat(edit.path("description").asText()).isEqualTo("line one\n\nline two");
        assertThat(edit.path("short_description").asText()).isEqualTo("short");
        assertThat(edit.path("name").asText()).isEqualTo("Fish &amp; Chips");
        long id = edit.path("id").asLong();

        JsonNode view = json.readTree(send("GET", "/products/" + id, null).body());
        assertThat(view.path("description").asText()).isEqualTo("<p>line one</p>\n<p>line two</p>\n");
        assertThat(view.path("short_description").asText()).isEqualTo("<p>short</p>\n");
        assertThat(view.path("name").asText()).isEqualTo("Fish &amp; Chips");
        JsonNode listed = json.readTree(send("GET", "/products?sku=VIEW-1", null).body()).get(0);
        assertThat(listed.path("description").asText()).isEqualTo("<p>line one</p>\n<p>line two</p>\n");

        JsonNode asStored = json.readTree(send("GET", "/products/" + id + "?context=edit", null).body());
        assertThat(asStored.path("description").asText()).isEqualTo("line one\n\nline two");
        assertThat(json.readTree(send("GET", "/products?sku=VIEW-1&context=edit", null).body()).get(0)
                .path("description").asText()).isEqualTo("line one\n\nline two");

        JsonNode put = json.readTree(send("PUT", "/products/" + id, "{\"description\":\"a\\nb\"}").body());
        assertThat(put.path("description").asText()).isEqualTo("a\nb");
        assertThat(json.readTree(send("GET", "/products/" + id, null).body()).path("description").asText())
                .isEqualTo("<p>a<br />\nb</p>\n");
        JsonNode batch = json.readTree(send("POST", "/products/batch",
                "{\"update\":[{\"id\":" + id + ",\"name\":\"Salt &amp; Vinegar\",\"description\":\"x\\n\\ny\"}]}").body());
        assertThat(batch.path("update").get(0).path("description").asText()).isEqualTo("x\n\ny");
        // an entity already escaped is kept as it is, not escaped twice
        assertThat(batch.path("update").get(0).path("name").asText()).isEqualTo("Salt &amp; Vinegar");
    }

    /**
     * "A variation's two names": the variations endpoints name it by its options alone and answer no type; a
     * /products/{id} read (and a webhook body) gives the title the store generated, parent title - options, with the
     * options left out from three attributes on. A name sent is ignored; a renamed parent renames its variations.
     */
    @Test
    void aVariationIsNamedByItsOptionsOnTheVariationsEndpointsAndByItsTitleElsewhere() throws Exception {
        JsonNode parent = json.readTree(send("POST", "/products", """
                {"name":"Tee","type":"variable","sku":"VAR-NAME",
                 "attributes":[{"name":"Size","variation":true,"options":["S","M"]}]}""").body());
        long parentId = parent.path("id").asLong();
        HttpResponse<String> created = send("POST", "/products/" + parentId + "/variations", """
                {"sku":"VAR-NAME-S","regular_price":"9.00","name":"ignored",
                 "attributes":[{"name":"Size","option":"S"}]}""");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode v = json.readTree(created.body());
        long id = v.path("id").asLong();
        assertThat(v.path("name").asText()).isEqualTo("S");
        assertThat(v.has("type")).isFalse();
        assertThat(v.has("categories")).isFalse();

        JsonNode listed = json.readTree(send("GET", "/products/" + parentId + "/variations", null).body()).get(0);
        assertThat(listed.path("name").asText()).isEqualTo("S");
        assertThat(listed.has("type")).isFalse();
        JsonNode batch = json.readTree(send("POST", "/products/" + parentId + "/variations/batch",
                "{\"update\":[{\"id\":" + id + ",\"regular_price\":\"9.50\",\"name\":\"Other\"}]}").body());
        assertThat(batch.path("update").get(0).path("name").asText()).isEqualTo("S");
        assertThat(json.readTree(send("GET", "/products/" + parentId + "/variations/" + id, null).body())
                .path("name").asText()).isEqualTo("S");

        JsonNode asProduct = json.readTree(send("GET", "/products/" + id, null).body());
        assertThat(asProduct.path("name").asText()).isEqualTo("Tee - S");
        assertThat(asProduct.path("type").asText()).isEqualTo("variation");

        send("PUT", "/products/" + parentId, "{\"name\":\"Shirt\"}");
        assertThat(json.readTree(send("GET", "/products/" + id, null).body()).path("name").asText()).isEqualTo("Shirt - S");

        send("PUT", "/products/" + parentId, """
                {"attributes":[{"name":"Size","variation":true,"options":["S","M"]},
                 {"name":"Colour","variation":true,"options":["Red"]},{"name":"Fit","variation":true,"options":["Slim"]}]}""");
        JsonNode three = json.readTree(send("POST", "/products/" + parentId + "/variations", """
                {"sku":"VAR-NAME-3","attributes":[{"name":"Size","option":"S"},{"name":"Colour","option":"Red"},
                 {"name":"Fit","option":"Slim"}]}""").body());
        assertThat(three.path("name").asText()).isEqualTo("S, Red, Slim");
        assertThat(json.readTree(send("GET", "/products/" + three.path("id").asLong(), null).body())
                .path("name").asText()).isEqualTo("Shirt");
    }

    /**
     * "Variable products made through the API": a simple product made variable keeps its type change and answers no
     * prices of its own (its old price stays as "price"); a variation keeps only the attributes its parent uses for
     * variations (any option of them), named as the parent names them; made simple again, the parent loses its
     * variations for good.
     */
    @Test
    void aVariableProductKeepsOnlyItsOwnAttributesOnItsVariationsAndLosesThemWhenMadeSimple() throws Exception {
        long parentId = json.readTree(send("POST", "/products",
                "{\"name\":\"Made variable\",\"sku\":\"MADE-VAR\",\"regular_price\":\"25.00\"}").body()).path("id").asLong();
        JsonNode variable = json.readTree(send("PUT", "/products/" + parentId, """
                {"type":"variable","regular_price":"25.00",
                 "attributes":[{"name":"Size","options":["S","M"],"variation":true,"visible":true}]}""").body());
        assertThat(variable.path("type").asText()).isEqualTo("variable");
        assertThat(variable.path("regular_price").asText()).isEmpty();
        assertThat(variable.path("price").asText()).isEqualTo("25.00");

        JsonNode batch = json.readTree(send("POST", "/products/" + parentId + "/variations/batch", """
                {"create":[{"sku":"MADE-VAR-S","regular_price":"30.00","attributes":[{"name":"Size","option":"S"}]},
                 {"sku":"MADE-VAR-X","regular_price":"31.00","attributes":[{"name":"Color","option":"Red"}]},
                 {"sku":"MADE-VAR-L","regular_price":"32.00","attributes":[{"name":"size","option":"L"}]}]}""").body());
        JsonNode small = batch.path("create").get(0);
        assertThat(small.path("attributes")).singleElement().satisfies(a -> {
            assertThat(a.path("name").asText()).isEqualTo("Size");
            assertThat(a.path("slug").asText()).isEqualTo("size");
            assertThat(a.path("option").asText()).isEqualTo("S");
        });
        assertThat(batch.path("create").get(1).path("attributes")).isEmpty();
        assertThat(batch.path("create").get(2).path("attributes").get(0).path("option").asText()).isEqualTo("L");
        // its price is now the lowest of its variations', a sale price while on sale
        assertThat(json.readTree(send("GET", "/products/" + parentId, null).body()).path("price").asText()).isEqualTo("30.00");
        send("PUT", "/products/" + parentId + "/variations/" + small.path("id").asLong(), "{\"sale_price\":\"20.00\"}");
        JsonNode onSale = json.readTree(send("GET", "/products/" + parentId, null).body());
        assertThat(onSale.path("price").asText()).isEqualTo("20.00");
        assertThat(onSale.path("on_sale").asBoolean()).isTrue();
        assertThat(onSale.path("regular_price").asText()).isEmpty();

        JsonNode simple = json.readTree(send("PUT", "/products/" + parentId, "{\"type\":\"simple\"}").body());
        assertThat(simple.path("type").asText()).isEqualTo("simple");
        assertThat(simple.path("variations")).isEmpty();
        assertThat(send("GET", "/products/" + small.path("id").asLong(), null).body())
                .contains("woocommerce_rest_product_invalid_id");
        assertThat(json.readTree(send("GET", "/products?sku=MADE-VAR-S", null).body())).isEmpty();
    }

    /** "A variation without a SKU of its own shows its parent's": everywhere but /products/{id}?context=edit. */
    @Test
    void aVariationWithoutItsOwnSkuShowsItsParents() throws Exception {
        long parentId = json.readTree(send("POST", "/products", """
                {"name":"Inherit","type":"variable","sku":"INHERIT-P",
                 "attributes":[{"name":"Size","variation":true,"options":["S"]}]}""").body()).path("id").asLong();
        JsonNode created = json.readTree(send("POST", "/products/" + parentId + "/variations",
                "{\"regular_price\":\"5.00\",\"attributes\":[{\"name\":\"Size\",\"option\":\"S\"}]}").body());
        long id = created.path("id").asLong();
        assertThat(created.path("sku").asText()).isEqualTo("INHERIT-P");
        assertThat(json.readTree(send("GET", "/products/" + id, null).body()).path("sku").asText()).isEqualTo("INHERIT-P");
        assertThat(json.readTree(send("GET", "/products/" + parentId + "/variations/" + id + "?context=edit", null).body())
                .path("sku").asText()).isEqualTo("INHERIT-P");
        assertThat(json.readTree(send("GET", "/products/" + id + "?context=edit", null).body()).path("sku").asText()).isEmpty();
        JsonNode bySku = json.readTree(send("GET", "/products?sku=INHERIT-P", null).body());
        assertThat(bySku).hasSize(1);
        assertThat(bySku.get(0).path("id").asLong()).isEqualTo(parentId);
        // gone again: the sandbox is shared with the tests that run after this one in the same context
        store.deleteProduct(id, true);
        store.deleteProduct(parentId, true);
    }

    @Test
    void deliveriesCarryTheViewContextAndForcedOrBatchDeletesSendNothing() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        List<String> topics = new CopyOnWriteArrayList<>();
        AtomicInteger status = new AtomicInteger(200);
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/facts", exchange -> {
            String topic = exchange.getRequestHeaders().getFirst("X-WC-Webhook-Topic");
            if (topic != null) {
                topics.add(topic);
                bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        receiver.start();
        List<Long> hooks = new java.util.ArrayList<>();
        try {
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/facts";
            for (String topic : List.of("product.updated", "product.deleted")) {
                hooks.add(json.readTree(send("POST", "/webhooks", "{\"topic\":\"" + topic + "\",\"delivery_url\":\"" + url
                        + "\",\"secret\":\"s\"}").body()).path("id").asLong());
            }
            long a = json.readTree(send("POST", "/products", "{\"name\":\"Hook A\",\"sku\":\"HOOK-A\"}").body()).path("id").asLong();
            long b = json.readTree(send("POST", "/products", "{\"name\":\"Hook B\",\"sku\":\"HOOK-B\"}").body()).path("id").asLong();
            long c = json.readTree(send("POST", "/products", "{\"name\":\"Hook C\",\"sku\":\"HOOK-C\"}").body()).path("id").asLong();

            send("PUT", "/products/" + a, "{\"description\":\"one\\n\\ntwo\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> topics.contains("product.updated"));
            assertThat(json.readTree(bodies.get(topics.indexOf("product.updated"))).path("description").asText())
                    .isEqualTo("<p>one</p>\n<p>two</p>\n");

            // force=true and a batch delete: gone with no delivery at all; trash: product.deleted {"id":N}
            assertThat(send("DELETE", "/products/" + b + "?force=true", null).statusCode()).isEqualTo(200);
            assertThat(send("POST", "/products/batch", "{\"delete\":[" + c + "]}").statusCode()).isEqualTo(200);
            HttpResponse<String> trashed = send("DELETE", "/products/" + a, null);
            assertThat(trashed.statusCode()).isEqualTo(200);
            assertThat(json.readTree(trashed.body()).path("status").asText()).isEqualTo("publish"); // as it was
            assertThat(store.get("products", a).orElseThrow().path("status").asText()).isEqualTo("trash");
            await().atMost(Duration.ofSeconds(10)).until(() -> topics.contains("product.deleted"));
            Thread.sleep(300); // a delivery for b or c would have gone out by now (20 ms queue delay)
            assertThat(topics.stream().filter("product.deleted"::equals)).hasSize(1);
            assertThat(bodies.get(topics.indexOf("product.deleted"))).isEqualTo("{\"id\":" + a + "}");
            assertThat(store.get("products", b)).isEmpty();
            assertThat(store.get("products", c)).isEmpty();

            // a failed delivery is not sent again: the failure count goes up, and that is all
            status.set(503);
            long d = json.readTree(send("POST", "/products", "{\"name\":\"Hook D\",\"sku\":\"HOOK-D\"}").body()).path("id").asLong();
            int before = topics.size();
            send("PUT", "/products/" + d, "{\"name\":\"Hook D2\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> topics.size() == before + 1);
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    store.get("webhooks", hooks.get(0)).orElseThrow().path("failure_count").asInt() == 1);
            Thread.sleep(500);
            assertThat(topics).hasSize(before + 1);
        } finally {
            receiver.stop(0);
            for (long hook : hooks) {
                send("DELETE", "/webhooks/" + hook + "?force=true", null);
            }
        }
    }
}
