package com.nxtnd.hub.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the mappings are evaluated on must be what Jackson's conversion gave before (MappingService's change of
 * 2026-12-07), down to the Number types: jsonata-java treats them apart, and the hashes of every stored pair depend
 * on it.
 */
class JsonataValuesTest {

    final ObjectMapper json = new ObjectMapper();

    @Test
    void everyPayloadConvertsAsJacksonConvertsIt() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("src/test/resources/woocommerce/payloads"))) {
            files = s.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(5);
        for (Path f : files) {
            JsonNode node = json.readTree(f.toFile());
            assertThat(JsonataValues.of(node)).as(f.getFileName().toString())
                    .isEqualTo(json.convertValue(node, Object.class));
        }
    }

    @Test
    void numbersKeepTheirTypesAndNullsStayNull() throws Exception {
        JsonNode parsed = json.readTree("""
                {"i": 7, "l": 9000000000, "b": 123456789012345678901234567890, "d": 21.99, "e": 1e3, "t": true,
                 "n": null, "s": "x", "a": [1, "2", null, {"k": []}], "o": {}}""");
        ObjectNode built = JsonNodeFactory.instance.objectNode().put("dec", new BigDecimal("1.50"))
                .put("big", new BigInteger("99999999999999999999")).put("f", 1.5f);
        for (JsonNode node : List.of(parsed, built)) {
            Object ours = JsonataValues.of(node);
            Object jackson = json.convertValue(node, Object.class);
            assertThat(ours).isEqualTo(jackson);
            ((java.util.Map<?, ?>) ours).forEach((k, v) -> assertThat(v == null ? null : v.getClass())
                    .as("type of %s", k).isEqualTo(((java.util.Map<?, ?>) jackson).get(k) == null ? null
                            : ((java.util.Map<?, ?>) jackson).get(k).getClass()));
        }
        assertThat(JsonataValues.of(json.readTree("\"text\""))).isEqualTo("text");
        assertThat(JsonataValues.of(json.nullNode())).isNull();
    }
}
