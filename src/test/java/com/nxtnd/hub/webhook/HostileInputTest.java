package com.nxtnd.hub.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nxtnd.hub.woo.WebhookSignature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 17's probes and more, as one table: each case sends something hostile, then the same checks hold after every
 * one of them: no 5xx, nothing unsigned processed, nothing unsigned stored whole, the hub healthy, and a valid signed
 * delivery sent right after still processed.
 */
class HostileInputTest extends WebhookTestSupport {

    private static final String DELIVERY = "/api/woocommerce/webhooks/product";
    private static final AtomicLong NEXT_ID = new AtomicLong(8_000_000);

    /** One hostile request (or several); returns every HTTP status the hub answered. */
    @FunctionalInterface
    interface Attack {
        List<Integer> run(HostileInputTest t) throws Exception;
    }

    static Stream<Arguments> attacks() {
        byte[] mb = new byte[1024 * 1024 - 100];
        Arrays.fill(mb, (byte) 'a');
        return Stream.of(
                attack("unsigned 1 MB body", t -> t.send(DELIVERY, "product.updated", null, mb, 401)),
                attack("wrong signature", t -> t.send(DELIVERY, "product.updated", "bm90IGl0", "{\"id\":5}".getBytes(), 401)),
                attack("body over the limit", t -> t.send(DELIVERY, "product.updated", null, new byte[2 * 1024 * 1024], 413)),
                attack("oversize ping", t -> t.send(DELIVERY, null, null,
                        ("webhook_id=" + "1".repeat(1024 * 1024 - 20)).getBytes(), 401)),
                attack("bad UTF-8, unsigned", t -> t.send(DELIVERY, "product.updated", null,
                        new byte[] {'{', '"', 'n', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}, 401)),
                attack("bad UTF-8, signed", t -> t.signed(DELIVERY, "product.updated",
                        new byte[] {'{', '"', 'i', 'd', '"', ':', '7', ',', '"', 'n', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
                        "rejected")),
                attack("NUL, unsigned", t -> t.send(DELIVERY, "product.updated", null,
                        "{\"id\":9,\"name\":\"a\\u0000b\"}".getBytes(), 401)),
                attack("huge numbers, signed", t -> t.signed(DELIVERY, "product.updated",
                        ("{\"id\":1e400,\"regular_price\":\"" + "9".repeat(400) + "\"}").getBytes(), "rejected")),
                attack("id beyond a long, signed", t -> t.signed(DELIVERY, "product.updated",
                        "{\"id\":99999999999999999999999999}".getBytes(), "rejected")),
                attack("deep nesting, signed", t -> t.signed(DELIVERY, "product.updated",
                        ("{\"id\":3,\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}").getBytes(), "rejected")),
                attack("duplicate signature headers", t -> t.duplicateHeaders()),
                attack("wrong path for the topic, signed", t -> t.signed("/api/woocommerce/webhooks/customer",
                        "product.updated", "{\"id\":11,\"sku\":\"WRONG-PATH\"}".getBytes(), "rejected")),
                attack("topic of 5,000 characters, unsigned", t -> t.send("/api/woocommerce/webhooks",
                        "product." + "x".repeat(5000), null, "{}".getBytes(), 401)),
                attack("SQL in the topic, signed", t -> t.signed("/api/woocommerce/webhooks",
                        "product.updated'; drop table wc_webhook_events; --", "{\"id\":12}".getBytes(), "rejected")),
                attack("Jolokia exec from another origin", t -> t.jolokiaFromAnotherOrigin()),
                attack("cross-site form on an admin action", t -> t.crossSiteForm()),
                attack("malformed and out-of-range admin JSON", t -> t.badAdminJson()),
                attack("slow bodies from 230 connections", t -> t.slowBodies(230)));
    }

    private static Arguments attack(String name, Attack attack) {
        return Arguments.of(name, attack);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void theHubHoldsAndKeepsWorking(String name, Attack attack) throws Exception {
        long unsignedProcessedBefore = unsignedProcessed();
        List<Integer> statuses = attack.run(this);

        assertThat(statuses).as("statuses of %s", name).isNotEmpty().allSatisfy(s -> assertThat(s).isLessThan(500));
        assertThat(unsignedProcessed()).as("unsigned deliveries processed").isEqualTo(unsignedProcessedBefore);
        assertThat(jdbc.queryForObject("select count(*) from wc_webhook_events where signature_status <> 'valid' "
                + "and octet_length(payload) > 1024", Long.class)).as("unsigned deliveries stored whole").isZero();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(url("/actuator/health")))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        long id = NEXT_ID.incrementAndGet();
        long event = eventId(signedRequest(DELIVERY, "product.updated", ("{\"id\":" + id + ",\"sku\":\"HOSTILE-" + id
                + "\",\"name\":\"After " + name + "\",\"regular_price\":\"3.00\",\"status\":\"publish\",\"type\":\"simple\"}")
                .getBytes(StandardCharsets.UTF_8)));
        awaitStatus(event, "processed");
    }

    private long unsignedProcessed() {
        return jdbc.queryForObject("select count(*) from wc_webhook_events where signature_status in ('missing', 'invalid') "
                + "and status not in ('rejected')", Long.class);
    }

    // ------------------------------------------------------------------ the attacks

    List<Integer> send(String path, String topic, String signature, byte[] body, int expected) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (topic != null) {
            b.header("X-WC-Webhook-Topic", topic);
        }
        if (signature != null) {
            b.header("X-WC-Webhook-Signature", signature);
        }
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            // the hub may close the connection once it has answered (413) while the client still sends
            assertThat(expected).as("connection closed on " + path + ": " + e).isEqualTo(413);
            return List.of(413);
        }
        assertThat(r.statusCode()).as(r.body()).isEqualTo(expected);
        return List.of(r.statusCode());
    }

    List<Integer> signed(String path, String topic, byte[] body, String expectedStatus) throws Exception {
        HttpResponse<String> r = signedRequest(path, topic, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(status(eventId(r))).isEqualTo(expectedStatus);
        return List.of(r.statusCode());
    }

    HttpResponse<String> signedRequest(String path, String topic, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30))
                .header("X-WC-Webhook-Topic", topic).header("X-WC-Webhook-Signature", WebhookSignature.sign(body, SECRET))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    List<Integer> duplicateHeaders() throws Exception {
        byte[] body = "{\"id\":13,\"sku\":\"DUP\"}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url(DELIVERY)))
                .header("X-WC-Webhook-Topic", "product.updated").header("X-WC-Webhook-Topic", "customer.deleted")
                .header("X-WC-Webhook-Signature", "bm90IGl0").header("X-WC-Webhook-Signature", WebhookSignature.sign(body, SECRET))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        // either refused, or judged on one of the values: never processed as both, never a 5xx
        assertThat(r.statusCode()).isIn(200, 401);
        if (r.statusCode() == 200) {
            assertThat(status(eventId(r))).isIn("rejected", "pending", "processed");
        }
        return List.of(r.statusCode());
    }

    List<Integer> jolokiaFromAnotherOrigin() throws Exception {
        String exec = "{\"type\":\"exec\",\"mbean\":\"org.apache.camel:context=woo-nxt-hub,type=context,"
                + "name=\\\"woo-nxt-hub\\\"\",\"operation\":\"requestBody(java.lang.String,java.lang.Object)\","
                + "\"arguments\":[\"bean:environment?method=getProperty('woocommerce.consumer-secret')\",\"x\"]}";
        List<Integer> statuses = new ArrayList<>();
        for (String path : List.of("/actuator/jolokia", "/actuator/hawtio/jolokia")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", admin())
                    .header("Origin", "http://evil.example").header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString(exec)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).doesNotContain("cs_sandbox");
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            statuses.add(r.statusCode());
        }
        return statuses;
    }

    List<Integer> crossSiteForm() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (String path : List.of("/api/woocommerce/initialize", "/api/woocommerce/errors/1/replay")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", admin())
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", "http://evil.example")
                    .POST(HttpRequest.BodyPublishers.ofString("a=b")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(403);
            HttpResponse<String> sameOriginForm = http.send(HttpRequest.newBuilder(URI.create(url(path)))
                    .header("Authorization", admin()).header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(sameOriginForm.statusCode()).isEqualTo(415);
            statuses.add(r.statusCode());
            statuses.add(sameOriginForm.statusCode());
        }
        return statuses;
    }

    List<Integer> badAdminJson() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        String[][] cases = {
            {"/api/woocommerce/sync/batch", "{\"entityTypes\":[null]}", "entityTypes[0]"},
            {"/api/woocommerce/sync/batch", "{\"entityTypes\":[\"product\",", "entityTypes[1]"},
            {"/api/woocommerce/sync/batch", "{\"entityTypes\" \"product\"}", "body"},
            {"/api/woocommerce/sync/batch", "{\"batchSize\":1.5}", "batchSize"},
            {"/api/woocommerce/sync/batch", "{\"batchSize\":\"5\"}", "batchSize"},
            {"/api/woocommerce/sync/batch", "{\"priority\":-2147483648}", "priority"},
            {"/api/woocommerce/sync/batch", "{\"priority\":99999999999999999999}", "priority"},
            {"/api/woocommerce/sync/batch", "{\"entityTypes\":[\"product\",\"product\",\"product\",\"product\",\"product\"]}", "entityTypes"},
            {"/api/woocommerce/sync/full", "{\"direction\":\"sideways\"}", "direction"},
            {"/api/woocommerce/sync/full", "{\"entityTypes\":[\"coupon\"]}", "entityTypes[0]"},
            {"/api/woocommerce/sync/full", "{\"entityType\":[\"product\"]}", "entityType"},
            {"/api/woocommerce/webhooks/retry", "{\"ids\":[-1]}", "ids[0]"},
            {"/api/woocommerce/webhooks/retry", "{\"ids\":\"all\"}", "ids"},
            {"/api/woocommerce/errors/replay", "{\"all\":true,\"limit\":0}", "limit"},
        };
        for (String[] c : cases) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url(c[0]))).header("Authorization", admin())
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(c[1])).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(c[0] + " " + c[1] + ": " + r.body()).isEqualTo(400);
            var answer = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
            assertThat(answer.path("error").asText()).as(r.body()).isNotEmpty();
            assertThat(answer.path("message").asText()).as(r.body()).isNotEmpty();
            assertThat(answer.path("details").path("field").asText()).as(c[1] + ": " + r.body()).isEqualTo(c[2]);
            statuses.add(r.statusCode());
        }
        HttpResponse<String> badParam = http.send(HttpRequest.newBuilder(URI.create(url("/api/woocommerce/conflicts/pending?size=x")))
                .header("Authorization", admin()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(badParam.statusCode()).isEqualTo(400);
        assertThat(badParam.body()).contains("\"field\":\"size\"");
        statuses.add(badParam.statusCode());
        return statuses;
    }

    /**
     * Connections from another loopback address (the cap is per source address) send their headers and 10 bytes of
     * a 1,000-byte body, and then nothing. While they hang, health and a signed delivery must still be answered.
     */
    List<Integer> slowBodies(int connections) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        List<Integer> statuses = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                Socket s = new Socket();
                s.bind(new InetSocketAddress("127.0.0.2", 0));
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                s.setSoTimeout(30_000);
                OutputStream out = s.getOutputStream();
                out.write(("POST " + DELIVERY + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "X-WC-Webhook-Topic: product.updated\r\nContent-Length: 1000\r\n\r\n{\"id\":1,\"a\"")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                sockets.add(s);
            }
            long started = System.nanoTime();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(url("/actuator/health")))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            long id = NEXT_ID.incrementAndGet();
            HttpResponse<String> signed = signedRequest(DELIVERY, "product.updated", ("{\"id\":" + id
                    + ",\"sku\":\"SLOW-" + id + "\",\"name\":\"During the slow senders\",\"regular_price\":\"1.00\"}")
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(signed.statusCode()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
            statuses.add(health.statusCode());
            statuses.add(signed.statusCode());
            // every slow connection is answered (429 at once beyond the cap, 408 once the read timeout passes)
            await().atMost(Duration.ofSeconds(40)).until(() -> sockets.stream().allMatch(HostileInputTest::answered));
            for (Socket s : sockets) {
                String line = firstLine(s);
                if (line.startsWith("HTTP/1.1 ")) {
                    statuses.add(Integer.parseInt(line.substring(9, 12)));
                }
            }
            assertThat(statuses).contains(429);
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
        return statuses;
    }

    private static boolean answered(Socket s) {
        try {
            return s.getInputStream().available() > 0 || s.isInputShutdown() || peekClosed(s);
        } catch (IOException e) {
            return true;
        }
    }

    private static boolean peekClosed(Socket s) {
        return false;
    }

    private static String firstLine(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        if (in.available() == 0) {
            return "";
        }
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) != -1 && c != '\n'; ) {
            line.append((char) c);
        }
        return line.toString().trim();
    }
}
