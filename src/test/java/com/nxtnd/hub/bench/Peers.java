package com.nxtnd.hub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nxtnd.hub.woo.OAuth1;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the benchmarks say to the hub and to the sandboxes, over HTTP only, so the same code drives a hub in another
 * process (bench/run) and the in-process test hub (BenchSmokeTest).
 */
public class Peers {

    public static final ObjectMapper JSON = new ObjectMapper();

    final String hub;
    final String sandbox;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String admin = "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));

    /** @param hub e.g. http://127.0.0.1:18080; @param sandbox the process serving /sandbox/woo and /sandbox/nxt */
    public Peers(String hub, String sandbox) {
        this.hub = hub;
        this.sandbox = sandbox;
    }

    Peers withHub(String newHub) {
        return new Peers(newHub, sandbox);
    }

    // ------------------------------------------------------------------ plumbing

    /** An answer of 300 or above, with its status. */
    static final class RefusedException extends IllegalStateException {
        final int status;

        RefusedException(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofMinutes(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                throw new RefusedException(r.statusCode(), r.request().method() + " " + r.uri() + " -> "
                        + r.statusCode() + ": " + r.body().substring(0, Math.min(500, r.body().length())));
            }
            return r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(request.build().uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpRequest.BodyPublisher body(Object o) {
        try {
            return HttpRequest.BodyPublishers.ofString(o instanceof String s ? s : JSON.writeValueAsString(o));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    JsonNode sandbox(String method, String path, Object payload) {
        // _faults and _calls take the admin login (the standalone sandboxes default to admin/admin too)
        return send(HttpRequest.newBuilder(URI.create(sandbox + path)).header("Content-Type", "application/json")
                .header("Authorization", admin).method(method, payload == null ? HttpRequest.BodyPublishers.noBody() : body(payload)));
    }

    JsonNode admin(String method, String path, Object payload) {
        return send(HttpRequest.newBuilder(URI.create(hub + path)).header("Authorization", admin)
                .header("Content-Type", "application/json")
                .method(method, payload == null ? HttpRequest.BodyPublishers.noBody() : body(payload)));
    }

    JsonNode nxt(String method, String path, Object payload) {
        return send(HttpRequest.newBuilder(URI.create(sandbox + "/sandbox/nxt/api" + path))
                .header("Authorization", "Bearer sandbox-token").header("Content-Type", "application/json")
                .method(method, payload == null ? HttpRequest.BodyPublishers.noBody() : body(payload)));
    }

    /** WooCommerce REST call signed with OAuth 1.0a (the only scheme a strict store accepts over http). */
    HttpResponse<String> wooRaw(String method, String pathAndQuery, Object payload) {
        URI uri = OAuth1.sign(method, URI.create(sandbox + "/sandbox/woo/wp-json/wc/v3/" + pathAndQuery),
                "ck_sandbox", "cs_sandbox");
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .timeout(Duration.ofMinutes(5))
                    .method(method, payload == null ? HttpRequest.BodyPublishers.noBody() : body(payload)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + pathAndQuery + " -> " + r.statusCode() + ": " + r.body());
            }
            return r;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode woo(String method, String pathAndQuery, Object payload) {
        try {
            return JSON.readTree(wooRaw(method, pathAndQuery, payload).body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ sandboxes

    void seed(int wooProducts, int wooCustomers, int nxtProducts, int nxtCustomers) {
        sandbox("POST", "/sandbox/woo/_seed", Map.of("products", wooProducts, "customers", wooCustomers));
        sandbox("POST", "/sandbox/nxt/_seed", Map.of("products", nxtProducts, "customers", nxtCustomers));
    }

    void faults(String system, Map<String, Object> faults) {
        sandbox("PUT", "/sandbox/" + system + "/_faults", faults);
    }

    void clearFaults() {
        sandbox("DELETE", "/sandbox/woo/_faults", null);
        sandbox("DELETE", "/sandbox/nxt/_faults", null);
    }

    void resetCalls() {
        sandbox("DELETE", "/sandbox/woo/_calls", null);
        sandbox("DELETE", "/sandbox/nxt/_calls", null);
    }

    /** Calls one sandbox received, e.g. {@code "GET /sandbox/woo/wp-json/wc/v3/products" -> 100}. */
    Map<String, Long> calls(String system) {
        Map<String, Long> out = new LinkedHashMap<>();
        // look-ups by key are folded into one line each: GET .../by-email/{key}
        sandbox("GET", "/sandbox/" + system + "/_calls", null).fields().forEachRemaining(e -> out.merge(
                e.getKey().replaceAll("/by-(email|sku|external-ref)/[^/ ]+", "/by-$1/{key}"), e.getValue().asLong(), Long::sum));
        return out;
    }

    /** Every record of a WooCommerce collection, page by page. */
    void eachWoo(String resource, Consumer<JsonNode> each) {
        for (int page = 1; ; page++) {
            HttpResponse<String> r = wooRaw("GET", resource + "?per_page=100&orderby=id&order=asc&page=" + page, null);
            try {
                JSON.readTree(r.body()).forEach(each);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            int pages = Integer.parseInt(r.headers().firstValue("X-WP-TotalPages").orElse("0"));
            if (page >= pages) {
                return;
            }
        }
    }

    /** Every record of an NXT-ND collection, page by page. */
    void eachNxt(String entity, Consumer<JsonNode> each) {
        for (int page = 1; ; page++) {
            JsonNode r = nxt("GET", "/" + entity + "?pageSize=500&page=" + page, null);
            r.path("data").forEach(each);
            if (page >= r.path("pagination").path("totalPages").asInt()) {
                return;
            }
        }
    }

    long nxtTotal(String entity) {
        return nxt("GET", "/" + entity + "?pageSize=1", null).path("pagination").path("totalCount").asLong();
    }

    /** Stock of these SKUs over NXT-ND's online warehouses, as the hub reads it. */
    Map<String, Integer> nxtLevels(List<String> skus) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int from = 0; from < skus.size(); from += 100) {
            String query = String.join(",", skus.subList(from, Math.min(skus.size(), from + 100)));
            nxt("GET", "/inventory/levels?sku=" + query, null).path("data")
                    .forEach(l -> out.put(l.path("sku").asText(), l.path("quantityAvailable").asInt()));
        }
        return out;
    }

    /** Changes every NXT-ND product's price and every customer's last name, as a back office would (not measured). */
    int touchNxt(String entity, int pricePlusCents) {
        int[] touched = {0};
        List<JsonNode> chunk = new ArrayList<>();
        List<JsonNode> all = new ArrayList<>();
        eachNxt(entity, all::add); // driver side only: the sandbox's answer pages are small
        for (JsonNode record : all) {
            ObjectNode r = JSON.createObjectNode();
            if ("products".equals(entity)) {
                r.put("sku", record.path("sku").asText()).put("unitPrice", new java.math.BigDecimal(record.path("unitPrice")
                        .asText("0")).add(java.math.BigDecimal.valueOf(pricePlusCents, 2)).toPlainString());
            } else {
                r.put("customerCode", record.path("customerCode").asText()).put("email", record.path("email").asText())
                        .put("lastName", record.path("lastName").asText() + "x");
            }
            chunk.add(r);
            if (chunk.size() == 100) {
                upsertNxt(entity, chunk);
                touched[0] += chunk.size();
                chunk.clear();
            }
        }
        if (!chunk.isEmpty()) {
            upsertNxt(entity, chunk);
            touched[0] += chunk.size();
        }
        return touched[0];
    }

    /** Removes an NXT-ND record as if it had never been written (no change feed entry): a restore from a backup. */
    void purgeNxt(String entity, String id) {
        sandbox("DELETE", "/sandbox/nxt/_records/" + entity + "/" + id, null);
    }

    JsonNode upsertNxt(String entity, List<JsonNode> records) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode upsert = body.putArray("upsert");
        records.forEach(upsert::add);
        body.putArray("deactivate");
        return nxt("POST", "/" + entity + "/batch", body);
    }

    // ------------------------------------------------------------------ hub

    JsonNode sync(Map<String, Object> request) {
        return admin("POST", "/api/woocommerce/sync/full", request);
    }

    JsonNode reconcile(Map<String, Object> request) {
        return admin("POST", "/api/woocommerce/sync/reconcile", request);
    }

    String enqueue(Map<String, Object> request) {
        return admin("POST", "/api/woocommerce/sync/batch", request).path("jobId").asText();
    }

    JsonNode job(String id) {
        return admin("GET", "/api/woocommerce/sync/job/" + id, null);
    }

    JsonNode webhookStats() {
        return admin("GET", "/api/woocommerce/webhooks/stats", null);
    }

    /**
     * One statistic of a hub meter (actuator metrics, admin login), e.g. {@code meter("hub.peer.calls", "COUNT")}; a
     * query may follow the name ({@code ?tag=...}). 0 while no such meter is registered (404: nothing counted yet).
     */
    double meter(String nameAndQuery, String statistic) {
        JsonNode measurements;
        try {
            measurements = admin("GET", "/actuator/metrics/" + nameAndQuery, null).path("measurements");
        } catch (RefusedException e) {
            if (e.status == 404) {
                return 0;
            }
            throw e;
        }
        for (JsonNode m : measurements) {
            if (statistic.equals(m.path("statistic").asText())) {
                return m.path("value").asDouble();
            }
        }
        return 0;
    }

    /**
     * Events this hub process has closed as processed or echo since it started (Micrometer's hub.webhooks.processed,
     * all tags): read from memory, no query.
     */
    double processedCounter() {
        return meter("hub.webhooks.processed", "COUNT");
    }

    /** Heap in use now, bytes. */
    long heapUsed() {
        return (long) meter("jvm.memory.used?tag=area:heap", "VALUE");
    }

    /** The hub's live heap: what a full collection left (route bench-live-heap; {@link LiveHeap} says why). */
    long liveHeapAfterGc() {
        return admin("GET", "/api/bench/live-heap", null).path("liveHeapBytes").asLong();
    }

    boolean hubUp() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(hub + "/actuator/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
