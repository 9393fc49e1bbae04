package com.nxtnd.hub.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * and the purchase note (kept in NXT-ND's metadata, which has no column for it) is carried and compared both ways,
 * with no Java change and no restart.
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
        edit("product.woo-to-nxt.jsonata", "\"wooId\": id,",
                "\"purchaseNote\": purchase_note = \"\" ? null : purchase_note,\n      \"wooId\": id,");
        edit("product.nxt-to-woo.jsonata", "\"backorders\": backorders",
                "\"backorders\": backorders,\n    \"purchase_note\": metadata.purchaseNote");

        camel.getRouteController().stopRoute("webhook-inbox"); // the pull carries it, not the updated webhook
        try {
            wooStore.updateProduct(wooId, json.createObjectNode().put("purchase_note", "Note, from the shop"));
            syncProducts("pull");
        } finally {
            camel.getRouteController().startRoute("webhook-inbox");
        }
        awaitDueEventsProcessed(jdbc);
        JsonNode inNxt = nxtStore.productBySku("SKU-0042").orElseThrow();
        assertThat(inNxt.path("metadata").path("purchaseNote").asText()).isEqualTo("Note, from the shop");
        assertQuiet();

        ObjectNode metadata = ((ObjectNode) inNxt.path("metadata")).deepCopy().put("purchaseNote", "Note, from NXT-ND");
        nxt.update("products", inNxt.path("id").asText(), json.createObjectNode().set("metadata", metadata), null, null);
        SyncService.Result push = sync.run("incremental", new SyncRequest("push", List.of("product"), true, false, false, null));
        assertThat(push.counts().get("product").get("push")).containsEntry("updated", 1L);
        assertThat(wooStore.get("products", wooId).orElseThrow().path("purchase_note").asText())
                .isEqualTo("Note, from NXT-ND");
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
