package com.nxtnd.hub.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.HubIntegrationTest;
import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.sandbox.SandboxTrafficRegistry;
import com.nxtnd.hub.sandbox.nxt.NxtSandboxStore;
import com.nxtnd.hub.sandbox.woo.WooSandboxStore;
import com.nxtnd.hub.sync.SyncRequest;
import com.nxtnd.hub.sync.SyncService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The example of mappings/README.md, "Adding a field": one line in each product mapping, edited while the hub runs,
 * and the short description is carried and compared both ways, with no Java change and no restart.
 */
class MappingFieldAddedTest extends HubIntegrationTest {

    static final Path MAPPINGS = copy();

    @DynamicPropertySource
    static void mappings(DynamicPropertyRegistry registry) {
        registry.add("hub.mappings.directory", MAPPINGS::toString);
    }

    @Autowired
    SyncService sync;
    @Autowired
    NxtClient nxt;
    @Autowired
    NxtSandboxStore nxtStore;
    @Autowired
    WooSandboxStore wooStore;
    @Autowired
    SandboxTrafficRegistry traffic;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;
    @Autowired
    CamelContext camel;

    @Test
    void aFieldAddedToBothProductMappingsIsCarriedAndComparedBothWays() throws Exception {
        syncProducts("both");
        awaitDueEventsProcessed(jdbc);
        long wooId = wooStore.productBySku("SKU-0042").orElseThrow().path("id").asLong();

        // the README's example, as an operator makes it
        edit("product.woo-to-nxt.jsonata", "\"weight\":",
                "\"shortDescription\": short_description = \"\" ? null : short_description,\n    \"weight\":");
        edit("product.nxt-to-woo.jsonata", "\"manage_stock\": manageStock",
                "\"manage_stock\": manageStock,\n  \"short_description\": shortDescription");

        camel.getRouteController().stopRoute("webhook-inbox"); // the pull carries it, not the updated webhook
        try {
            wooStore.updateProduct(wooId, json.createObjectNode().put("short_description", "Short, from the shop"));
            syncProducts("pull");
        } finally {
            camel.getRouteController().startRoute("webhook-inbox");
        }
        awaitDueEventsProcessed(jdbc);
        JsonNode inNxt = nxtStore.productBySku("SKU-0042").orElseThrow();
        assertThat(inNxt.path("shortDescription").asText()).isEqualTo("Short, from the shop");
        assertQuiet();

        nxt.update("products", inNxt.path("id").asText(),
                json.createObjectNode().put("shortDescription", "Short, from NXT-ND"), null, null);
        SyncService.Result push = sync.run("incremental", new SyncRequest("push", List.of("product"), true, false, false, null));
        assertThat(push.counts().get("product").get("push")).containsEntry("updated", 1L);
        assertThat(wooStore.get("products", wooId).orElseThrow().path("short_description").asText())
                .isEqualTo("Short, from NXT-ND");
        awaitDueEventsProcessed(jdbc); // the push's echo
        assertQuiet();
    }

    private void assertQuiet() {
        traffic.woo().resetCalls();
        traffic.nxt().resetCalls();
        SyncService.Result again = syncProducts("both");
        Map<String, Long> pull = again.counts().get("product").get("pull");
        assertThat(pull.keySet()).as("%s", pull).isSubsetOf("unchanged", "pages");
        Map<String, Long> push = again.counts().get("product").get("push");
        assertThat(push.keySet()).as("%s", push).isSubsetOf("unchanged", "skipped");
    }

    private SyncService.Result syncProducts(String direction) {
        SyncService.Result r = sync.run("full", new SyncRequest(direction, List.of("product"), false, false, false, null));
        assertThat(r.status()).isEqualTo("completed");
        return r;
    }

    private static void edit(String file, String anchor, String replacement) throws IOException {
        Path path = MAPPINGS.resolve(file);
        String text = Files.readString(path);
        assertThat(text).contains(anchor);
        Files.writeString(path, text.replace(anchor, replacement));
        // a later modification time than the version in use, however coarse the file system's clock
        Files.setLastModifiedTime(path, FileTime.fromMillis(System.currentTimeMillis() + 2000));
    }

    private static Path copy() {
        try {
            Path dir = Files.createTempDirectory("hub-mappings");
            try (Stream<Path> files = Files.list(Path.of("mappings"))) {
                for (Path f : files.toList()) {
                    Files.copy(f, dir.resolve(f.getFileName()));
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
