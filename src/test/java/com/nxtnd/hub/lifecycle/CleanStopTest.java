package com.nxtnd.hub.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

/**
 * The hub as its own process, stopped with SIGTERM while the inbox works through a backlog of 100,000 events: it
 * exits within 10 s, leaves no event {@code processing}, and the next start on the same data carries on.
 */
class CleanStopTest {

    static final int BACKLOG = 100_000;

    final List<Process> started = new ArrayList<>();
    Path data;

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : started) {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            }
        }
        if (data != null && System.getenv("KEEP_CLEAN_STOP_DATA") == null) {
            FileSystemUtils.deleteRecursively(data);
        }
    }

    @Test
    void sigtermWithABacklogStopsWithin10sAndTheNextStartResumes() throws Exception {
        data = Files.createTempDirectory("hub-clean-stop");
        Path db = data.resolve("postgres");
        int port = freePort();
        Process hub = startHub(port, db, data.resolve("first.log"));
        awaitUp(hub, port);

        try (Connection c = connect(db); Statement s = c.createStatement()) {
            // a backlog of deliveries of products the WooCommerce sandbox has, as a webhook flood leaves it
            s.executeUpdate("""
                    insert into wc_webhook_events (delivery_id, webhook_id, source, topic, resource, event, resource_id,
                        date_modified_gmt, dedupe_key, payload, content_type, signature_status)
                    select 'd' || g, '1', 'http://127.0.0.1/', 'product.updated', 'product', 'updated', 10 + g % 150,
                        now() at time zone 'utc', 'backlog-' || g,
                        convert_to('{"id":' || (10 + g % 150) || ',"type":"simple","status":"publish","sku":"SKU-'
                            || lpad((1 + g % 150)::text, 4, '0') || '","name":"Backlog ' || g || '","regular_price":"5.00"}',
                            'UTF8'), 'application/json', 'valid'
                    from generate_series(1, BACKLOG) g""".replace("BACKLOG", String.valueOf(BACKLOG)));
        }
        long deadline = System.currentTimeMillis() + 60_000;
        while (count(db, "status in ('processed', 'echo', 'failed')") == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertThat(count(db, "status = 'pending'")).isGreaterThan(BACKLOG / 2);

        long t0 = System.nanoTime();
        hub.destroy(); // SIGTERM
        boolean exited = hub.waitFor(20, TimeUnit.SECONDS);
        long stopMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(exited).as("exited, see %s", data.resolve("first.log")).isTrue();
        assertThat(stopMs).as("SIGTERM to exit, ms; log %s", Files.readString(data.resolve("first.log")).lines()
                .filter(l -> l.contains("Stopped in order") || l.contains("shut down")).toList()).isLessThan(10_000);
        assertThat(Files.readString(data.resolve("first.log"))).contains("Stopped in order");

        long done;
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(db).setCleanDataDirectory(false).start();
             Connection c = pg.getPostgresDatabase().getConnection()) {
            assertThat(count(c, "status = 'processing'")).isZero();
            done = count(c, "status in ('processed', 'echo', 'failed', 'duplicate')");
            assertThat(count(c, "status = 'pending'")).isPositive();
        }

        Process again = startHub(port, db, data.resolve("second.log"));
        awaitUp(again, port);
        deadline = System.currentTimeMillis() + 60_000;
        while (count(db, "status in ('processed', 'echo', 'failed', 'duplicate')") <= done
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
        }
        assertThat(count(db, "status in ('processed', 'echo', 'failed', 'duplicate')")).isGreaterThan(done);
        again.destroy();
        assertThat(again.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }

    Process startHub(int port, Path db, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "-Dserver.port=" + port, "-Dserver.address=127.0.0.1", "-Dhub.embedded-db-dir=" + db,
                "-Dhub.schedules.enabled=false", "-Dhub.lifecycle.catch-up=false", "-Dspring.jmx.enabled=false",
                "-Dcamel.main.jmx-enabled=false", "com.nxtnd.hub.HubApplication"));
        Process p = new ProcessBuilder(cmd).directory(new File(".")).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        started.add(p);
        return p;
    }

    static void awaitUp(Process hub, int port) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            assertThat(hub.isAlive()).as("hub process alive").isTrue();
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/woocommerce/health")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("hub did not come up on port " + port);
    }

    /** The embedded PostgreSQL the hub runs on that data directory (its port is in postmaster.pid). */
    static Connection connect(Path db) throws Exception {
        int pgPort = Integer.parseInt(Files.readAllLines(db.resolve("postmaster.pid")).get(3).trim());
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres", "postgres", "postgres");
    }

    static long count(Path db, String where) throws Exception {
        try (Connection c = connect(db)) {
            return count(c, where);
        }
    }

    static long count(Connection c, String where) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "select count(*) from wc_webhook_events where " + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
