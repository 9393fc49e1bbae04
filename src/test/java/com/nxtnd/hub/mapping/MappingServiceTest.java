package com.nxtnd.hub.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.TestMaterial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mappings in mappings/ applied to WooCommerce's own example payloads, as they are. */
class MappingServiceTest {

    final ObjectMapper json = new ObjectMapper();
    @TempDir
    Path dir;
    MappingService mappings;

    @BeforeEach
    void copyMappings() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("mappings"))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        mappings = new MappingService(new MappingProperties(dir.toString(), 0), json); // the default: one parse serves all
    }

    JsonNode payload(String name) throws Exception {
        return json.readTree(TestMaterial.text("woocommerce/payloads/" + name));
    }

    @Test
    void simpleProductToNxt() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode product = (com.fasterxml.jackson.databind.node.ObjectNode)
                payload("product-simple.create-response.json");
        product.put("sku", "PQ-1"); // the docs example has an empty SKU
        JsonNode nxt = mappings.map("product.woo-to-nxt", product, Map.of());
        assertThat(nxt.path("sku").asText()).isEqualTo("PQ-1");
        assertThat(nxt.path("name").asText()).isEqualTo("Premium Quality");
        assertThat(nxt.path("unitPrice").asText()).isEqualTo("21.99");
        assertThat(nxt.path("isActive").asBoolean()).isTrue();
        assertThat(nxt.path("category").asText()).isEqualTo("Clothing");
        assertThat(nxt.path("metadata").path("wooId").asLong()).isEqualTo(794);
    }

    /**
     * Every product field both ways (issue 20, part 1), on the docs' example with the rest set as a real store
     * answers them (real-store-observations.md): view-context short description, escaped term names, images.
     */
    @Test
    void everyProductFieldToNxtAndBack() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode product = (com.fasterxml.jackson.databind.node.ObjectNode)
                payload("product-simple.create-response.json");
        product.put("sku", "PQ-1").put("sale_price", "19.5").put("date_on_sale_from_gmt", "2026-12-01T10:15:30")
                .put("date_on_sale_to_gmt", "2027-01-31T00:00:00").put("weight", "1.25").put("manage_stock", true)
                .put("backorders", "notify");
        product.set("dimensions", json.readTree("{\"length\":\"10.50\",\"width\":\"3\",\"height\":\"\"}"));
        product.set("tags", json.readTree("[{\"id\":19,\"name\":\"Fish &amp; Chips\",\"slug\":\"fish-chips\"}]"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) product.path("images").get(1)).put("alt", "Back");
        JsonNode nxt = mappings.map("product.woo-to-nxt", product, Map.of());
        assertThat(nxt.path("shortDescription").asText()).isEqualTo(
                "Pellentesque habitant morbi tristique senectus et netus et malesuada fames ac turpis egestas.");
        assertThat(nxt.path("salePrice").asText()).isEqualTo("19.50");
        assertThat(nxt.path("saleStart").asText()).isEqualTo("2026-12-01T10:15:30Z");
        assertThat(nxt.path("saleEnd").asText()).isEqualTo("2027-01-31T00:00:00Z");
        assertThat(nxt.path("categories")).isEqualTo(json.readTree("[\"Clothing\",\"T-shirts\"]"));
        assertThat(nxt.path("category").asText()).isEqualTo("Clothing");
        assertThat(nxt.path("tags")).isEqualTo(json.readTree("[\"Fish & Chips\"]"));
        assertThat(nxt.path("images")).isEqualTo(json.readTree("""
                [{"url":"https://example.com/wp-content/uploads/2017/03/T_2_front-4.jpg","alt":null,"position":0},
                 {"url":"https://example.com/wp-content/uploads/2017/03/T_2_back-2.jpg","alt":"Back","position":1}]"""));
        assertThat(nxt.path("dimensions")).isEqualTo(json.readTree("{\"length\":\"10.50\",\"width\":\"3\",\"height\":null}"));
        assertThat(nxt.path("weight").asText()).isEqualTo("1.25");
        assertThat(nxt.path("manageStock").asBoolean()).isTrue();
        assertThat(nxt.path("backorders").asText()).isEqualTo("notify");
        assertThat(nxt.path("metadata").path("wooImages")).isEqualTo(json.readTree("""
                {"https://example.com/wp-content/uploads/2017/03/T_2_front-4.jpg":792,
                 "https://example.com/wp-content/uploads/2017/03/T_2_back-2.jpg":793}"""));

        JsonNode back = mappings.map("product.nxt-to-woo", nxt, Map.of());
        assertThat(back.path("short_description").asText()).isEqualTo(nxt.path("shortDescription").asText());
        assertThat(back.path("sale_price").asText()).isEqualTo("19.50");
        assertThat(back.path("date_on_sale_from_gmt").asText()).isEqualTo("2026-12-01T10:15:30");
        assertThat(back.path("date_on_sale_to_gmt").asText()).isEqualTo("2027-01-31T00:00:00");
        assertThat(back.path("categories")).isEqualTo(json.readTree("[{\"name\":\"Clothing\"},{\"name\":\"T-shirts\"}]"));
        assertThat(back.path("tags")).isEqualTo(json.readTree("[{\"name\":\"Fish & Chips\"}]"));
        // an image the shop has goes back by its id: the shop keeps it instead of downloading its own image again
        assertThat(back.path("images")).isEqualTo(json.readTree("""
                [{"id":792,"src":"https://example.com/wp-content/uploads/2017/03/T_2_front-4.jpg","alt":""},
                 {"id":793,"src":"https://example.com/wp-content/uploads/2017/03/T_2_back-2.jpg","alt":"Back"}]"""));
        assertThat(back.path("dimensions")).isEqualTo(json.readTree("{\"length\":\"10.50\",\"width\":\"3\",\"height\":\"\"}"));
        assertThat(back.path("weight").asText()).isEqualTo("1.25");
        assertThat(back.path("manage_stock").asBoolean()).isTrue();
        assertThat(back.path("backorders").asText()).isEqualTo("notify");

        // a record without the fields at all (a hand-made or older delivery) maps them to no value, not to "Z"
        JsonNode minimal = mappings.map("product.woo-to-nxt", json.readTree("{\"id\":5,\"sku\":\"M-1\",\"name\":\"M\"}"),
                Map.of());
        for (String f : List.of("saleStart", "saleEnd", "salePrice", "shortDescription", "weight")) {
            assertThat(minimal.path(f).isNull() || minimal.path(f).isMissingNode()).as(f + " in " + minimal).isTrue();
        }
        assertThat(minimal.path("categories")).isEmpty();
        assertThat(minimal.path("images")).isEmpty();

        // an NXT-ND product with nothing set: what it lacks is cleared in the shop ("" clears, null is ignored),
        // what it does not have at all is left alone
        JsonNode bare = mappings.map("product.nxt-to-woo", json.readTree("""
                {"sku":"B-1","name":"Bare","salePrice":null,"saleStart":null,"categories":[],"images":[],"weight":3}"""),
                Map.of());
        assertThat(bare.path("sale_price").asText("x")).isEmpty();
        assertThat(bare.path("date_on_sale_from_gmt").asText("x")).isEmpty();
        assertThat(bare.path("categories")).isEqualTo(json.createArrayNode());
        assertThat(bare.path("images")).isEqualTo(json.createArrayNode());
        assertThat(bare.path("weight").asText()).isEqualTo("3"); // the shop takes strings only
        assertThat(bare.has("short_description")).isFalse();
        assertThat(bare.has("date_on_sale_to_gmt")).isFalse();
        assertThat(bare.has("tags")).isFalse();
        assertThat(bare.has("dimensions")).isFalse();
    }

    /** Lists of names are sets and empty values are no values, in the hash and in what is compared. */
    @Test
    void categoriesAndTagsCompareAsSetsAndEmptyValuesAsNone() throws Exception {
        CanonicalRecords canonical = new CanonicalRecords(mappings, json);
        JsonNode a = json.readTree("{\"sku\":\"A\",\"categories\":[\"Zeta\",\"Alpha\"],\"tags\":[]}");
        JsonNode b = json.readTree("""
                {"sku":"A","categories":["Alpha","Zeta","Alpha"],"dimensions":{"length":null,"width":null},"images":[]}""");
        assertThat(canonical.hash(a)).isEqualTo(canonical.hash(b));
        assertThat(canonical.nxtHash("product", a)).isEqualTo(canonical.nxtHash("product", b));
        assertThat(canonical.project(a, List.of("categories", "tags")))
                .isEqualTo(canonical.project(b, List.of("categories", "tags")));
        assertThat(canonical.hash(json.readTree("{\"sku\":\"A\",\"categories\":[\"Alpha\"]}")))
                .isNotEqualTo(canonical.hash(a));
        // images are a list of objects: their order (the first is the product's main image) counts
        JsonNode front = json.readTree("{\"images\":[{\"url\":\"f\"},{\"url\":\"b\"}]}");
        JsonNode back = json.readTree("{\"images\":[{\"url\":\"b\"},{\"url\":\"f\"}]}");
        assertThat(canonical.hash(front)).isNotEqualTo(canonical.hash(back));
        assertThat(FieldDiff.changed(a, b)).isEmpty();
    }

    /**
     * jsonata-java keeps each evaluation's frame in a reused instance: each record then ran slower than the last and
     * the mapping ended in a StackOverflowError after about ten thousand. With one parse serving every record (the
     * default), the 15,001st record must map as the first did, with nothing of the others in it (the cost per record
     * is the benchmarks' business: bench/README.md).
     */
    @Test
    @org.junit.jupiter.api.Timeout(120) // without the environment put back, it ran past a minute and did not end
    void theFifteenThousandthRecordMapsAsTheFirstDid() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode product = (com.fasterxml.jackson.databind.node.ObjectNode)
                payload("product-simple.create-response.json");
        product.put("sku", "PQ-1");
        JsonNode first = mappings.map("product.woo-to-nxt", product, Map.of());
        for (int i = 0; i < 15_000; i++) {
            product.put("sku", "PQ-" + i).put("regular_price", String.valueOf(i % 97));
            mappings.map("product.woo-to-nxt", product, Map.of());
        }
        product.put("sku", "PQ-1").put("regular_price", payload("product-simple.create-response.json")
                .path("regular_price").asText());
        assertThat(mappings.map("product.woo-to-nxt", product, Map.of())).isEqualTo(first);
    }

    /**
     * A parsed mapping serves every record on a thread (the default): records of every kind, with and without a
     * parent, through several mappings in turn, and a failing one among them, map as they do with a fresh parse for
     * each.
     */
    @Test
    void aReusedParseMapsEachRecordAsAFreshOneDoes() throws Exception {
        MappingService fresh = new MappingService(new MappingProperties(dir.toString(), 1), json);
        JsonNode parent = payload("product-variable.create-response.json");
        List<Object[]> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 35; i++) {
            com.fasterxml.jackson.databind.node.ObjectNode product = (com.fasterxml.jackson.databind.node.ObjectNode)
                    payload(i % 3 == 0 ? "variation.create-response.json" : "product-simple.create-response.json");
            product.put("sku", i == 17 ? "" : "R-" + i).put("regular_price", String.valueOf(i * 3 % 11));
            if (i % 4 == 0) {
                product.remove("categories");
            }
            com.fasterxml.jackson.databind.node.ObjectNode itsParent = parent.deepCopy();
            itsParent.put("name", "Parent " + i).put("id", 1000 + i);
            calls.add(new Object[] {"product.woo-to-nxt", product, i % 3 == 0 ? Map.of("parent", itsParent) : Map.of()});
            if (i != 17) { // NXT-ND's form of it back to WooCommerce: another mapping between two of this one
                calls.add(new Object[] {"product.nxt-to-woo", fresh.map("product.woo-to-nxt", product,
                        i % 3 == 0 ? Map.of("parent", itsParent) : Map.of()), Map.of()});
            }
            com.fasterxml.jackson.databind.node.ObjectNode customer = (com.fasterxml.jackson.databind.node.ObjectNode)
                    payload("customer.create-response.json");
            customer.put("email", "c" + i + "@example.com").put("first_name", "N" + i);
            calls.add(new Object[] {"customer.woo-to-nxt", customer, Map.of()});
        }
        int failures = 0;
        for (Object[] call : calls) {
            @SuppressWarnings("unchecked")
            Map<String, Object> bindings = (Map<String, Object>) call[2];
            JsonNode expected;
            try {
                expected = fresh.map((String) call[0], (JsonNode) call[1], bindings);
            } catch (MappingException e) {
                failures++;
                assertThatThrownBy(() -> mappings.map((String) call[0], (JsonNode) call[1], bindings))
                        .isInstanceOf(MappingException.class).hasMessage(e.getMessage());
                continue;
            }
            assertThat(mappings.map((String) call[0], (JsonNode) call[1], bindings)).as(call[0] + " " + call[1].toString())
                    .isEqualTo(expected);
        }
        assertThat(failures).as("the record without a SKU").isEqualTo(1);
    }

    @Test
    void docsProductWithoutSkuIsRefusedNamingFileAndField() throws Exception {
        JsonNode product = payload("product-simple.create-response.json");
        if (!product.path("sku").asText().isEmpty()) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) product).put("sku", "");
        }
        assertThatThrownBy(() -> mappings.map("product.woo-to-nxt", product, Map.of()))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("mappings/product.woo-to-nxt.jsonata").hasMessageContaining("'sku'");
    }

    @Test
    void variationWithItsParentGetsTheParentsNameAndItsOwnSku() throws Exception {
        JsonNode variation = payload("variation.create-response.json");
        JsonNode parent = payload("product-variable.create-response.json");
        com.fasterxml.jackson.databind.node.ObjectNode v = variation.deepCopy();
        v.put("sku", "VAR-1");
        JsonNode nxt = mappings.map("product.woo-to-nxt", v, Map.of("parent", parent));
        assertThat(nxt.path("sku").asText()).isEqualTo("VAR-1");
        assertThat(nxt.path("name").asText()).isEqualTo(parent.path("name").asText() + " - Black");
        assertThat(nxt.path("metadata").path("wooParentId").asLong()).isEqualTo(parent.path("id").asLong());
        // the parent of one record never leaks into the next one mapped on the same thread
        com.fasterxml.jackson.databind.node.ObjectNode simple = (com.fasterxml.jackson.databind.node.ObjectNode)
                payload("product-simple.create-response.json");
        simple.put("sku", "S-1");
        assertThat(mappings.map("product.woo-to-nxt", simple, Map.of()).path("name").asText()).isEqualTo("Premium Quality");
    }

    @Test
    void customerAndPaidOrder() throws Exception {
        JsonNode customer = mappings.map("customer.woo-to-nxt", payload("customer.create-response.json"), Map.of());
        assertThat(customer.path("email").asText()).isEqualTo("john.doe@example.com");
        assertThat(customer.path("billingAddress").path("city").asText()).isEqualTo("San Francisco");

        Map<String, Object> bindings = new HashMap<>();
        bindings.put("customerId", "c-1");
        JsonNode order = mappings.map("order.woo-to-nxt", payload("order.create-response.json"), bindings);
        assertThat(order.path("externalRef").asText()).isEqualTo("woo-order-727");
        assertThat(order.path("status").asText()).isEqualTo("approved");
        assertThat(order.path("customerId").asText()).isEqualTo("c-1");
        assertThat(order.path("items")).hasSize(2);
        assertThat(order.path("items").get(0).path("unitPrice").asText()).matches("\\d+\\.\\d{2}");
        assertThat(order.path("placedAt").asText()).endsWith("Z");
    }

    @Test
    void anEditAppliesToTheNextRecordAndABrokenEditKeepsTheLastGoodVersion() throws Exception {
        JsonNode product = payload("product-simple.create-response.json");
        Path file = dir.resolve("product.nxt-to-woo.jsonata");
        JsonNode nxt = json.createObjectNode().put("sku", "A").put("name", "Mug").put("unitPrice", "3.00").put("isActive", true);
        assertThat(mappings.map("product.nxt-to-woo", nxt, Map.of()).path("name").asText()).isEqualTo("Mug");

        Files.writeString(file, Files.readString(file).replace("\"name\": name", "\"name\": $uppercase(name)"));
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 2000));
        assertThat(mappings.map("product.nxt-to-woo", nxt, Map.of()).path("name").asText()).isEqualTo("MUG");

        Files.writeString(file, "{ \"name\": name ");
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 4000));
        assertThat(mappings.map("product.nxt-to-woo", nxt, Map.of()).path("name").asText()).isEqualTo("MUG");
        assertThat(mappings.lastErrors()).containsKey("product.nxt-to-woo");
        assertThat(product).isNotNull();
    }

    @Test
    void hashIgnoresKeyOrderMetadataAndMoneyFormatting() throws Exception {
        CanonicalRecords canonical = new CanonicalRecords(mappings, json);
        JsonNode a = json.readTree("{\"sku\":\"A\",\"name\":\"x\",\"weight\":1.50,\"metadata\":{\"wooId\":1}}");
        JsonNode b = json.readTree("{\"name\":\"x\",\"weight\":1.5,\"sku\":\"A\",\"metadata\":{\"wooId\":2},\"category\":null}");
        assertThat(canonical.hash(a)).isEqualTo(canonical.hash(b)).hasSize(64);
        assertThat(canonical.hash(json.readTree("{\"sku\":\"A\",\"name\":\"y\"}"))).isNotEqualTo(canonical.hash(a));
    }

    @Test
    void theComparedFieldsAreWhatTheMappingProducesAndAFieldAddedToItIsComparedFromThenOn() throws Exception {
        CanonicalRecords canonical = new CanonicalRecords(mappings, json);
        // metadata is compared without the hub's woo* keys: for a product nothing of it is left to compare
        assertThat(canonical.fields("product")).containsExactlyInAnyOrder("sku", "name", "description",
                "shortDescription", "unitPrice", "salePrice", "saleStart", "saleEnd", "isActive", "category",
                "categories", "tags", "images", "weight", "dimensions", "manageStock", "backorders", "attributes",
                "parentSku", "variantAttributes", "metadata");
        assertThat(canonical.fields("customer")).containsExactlyInAnyOrderElementsOf(CanonicalRecords.CUSTOMER_FIELDS);
        // in metadata the hub's woo* bookkeeping is not compared (a product hashes as before it had metadata), a
        // carried field such as the billing e-mail is, on both sides
        assertThat(canonical.hash(json.readTree("{\"sku\":\"A\",\"metadata\":{\"wooId\":1,\"wooType\":\"simple\"}}")))
                .isEqualTo(canonical.hash(json.readTree("{\"sku\":\"A\"}")));
        JsonNode billed = json.readTree("{\"email\":\"a@b.c\",\"metadata\":{\"wooId\":1,\"billingEmail\":\"x@y.z\"}}");
        JsonNode otherId = json.readTree("{\"email\":\"a@b.c\",\"metadata\":{\"wooId\":2,\"billingEmail\":\"x@y.z\"}}");
        JsonNode rebilled = json.readTree("{\"email\":\"a@b.c\",\"metadata\":{\"wooId\":1,\"billingEmail\":\"o@y.z\"}}");
        assertThat(canonical.hash(billed)).isEqualTo(canonical.hash(otherId)).isNotEqualTo(canonical.hash(rebilled));
        assertThat(canonical.nxtHash("customer", billed)).isEqualTo(canonical.nxtHash("customer", otherId))
                .isNotEqualTo(canonical.nxtHash("customer", rebilled));
        JsonNode before = json.readTree("{\"sku\":\"A\",\"name\":\"x\",\"purchaseNote\":\"old\"}");
        JsonNode after = json.readTree("{\"sku\":\"A\",\"name\":\"x\",\"purchaseNote\":\"new\"}");
        assertThat(canonical.nxtHash("product", before)).isEqualTo(canonical.nxtHash("product", after));

        // an operator adds a field to the mapping: NXT-ND's changes of it are seen from then on
        Path file = dir.resolve("product.woo-to-nxt.jsonata");
        Files.writeString(file, Files.readString(file).replace("\"weight\":",
                "\"purchaseNote\": purchase_note,\n    \"weight\":"));
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 2000));
        assertThat(canonical.fields("product")).contains("purchaseNote");
        assertThat(canonical.nxtHash("product", before)).isNotEqualTo(canonical.nxtHash("product", after));
    }
}
