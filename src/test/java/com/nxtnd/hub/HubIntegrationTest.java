package com.nxtnd.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests that run the whole hub the way the README starts it: embedded PostgreSQL (a throw-away data
 * directory), both sandboxes in-process, on a free port bound before start so the sandbox URLs are right.
 */
@CamelSpringBootTest
@DisableJmx(false) // Hawtio reads routes over JMX, as in production
@AutoConfigureObservability // Spring Boot tests otherwise switch metrics export off
@SpringBootTest(classes = HubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
public abstract class HubIntegrationTest {

    @Value("${server.port}")
    protected int port;

    @DynamicPropertySource
    static void hubProperties(DynamicPropertyRegistry registry) {
        int port = freePort(); // one port per context: suppliers are re-read on every lookup
        registry.add("server.port", () -> port);
        registry.add("hub.embedded-db-dir", () -> "");
        registry.add("server.address", () -> "127.0.0.1");
        // a test class that edits route files names a copy of its own (hub.test.routes-copy, set in its @BeforeAll):
        // every cached hub watches the directory it was started with, and would reload the edits too
        registry.add("hub.routes.directory", () -> System.getProperty("hub.test.routes-copy", ROUTES_COPY.toString()));
        // like a real store over plain http: only OAuth 1.0a gets in, so every hub call proves its signing
        registry.add("hub.sandbox.woo.strict-http-auth", () -> "true");
        registry.add("hub.schedules.enabled", () -> "false");
        registry.add("hub.retention.enabled", () -> "false"); // RetentionTest runs it by hand
        // DeliveriesAcrossRestartTest runs it by hand. At start it pulls whatever changed since the last stored delivery,
        // and earlier tests leave deliveries in the shared database: a fresh context's hub pulled its shop into NXT-ND,
        // late on a loaded machine, in the middle of FirstConnectionTest's dry run (CI: 200 products where 2 were)
        registry.add("hub.lifecycle.catch-up", () -> "false");
        // route webhook-health's timer fires a minute after start and every 5 minutes; tests call WebhookHealth.check()
        // by hand. Fired on its own in the middle of RecoveryDrillTest, it re-enabled the webhook the test had just
        // disabled and backfilled the update the test was checking was missed (CI, 2026-12-08)
        registry.add("hub.webhooks.health-first-delay", () -> "1h");
        registry.add("woocommerce.batch-size", () -> "100");
        // products keep the default (timestamp); customers are held for a person, so both paths are exercised
        registry.add("hub.conflicts.strategies.customer", () -> "manual");
        // fault drills in seconds, not minutes: quick retries, breakers that open after a few calls and probe soon
        // (both peers alike, as when they shared one set of settings)
        for (String peer : new String[] {"woo", "nxt"}) {
            registry.add("hub.peers." + peer + ".retry-delay", () -> "100ms");
            registry.add("hub.peers." + peer + ".open-wait", () -> "2s");
            registry.add("hub.peers." + peer + ".minimum-calls", () -> "5");
            registry.add("hub.peers." + peer + ".window-size", () -> "10");
            registry.add("hub.peers." + peer + ".credential-probe-interval", () -> "1s");
        }
    }

    /** The YAML routes run from a copy, so that tests may edit them without touching the repo's routes/. */
    protected static final Path ROUTES_COPY = copyRoutes();

    private static Path copyRoutes() {
        try {
            Path copy = Files.createTempDirectory("hub-routes");
            try (Stream<Path> files = Files.list(Path.of("routes"))) {
                for (Path f : files.toList()) {
                    Files.copy(f, copy.resolve(f.getFileName()));
                }
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    private final java.net.http.HttpClient adminHttp = java.net.http.HttpClient.newHttpClient();

    /** GET with the admin login. */
    protected java.net.http.HttpResponse<String> adminGet(String path) throws Exception {
        return adminHttp.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + path))
                .header("Authorization", adminAuthorization()).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    /** POST of a JSON body with the admin login. */
    protected java.net.http.HttpResponse<String> adminPost(String path, String json) throws Exception {
        return adminHttp.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + path))
                .header("Authorization", adminAuthorization()).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    protected static String adminAuthorization() {
        return "Basic " + java.util.Base64.getEncoder().encodeToString(
                "admin:admin".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Waits until no webhook event is due (those waiting for a later attempt are not due yet). */
    @org.springframework.beans.factory.annotation.Autowired(required = false) // absent when the sandboxes are off
    private com.nxtnd.hub.sandbox.woo.WooSandboxWebhooks sandboxDeliveries;

    /**
     * Waits until the WooCommerce sandbox has no delivery queued or on its way (it sends them a little later, as a
     * store's queue does) and the inbox has no due event left: without the first, a delivery still queued after a
     * sync arrives in the middle of what the test does next.
     */
    protected void awaitDueEventsProcessed(org.springframework.jdbc.core.JdbcTemplate jdbc) {
        // a drill that drops the database's connections may leave this probe one of them for one poll (Hikari
        // evicts it and the next borrow gets a new one): that is the test's probe failing, not the hub
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90))
                .ignoreException(org.springframework.dao.DataAccessResourceFailureException.class)
                .pollDelay(java.time.Duration.ofMillis(200)).until(() -> (sandboxDeliveries == null || sandboxDeliveries.inFlight() == 0)
                        && jdbc.queryForObject("select count(*) from wc_webhook_events where status in ('pending', "
                                + "'processing') and next_attempt_at <= now()", Long.class) == 0);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
