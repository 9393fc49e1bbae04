package com.nxtnd.hub.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nxtnd.hub.HubProperties;
import com.nxtnd.hub.sandbox.nxt.NxtSandboxStore;
import com.nxtnd.hub.sandbox.woo.WooSandboxStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The sandboxes keep their records across restarts in the embedded default, as the hub's own store does: otherwise
 * a restart gave a hub that remembered pairs whose records were gone from both "systems". Each sandbox's state is a
 * JSON file (woo.json, nxt.json) in {@code hub.sandbox.data-dir}, by default {@code sandbox/} beside the embedded
 * database's directory (so ./data/sandbox); none when the database is a throw-away one (tests). Restored at start,
 * written every 10 s when it changed and at stop, through a temporary file moved into place.
 */
@Component
public class SandboxSnapshots implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SandboxSnapshots.class);
    static final long INTERVAL_SECONDS = 10;

    private record Snapshotted(Path file, Supplier<ObjectNode> export, Consumer<JsonNode> restore) {
    }

    private final ObjectMapper json;
    private final Map<String, Snapshotted> stores = new LinkedHashMap<>();
    private final Map<String, byte[]> lastWritten = new LinkedHashMap<>();
    private final ScheduledExecutorService timer;

    public SandboxSnapshots(ObjectProvider<WooSandboxStore> woo, ObjectProvider<NxtSandboxStore> nxt,
                            HubProperties hub, Environment env, ObjectMapper json) throws IOException {
        this.json = json;
        Path dir = directory(env.getProperty("hub.sandbox.data-dir"), hub.embeddedDbDir());
        if (dir != null) {
            woo.ifAvailable(s -> stores.put("woo", new Snapshotted(dir.resolve("woo.json"), s::exportState, s::importState)));
            nxt.ifAvailable(s -> stores.put("nxt", new Snapshotted(dir.resolve("nxt.json"), s::exportState, s::importState)));
        }
        if (stores.isEmpty()) {
            timer = null;
            return;
        }
        Files.createDirectories(dir);
        for (Map.Entry<String, Snapshotted> e : stores.entrySet()) {
            Path file = e.getValue().file();
            if (Files.isRegularFile(file)) {
                byte[] bytes = Files.readAllBytes(file);
                e.getValue().restore().accept(json.readTree(bytes));
                lastWritten.put(e.getKey(), bytes);
                log.info("Sandbox {} restored from {}", e.getKey(), file);
            } else {
                log.info("Sandbox {} starts with its default data; kept in {}", e.getKey(), file);
            }
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sandbox-snapshots");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::saveQuietly, INTERVAL_SECONDS, INTERVAL_SECONDS, TimeUnit.SECONDS);
    }

    /** hub.sandbox.data-dir when set, else sandbox/ beside a kept embedded database, else none. */
    static Path directory(String configured, String embeddedDbDir) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        if (embeddedDbDir == null || embeddedDbDir.isBlank()) {
            return null;
        }
        Path db = Path.of(embeddedDbDir).toAbsolutePath();
        return (db.getParent() == null ? db : db.getParent()).resolve("sandbox");
    }

    /** Writes each sandbox whose state changed since it was last written; returns how many were written. */
    public synchronized int save() throws IOException {
        int written = 0;
        for (Map.Entry<String, Snapshotted> e : stores.entrySet()) {
            byte[] bytes = json.writeValueAsBytes(e.getValue().export().get());
            if (Arrays.equals(bytes, lastWritten.get(e.getKey()))) {
                continue;
            }
            Path file = e.getValue().file();
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            lastWritten.put(e.getKey(), bytes);
            written++;
        }
        return written;
    }

    public boolean enabled() {
        return !stores.isEmpty();
    }

    private void saveQuietly() {
        try {
            save();
        } catch (IOException | RuntimeException e) {
            log.warn("Sandbox snapshot not written: {}", e.toString());
        }
    }

    @Override
    public void destroy() {
        if (timer != null) {
            timer.shutdownNow();
            saveQuietly();
        }
    }
}
