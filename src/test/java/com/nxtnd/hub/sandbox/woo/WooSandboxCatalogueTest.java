package com.nxtnd.hub.sandbox.woo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.HubIntegrationTest;
import com.nxtnd.hub.woo.OAuth1;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The catalogue fields of a product as the real WooCommerce 8.9.1 store answered them (real-store-observations.md,
 * "Categories, tags, images, sale dates, short descriptions"), reproduced by the sandbox over HTTP.
 */
class WooSandboxCatalogueTest extends HubIntegrationTest {

    @Autowired
    ObjectMapper json;

    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        URI uri = OAuth1.sign(method, URI.create(baseUrl() + "/sandbox/woo/wp-json/wc/v3" + path), "ck_sandbox", "cs_sandbox");
        return http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode ok(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return json.readTree(response.body());
    }

    @Test
    void termNamesAreStoredEscapedAndUniqueInAnyLetterCase() throws Exception {
        JsonNode made = ok(send("POST", "/products/categories", "{\"name\":\"Fish & Chips CT\"}"), 201);
        assertThat(made.path("name").asText()).isEqualTo("Fish &amp; Chips CT");
        assertThat(made.path("slug").asText()).isEqualTo("fish-chips-ct");
        long id = made.path("id").asLong();
        assertThat(id).isGreaterThan(15); // after the default category, Uncategorized

        JsonNode again = ok(send("POST", "/products/categories", "{\"name\":\"fish & chips ct\"}"), 400);
        assertThat(again.path("code").asText()).isEqualTo("term_exists");
        assertThat(again.path("message").asText()).isEqualTo("A term with the name provided already exists with this parent.");
        assertThat(again.path("data").path("resource_id").asLong()).isEqualTo(id);

        JsonNode batch = ok(send("POST", "/products/categories/batch",
                "{\"create\":[{\"name\":\"Zeta CT\"},{\"name\":\"FISH & CHIPS CT\"}]}"), 200);
        assertThat(batch.path("create").get(0).path("name").asText()).isEqualTo("Zeta CT");
        assertThat(batch.path("create").get(1).path("id").asLong()).isZero();
        assertThat(batch.path("create").get(1).path("error").path("code").asText()).isEqualTo("term_exists");
        assertThat(batch.path("create").get(1).path("error").path("data").path("resource_id").asLong()).isEqualTo(id);

        JsonNode tags = ok(send("POST", "/products/tags/batch", "{\"create\":[{\"name\":\"Summer CT\"},{\"name\":\"summer ct\"}]}"), 200);
        assertThat(tags.path("create").get(1).path("error").path("message").asText())
                .isEqualTo("A term with the name provided already exists in this taxonomy.");
        // categories and tags share one id sequence
        assertThat(tags.path("create").get(0).path("id").asLong()).isGreaterThan(batch.path("create").get(0).path("id").asLong());
        JsonNode list = ok(send("GET", "/products/categories?per_page=100", null), 200);
        assertThat(list.findValuesAsText("name")).contains("Uncategorized", "Fish &amp; Chips CT", "Zeta CT");
        assertThat(ok(send("GET", "/products/categories/999999", null), 404).path("code").asText())
                .isEqualTo("woocommerce_rest_term_invalid");
    }

    @Test
    void aProductTakesTermsByIdOnlyOrderedByNameAndUncategorizedWhenNone() throws Exception {
        long zeta = ok(send("POST", "/products/categories", "{\"name\":\"Zeta Terms\"}"), 201).path("id").asLong();
        long alpha = ok(send("POST", "/products/categories", "{\"name\":\"Alpha Terms\"}"), 201).path("id").asLong();
        long tag = ok(send("POST", "/products/tags", "{\"name\":\"Tag Terms\"}"), 201).path("id").asLong();
        JsonNode p = ok(send("POST", "/products", """
                {"name":"Terms","sku":"TERMS-1","categories":[{"id":%d},{"id":%d},{"name":"Only A Name"},{"id":999999}],
                 "tags":[{"id":%d}]}""".formatted(zeta, alpha, tag)), 201);
        assertThat(p.path("categories")).isEqualTo(json.readTree("""
                [{"id":%d,"name":"Alpha Terms","slug":"alpha-terms"},{"id":%d,"name":"Zeta Terms","slug":"zeta-terms"}]"""
                .formatted(alpha, zeta)));
        assertThat(p.path("tags").get(0).path("id").asLong()).isEqualTo(tag);

        JsonNode cleared = ok(send("PUT", "/products/" + p.path("id").asLong(), "{\"categories\":[],\"tags\":[]}"), 200);
        assertThat(cleared.path("categories")).isEqualTo(json.readTree(
                "[{\"id\":15,\"name\":\"Uncategorized\",\"slug\":\"uncategorized\"}]"));
        assertThat(cleared.path("tags")).isEmpty();
        JsonNode plain = ok(send("POST", "/products", "{\"name\":\"Plain\",\"sku\":\"TERMS-2\"}"), 201);
        assertThat(plain.path("categories").get(0).path("name").asText()).isEqualTo("Uncategorized");
    }

