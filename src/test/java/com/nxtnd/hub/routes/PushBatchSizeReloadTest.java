package com.nxtnd.hub.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.HubIntegrationTest;
import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.sandbox.SandboxTrafficRegistry;
import com.nxtnd.hub.sync.SyncRequest;
import com.nxtnd.hub.sync.SyncService;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SetHeaderDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Operator story: the WooCommerce batch size is changed in routes/push.camel.yaml while the hub runs (no rebuild,
 * no restart), and the next push makes its /batch calls of the new size, as the WooCommerce sandbox counts them.
 */
class PushBatchSizeReloadTest extends HubIntegrationTest {

    private static final String SIZE_LINE = "simple: \"{{woocommerce.batch-size}}\"";

    @Autowired
    CamelContext camel;
    @Autowired
    YamlRouteReloader reloader;
    @Autowired
    SyncService sync;
    @Autowired
    NxtClient nxt;
    @Autowired
    SandboxTrafficRegistry traffic;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void anEditedBatchSizeChangesTheBatchCallsOfTheNextPush() throws Exception {
        Path file = ROUTES_COPY.resolve("push.camel.yaml");
        String original = Files.readString(file);
        assertThat(original).contains(SIZE_LINE);
        SyncRequest push = new SyncRequest("push", List.of("product"), true, false, false, null);
        sync.run("incremental", push); // whatever earlier tests left in the changes feed

        Route before = camel.getRoute("woo-batch-writer");
        Files.writeString(file, original.replace(SIZE_LINE, "simple: \"7\""));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> camel.getRoute("woo-batch-writer") != before
                    && "7".equals(sizeExpression()) && started());
            assertThat(reloader.lastErrors()).doesNotContainKey(file.toString());

            Pushed edited = pushNew("EDIT-A", 14, push); // 14 new products (and whatever else moved) in calls of 7
            assertThat(edited.calls()).as("%s", edited).isGreaterThanOrEqualTo(2).isEqualTo(callsOf(edited.writes(), 7));
        } finally {
            Route edited = camel.getRoute("woo-batch-writer");
            Files.writeString(file, original);
            // not only another route object: a late second file event of the edit above can reload the edited file
            // once more, after the original was captured but before it is read back (a CI run pushed in 7s after this)
            await().atMost(Duration.ofSeconds(30)).until(() -> camel.getRoute("woo-batch-writer") != edited
                    && "{{woocommerce.batch-size}}".equals(sizeExpression()) && started());
        }
        Pushed restored = pushNew("EDIT-B", 14, push); // back to the configured size (100 in tests)
        assertThat(restored.calls()).as("%s", restored).isEqualTo(callsOf(restored.writes(), 100)).isEqualTo(1);
    }

    /** The batch size route woo-batch-writer was loaded with (its setHeader of hubWooBatchSize from the setting). */
    private String sizeExpression() {
        RouteDefinition route = camel.getCamelContextExtension().getContextPlugin(Model.class)
                .getRouteDefinition("woo-batch-writer");
        if (route == null) {
            return null;
        }
        return ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(), SetHeaderDefinition.class).stream()
                .filter(header -> "hubWooBatchSize".equals(header.getName())
                        && !header.getExpression().getExpression().startsWith("${"))
                .map(header -> header.getExpression().getExpression()).findFirst().orElse(null);
    }

    private boolean started() {
        var status = camel.getRouteController().getRouteStatus("woo-batch-writer");
        return status != null && status.isStarted();
    }

    /** Products written by a push, and the products/batch calls WooCommerce saw for them. */
    record Pushed(long writes, long calls) {
    }

    private static long callsOf(long writes, int size) {
        return (writes + size - 1) / size;
    }

    /** Creates {@code n} products in NXT-ND and pushes them (with whatever else the changes feed names). */
    private Pushed pushNew(String prefix, int n, SyncRequest push) throws Exception {
        awaitDueEventsProcessed(jdbc); // webhooks of earlier writes are in NXT-ND before the count starts
        List<JsonNode> products = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            products.add(json.createObjectNode().put("sku", prefix + "-" + i).put("name", prefix + " " + i)
                    .put("unitPrice", "3.00").put("isActive", true));
        }
        nxt.batchUpsert("products", products, List.of(), null);
        traffic.woo().resetCalls();
        SyncService.Result result = sync.run("incremental", push);
        assertThat(result.status()).as(result.error()).isEqualTo("completed");
        assertThat(result.counts().get("product").get("push").get("created")).isEqualTo(n);
        HttpResponse<String> calls = adminGet("/sandbox/woo/_calls");
        assertThat(calls.statusCode()).isEqualTo(200);
        long batches = 0;
        var fields = json.readTree(calls.body()).fields();
        while (fields.hasNext()) {
            var call = fields.next();
            if (call.getKey().startsWith("POST ") && call.getKey().endsWith("/products/batch")) {
                batches += call.getValue().asLong();
            }
        }
        Map<String, Long> product = result.counts().get("product").get("push");
        return new Pushed(product.getOrDefault("created", 0L) + product.getOrDefault("updated", 0L), batches);
    }
}
