package com.nxtnd.hub.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.HubProperties;
import com.nxtnd.hub.nxt.NxtProperties;
import com.nxtnd.hub.sandbox.nxt.NxtSandboxStore;
import com.nxtnd.hub.sandbox.woo.WooSandboxStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.mock.env.MockEnvironment;

/** The sandboxes' records survive a restart of the embedded default (written beside the embedded database). */
class SandboxSnapshotsTest {

    final ObjectMapper json = new ObjectMapper();
    final NxtProperties nxtProperties = new NxtProperties("http://127.0.0.1:1/api", "t", java.util.List.of("MAIN"),
            java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(30));

    SandboxSnapshots snapshots(WooSandboxStore woo, NxtSandboxStore nxt, Path dbDir) throws Exception {
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerSingleton("woo", woo);
        beans.registerSingleton("nxt", nxt);
        return new SandboxSnapshots(beans.getBeanProvider(WooSandboxStore.class), beans.getBeanProvider(NxtSandboxStore.class),
                new HubProperties("", true, true, true, dbDir.toString()), new MockEnvironment(), json);
    }

    @Test
    void whatWasWrittenBeforeAStopIsThereAfterTheStart(@TempDir Path data) throws Exception {
        Path db = data.resolve("postgres");
        WooSandboxStore woo = new WooSandboxStore(json, "http://127.0.0.1:1/sandbox/woo");
        NxtSandboxStore nxt = new NxtSandboxStore(json, nxtProperties);
        SandboxSnapshots first = snapshots(woo, nxt, db);
        long created = woo.createProduct(json.createObjectNode().put("name", "Kept & sound").put("sku", "KEEP-1"), null)
                .path("id").asLong();
        nxt.purge("products", nxt.productBySku("SKU-0001").orElseThrow().path("id").asText());
        first.destroy(); // the stop writes the snapshot
        assertThat(Files.isRegularFile(data.resolve("sandbox").resolve("woo.json"))).isTrue();

        WooSandboxStore woo2 = new WooSandboxStore(json, "http://127.0.0.1:1/sandbox/woo");
        NxtSandboxStore nxt2 = new NxtSandboxStore(json, nxtProperties);
        SandboxSnapshots second = snapshots(woo2, nxt2, db);
        try {
            assertThat(woo2.productBySku("KEEP-1").orElseThrow().path("name").asText()).isEqualTo("Kept &amp; sound");
            // as text: a number read back from JSON is an int node where the store had put a long
            assertThat(woo2.exportState().toString().equals(woo.exportState().toString())).as("woo state").isTrue();
            for (String part : new String[] {"products", "customers", "orders", "movements", "changes", "seq", "clock"}) {
                assertThat(nxt2.exportState().get(part).toString().equals(nxt.exportState().get(part).toString()))
                        .as("nxt %s", part).isTrue();
            }
            // stock rows: kept in a hash map, so compared as a set
            java.util.Set<String> rows = new java.util.HashSet<>();
            nxt.exportState().get("inventory").forEach(r -> rows.add(r.toString()));
            java.util.Set<String> restoredRows = new java.util.HashSet<>();
            nxt2.exportState().get("inventory").forEach(r -> restoredRows.add(r.toString()));
            assertThat(restoredRows.equals(rows)).as("nxt inventory").isTrue();
            assertThat(nxt2.productBySku("SKU-0001")).isEmpty();
            // new records continue the id sequence instead of reusing an id
            assertThat(woo2.createProduct(json.createObjectNode().put("name", "Next").put("sku", "KEEP-2"), null)
                    .path("id").asLong()).isGreaterThan(created);
            assertThat(second.save()).isPositive();
            assertThat(second.save()).isZero(); // nothing changed since: nothing written
        } finally {
            second.destroy();
        }
    }

    @Test
    void aThrowAwayDatabaseMeansThrowAwaySandboxes() {
        assertThat(SandboxSnapshots.directory(null, "")).isNull();
        assertThat(SandboxSnapshots.directory("", "data/postgres")).isEqualTo(Path.of("data/sandbox").toAbsolutePath());
        assertThat(SandboxSnapshots.directory("/tmp/x", "")).isEqualTo(Path.of("/tmp/x"));
    }
}