    @Test
    void weightDimensionsSaleDatesBackordersAndShortDescriptionAsARealStore() throws Exception {
        assertThat(ok(send("POST", "/products", "{\"name\":\"W\",\"weight\":1.5}"), 400).path("data").path("params")
                .path("weight").asText()).isEqualTo("weight is not of type string.");
        assertThat(ok(send("POST", "/products", "{\"name\":\"D\",\"dimensions\":{\"width\":3}}"), 400).path("data")
                .path("params").path("dimensions").asText()).isEqualTo("dimensions[width] is not of type string.");
        JsonNode p = ok(send("POST", "/products", """
                {"name":"Fields","sku":"FIELDS-1","regular_price":"10","sale_price":"8.5",
                 "date_on_sale_from_gmt":"2026-01-01T10:15:30","date_on_sale_to_gmt":"2099-01-31T00:00:00",
                 "short_description":"short one\\n\\nshort two","manage_stock":true,"stock_quantity":0,
                 "backorders":"notify","dimensions":{"length":"10.50","width":"3","height":""},"weight":"1.25"}"""), 201);
        long id = p.path("id").asLong();
        assertThat(p.path("date_on_sale_from_gmt").asText()).isEqualTo("2026-01-01T10:15:30");
        assertThat(p.path("date_on_sale_from").asText()).isEqualTo("2026-01-01T10:15:30");
        assertThat(p.path("date_on_sale_to_gmt").asText()).isEqualTo("2099-01-31T00:00:00");
        assertThat(p.path("on_sale").asBoolean()).isTrue();
        assertThat(p.path("dimensions")).isEqualTo(json.readTree("{\"length\":\"10.50\",\"width\":\"3\",\"height\":\"\"}"));
        assertThat(p.path("weight").asText()).isEqualTo("1.25");
        assertThat(p.path("backorders").asText()).isEqualTo("notify");
        assertThat(p.path("backorders_allowed").asBoolean()).isTrue();
        assertThat(p.path("stock_status").asText()).isEqualTo("onbackorder");
        assertThat(p.path("short_description").asText()).isEqualTo("short one\n\nshort two");
        assertThat(ok(send("GET", "/products/" + id, null), 200).path("short_description").asText())
                .isEqualTo("<p>short one</p>\n<p>short two</p>\n");

        assertThat(ok(send("PUT", "/products/" + id, "{\"date_on_sale_from_gmt\":null}"), 200)
                .path("date_on_sale_from_gmt").asText()).isEqualTo("2026-01-01T10:15:30"); // null: left as it is
        JsonNode cleared = ok(send("PUT", "/products/" + id, "{\"date_on_sale_from_gmt\":\"\"}"), 200);
        assertThat(cleared.path("date_on_sale_from_gmt").isNull()).isTrue();
        assertThat(cleared.path("date_on_sale_from").isNull()).isTrue();
        JsonNode later = ok(send("PUT", "/products/" + id, "{\"date_on_sale_from_gmt\":\"2098-01-01T00:00:00\"}"), 200);
        assertThat(later.path("on_sale").asBoolean()).isFalse(); // a sale that has not begun
        assertThat(later.path("price").asText()).isEqualTo(later.path("regular_price").asText());

        JsonNode bad = ok(send("PUT", "/products/" + id, "{\"backorders\":\"maybe\"}"), 400);
        assertThat(bad.path("code").asText()).isEqualTo("rest_invalid_param");
        assertThat(bad.path("data").path("params").path("backorders").asText())
                .isEqualTo("backorders is not one of no, notify, and yes.");
    }

    @Test
    void imagesAreTakenByUrlOrByTheIdOfAnImageTheStoreHas() throws Exception {
        JsonNode p = ok(send("POST", "/products", """
                {"name":"Pictured","sku":"IMG-1","images":[{"src":"http://127.0.0.1:9/img/calendar.png","alt":"Cal"}]}"""), 201);
        JsonNode image = p.path("images").get(0);
        assertThat(image.path("src").asText()).isEqualTo("http://127.0.0.1:9/img/calendar.png"); // recorded, not fetched
        assertThat(image.path("name").asText()).isEqualTo("calendar.png");
        assertThat(image.path("alt").asText()).isEqualTo("Cal");
        assertThat(image.path("id").asLong()).isGreaterThan(p.path("id").asLong()); // an attachment: a post id

        long id = p.path("id").asLong();
        JsonNode kept = ok(send("PUT", "/products/" + id, "{\"images\":[{\"id\":%d,\"alt\":\"\"}]}"
                .formatted(image.path("id").asLong())), 200);
        assertThat(kept.path("images")).isEqualTo(p.path("images")); // "" leaves the alt text
        JsonNode unknown = ok(send("PUT", "/products/" + id, "{\"images\":[{\"id\":999999}]}"), 400);
        assertThat(unknown.path("code").asText()).isEqualTo("woocommerce_product_invalid_image_id");
        assertThat(unknown.path("message").asText()).isEqualTo("#999999 is an invalid image ID.");
    }
}
