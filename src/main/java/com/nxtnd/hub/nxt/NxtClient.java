package com.nxtnd.hub.nxt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nxtnd.hub.peer.CallTimeout;
import com.nxtnd.hub.peer.Flattened;
import com.nxtnd.hub.peer.ReadAhead;
import com.nxtnd.hub.peer.HubPeers;
import com.nxtnd.hub.peer.PeerApiException;
import com.nxtnd.hub.peer.PeerGuard;
import com.nxtnd.hub.peer.PeerGuards;
import com.nxtnd.hub.peer.Redaction;
import com.nxtnd.hub.peer.RetryPolicy;
import com.nxtnd.hub.peer.RetrySettings;
import com.nxtnd.hub.peer.Transport;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Client for the NXT-ND REST contract (contracts/nxt-nd-api.md): bearer token, typed errors, paging, batch upsert,
 * inventory, orders and the changes feed. Each call retries its own transient failures; a write without an
 * Idempotency-Key is only repeated when NXT-ND surely did not act on it. The token never appears in messages.
 */
@Component
public class NxtClient {

    /** One page of a list with NXT-ND's pagination block (totals 0 when it sent none). */
    public record Page(List<JsonNode> items, int page, int totalPages, long totalCount) {
    }

    /** A slice of the changes feed and the cursor to continue from (the given one when there was nothing new). */
    public record Changes(List<JsonNode> changes, String next) {
    }

    /** One unretried health request: whether it succeeded, its HTTP status (0: no answer) and its latency. */
    public record Probe(boolean up, int status, long latencyMs, String error) {
    }

    /** Receives pages in order. */
    @FunctionalInterface
    public interface PageHandler {
        void onPage(Page page) throws Exception;
    }

    public static final int MAX_PAGE_SIZE = 500;
    public static final int MAX_BATCH_ITEMS = 100;
    public static final int LEVELS_CHUNK = 100;
    private static final Set<String> LISTABLE = Set.of("products", "customers", "orders", "inventory");
    private static final Set<String> BATCHABLE = Set.of("products", "customers");
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    /** Threads that read a page ahead; idle ones end after a minute, daemon so that they never hold the JVM. */
    private final ExecutorService readAhead = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "nxt-read-ahead");
        thread.setDaemon(true);
        return thread;
    });

    private final NxtProperties properties;
    private final ObjectMapper json;
    private final HttpClient http;
    private final RetryPolicy retry;
    private final PeerGuard guard;
    private final NxtPaths paths;

    /** Retries, breakers and pacing from hub.peers.nxt.* (see {@link HubPeers}), apart from WooCommerce's. */
    @Autowired
    public NxtClient(NxtProperties properties, ObjectMapper json, PeerGuards guards, NxtPaths paths) {
        this(properties, json, guards.settings().nxt().retry(), guards.nxt(), paths);
    }

    public NxtClient(NxtProperties properties, ObjectMapper json, RetrySettings retrySettings) {
        this(properties, json, retrySettings, PeerGuard.none("nxt"));
    }

    public NxtClient(NxtProperties properties, ObjectMapper json, RetrySettings retrySettings, PeerGuard guard) {
        this(properties, json, retrySettings, guard, NxtPaths.defaults());
    }

    public NxtClient(NxtProperties properties, ObjectMapper json, RetrySettings retrySettings, PeerGuard guard,
                     NxtPaths paths) {
        this.paths = paths;
        this.guard = guard;
        this.properties = properties;
        this.json = json;
        this.http = Transport.newClient(properties.connectTimeout());
        this.retry = new RetryPolicy("nxt", retrySettings);
    }

    @jakarta.annotation.PreDestroy
    void stopReadingAhead() {
        readAhead.shutdownNow();
    }

    public RetryPolicy.Stats retryStats() {
        return retry.stats();
    }

    /** GET /{entity}?page&pageSize[&updatedSince]; entity products, customers, orders or inventory. */
    public Page list(String entity, int page, int pageSize, Instant updatedSince) {
        check(LISTABLE, entity);
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("NXT-ND pageSize must be 1.." + MAX_PAGE_SIZE + ", got " + pageSize);
        }
        if (page < 1) {
            throw new IllegalArgumentException("NXT-ND page starts at 1, got " + page);
        }
        String query = "?page=" + page + "&pageSize=" + pageSize
                + (updatedSince == null ? "" : "&updatedSince=" + enc(updatedSince.toString()));
        JsonNode body = call("GET", paths.of(entity) + query, null, null, null);
        List<JsonNode> items = new ArrayList<>();
        body.path("data").forEach(items::add);
        JsonNode p = body.path("pagination");
        return new Page(items, p.path("page").asInt(page), p.path("totalPages").asInt(0), p.path("totalCount").asLong(0));
    }

    /**
     * Every page of {@code entity} (updated since, when given) in order, reading the next page while {@code handler}
     * works on the current one, so that a long run waits on NXT-ND and on its own work side by side rather than in
     * turn. At most one page ahead is held; a failure reading it surfaces when it is its turn.
     */
    public void forEachPageReadAhead(String entity, int pageSize, Instant updatedSince, PageHandler handler)
            throws Exception {
        // one page ahead: NXT-ND answers a page in milliseconds, the hub's work on it is what takes time
        ReadAhead.forEachPage(readAhead, list(entity, 1, pageSize, updatedSince), new ReadAhead.Paging<>(
                n -> list(entity, n, pageSize, updatedSince), Page::page,
                p -> !p.items().isEmpty() && p.page() + 1 <= p.totalPages(), p -> -1), 1, p -> {
                    handler.onPage(p);
                    return true;
                });
    }

    /** Every record of {@code entity} (updated since, when given), fetched lazily page by page. */
    public Stream<JsonNode> stream(String entity, int pageSize, Instant updatedSince) {
        Iterator<JsonNode> items = Flattened.of(new java.util.function.Supplier<>() {
            private int next = 1;
            private boolean more = true;

            @Override
            public Iterator<JsonNode> get() {
                if (!more) {
                    return null;
                }
                Page page = list(entity, next, pageSize, updatedSince);
                more = !page.items().isEmpty() && (page.totalPages() > 0 ? next < page.totalPages()
                        : page.items().size() >= pageSize);
                next++;
                return page.items().iterator();
            }
        });
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(items,
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    public Optional<JsonNode> get(String entity, String id) {
        check(LISTABLE, entity);
        return optional(paths.of(entity) + "/" + enc(id));
    }

    public Optional<JsonNode> findProductBySku(String sku) {
        return optional(paths.products() + "/by-sku/" + enc(sku));
    }

    /** NXT-ND compares e-mails case-insensitively. */
    public Optional<JsonNode> findCustomerByEmail(String email) {
        return optional(paths.customers() + "/by-email/" + enc(email));
    }

    public Optional<JsonNode> findOrderByExternalRef(String ref) {
        return optional(paths.orders() + "/by-external-ref/" + enc(ref));
    }

    /** POST /{entity}; {@code idempotencyKey} may be null (then no key is sent and a doubtful failure is not repeated). */
    public JsonNode create(String entity, JsonNode record, String idempotencyKey) {
        check(LISTABLE, entity);
        return data(call("POST", paths.of(entity), record, idempotencyKey, null));
    }

    /** PUT /{entity}/{id}; with {@code ifMatchVersion}, a stale version gives 409 VERSION_CONFLICT. */
    public JsonNode update(String entity, String id, JsonNode record, Integer ifMatchVersion, String idempotencyKey) {
        check(LISTABLE, entity);
        return data(call("PUT", paths.of(entity) + "/" + enc(id), record, idempotencyKey, ifMatchVersion));
    }

    /** DELETE /{entity}/{id}: NXT-ND only sets isActive=false. */
    public JsonNode deactivate(String entity, String id, String idempotencyKey) {
        check(LISTABLE, entity);
        return data(call("DELETE", paths.of(entity) + "/" + enc(id), null, idempotencyKey, null));
    }

    public JsonNode createOrder(JsonNode order, String idempotencyKey) {
        return create("orders", order, idempotencyKey);
    }

    public JsonNode updateOrderStatus(String id, String status, String note, String idempotencyKey) {
        ObjectNode body = json.createObjectNode().put("status", status).put("note", note);
        return data(call("PUT", paths.orders() + "/" + enc(id) + "/status", body, idempotencyKey, null));
    }

    /** POST /orders/{id}/refunds; applied once per {@code externalRef}. */
    public JsonNode refundOrder(String id, JsonNode refund, String idempotencyKey) {
        return data(call("POST", paths.orders() + "/" + enc(id) + "/refunds", refund, idempotencyKey, null));
    }

    /**
     * POST /{products|customers}/batch: up to 100 upserts (matched by sku / customerCode) and up to 100 deactivations;
     * per-item outcomes come back inside the 200.
     */
    public NxtBatchResult batchUpsert(String entity, List<JsonNode> upsert, List<String> deactivate,
                                      String idempotencyKey) {
        check(BATCHABLE, entity);
        return batchUpsertAt(paths.of(entity), upsert, deactivate, idempotencyKey);
    }

    /**
     * As {@link #batchUpsert}, to the collection at {@code path} (relative to NXT_BASE_URL, or an absolute URL):
     * for a route that names the path itself ({@code {{hub.peers.nxt.paths.products}}} in routes/pull.camel.yaml).
     */
    public NxtBatchResult batchUpsertAt(String path, List<JsonNode> upsert, List<String> deactivate,
                                        String idempotencyKey) {
        return batchUpsertAt(path, upsert, deactivate, idempotencyKey, CallTimeout.of("nxt", properties.readTimeout()));
    }

    /** As above, each attempt given {@code timeout} to answer (the route's {@code {{nxt.read-timeout}}}). */
    public NxtBatchResult batchUpsertAt(String path, List<JsonNode> upsert, List<String> deactivate,
                                        String idempotencyKey, Duration timeout) {
        List<JsonNode> records = upsert == null ? List.of() : upsert;
        List<String> ids = deactivate == null ? List.of() : deactivate;
        if (records.size() > MAX_BATCH_ITEMS || ids.size() > MAX_BATCH_ITEMS) {
            throw new IllegalArgumentException("NXT-ND batch takes at most " + MAX_BATCH_ITEMS
                    + " upserts and " + MAX_BATCH_ITEMS + " deactivations, got " + records.size() + " and " + ids.size());
        }
        ObjectNode body = json.createObjectNode();
        body.set("upsert", json.valueToTree(records));
        body.set("deactivate", json.valueToTree(ids));
        return new NxtBatchResult(records, data(call("POST", path + "/batch", body, idempotencyKey, null, timeout)));
    }

    /** Stock per SKU summed over the online warehouses, in calls of at most 100 SKUs. */
    public List<JsonNode> inventoryLevels(Collection<String> skus) {
        List<String> all = List.copyOf(new LinkedHashSet<>(skus));
        List<JsonNode> levels = new ArrayList<>();
        for (int from = 0; from < all.size(); from += LEVELS_CHUNK) {
            StringBuilder query = new StringBuilder();
            for (String sku : all.subList(from, Math.min(all.size(), from + LEVELS_CHUNK))) {
                query.append(query.isEmpty() ? "?" : "&").append("sku=").append(enc(sku));
            }
            data(call("GET", paths.inventory() + "/levels" + query, null, null, null)).forEach(levels::add);
        }
        return levels;
    }

    /** POST /inventory/movements with a signed {@code quantity}; 422 INSUFFICIENT_STOCK when an outflow is too big. */
    public JsonNode inventoryMovement(String sku, String warehouseCode, int quantity, String type, String reference,
                                      String idempotencyKey) {
        ObjectNode body = json.createObjectNode().put("sku", sku).put("warehouseCode", warehouseCode)
                .put("quantity", quantity).put("type", type).put("reference", reference);
        return data(call("POST", paths.inventory() + "/movements", body, idempotencyKey, null));
    }

    /** GET /changes after {@code since} (null or blank: from the start), at most {@code limit}. */
    public Changes changes(String since, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, got " + limit);
        }
        JsonNode body = call("GET", paths.changes() + "?limit=" + limit
                + (since == null || since.isBlank() ? "" : "&since=" + enc(since)), null, null, null);
        List<JsonNode> changes = new ArrayList<>();
        body.path("data").forEach(changes::add);
        JsonNode next = body.path("next");
        return new Changes(changes, next.isNull() || next.isMissingNode() ? since : next.asText());
    }

    /** Reachability and token check (one product, retried like any call); throws when it fails. */
    public void ping() {
        call("GET", paths.products() + "?page=1&pageSize=1", null, null, null);
    }

    /** One health request with a short timeout and no retries; never throws for an HTTP or I/O failure. */
    public Probe probe() {
        long started = System.nanoTime();
        Duration timeout = properties.readTimeout().compareTo(PROBE_TIMEOUT) < 0 ? properties.readTimeout() : PROBE_TIMEOUT;
        try {
            once("GET", paths.products() + "?page=1&pageSize=1", null, null, null, timeout);
            return new Probe(true, 200, (System.nanoTime() - started) / 1_000_000, null);
        } catch (NxtApiException e) {
            return new Probe(false, e.status(), (System.nanoTime() - started) / 1_000_000, e.getMessage());
        }
    }

    private Optional<JsonNode> optional(String path) {
        try {
            return Optional.of(data(call("GET", path, null, null, null)));
        } catch (NxtApiException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private JsonNode call(String method, String path, JsonNode body, String idempotencyKey, Integer ifMatch) {
        return call(method, path, body, idempotencyKey, ifMatch, CallTimeout.of("nxt", properties.readTimeout()));
    }

    private JsonNode call(String method, String path, JsonNode body, String idempotencyKey, Integer ifMatch,
                          Duration timeout) {
        // a POST without a key could be applied twice if repeated after NXT-ND may have acted on it
        boolean safeToRepeat = !"POST".equals(method) || idempotencyKey != null;
        return retry.call(safeToRepeat, () -> guard.attempt(method, path.endsWith("/batch"),
                () -> once(method, path, body, idempotencyKey, ifMatch, timeout)));
    }

    private JsonNode once(String method, String path, JsonNode body, String idempotencyKey, Integer ifMatch,
                          Duration timeout) {
        String context = method + " " + path.replaceFirst("\\?.*", "");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(path.matches("(?i)https?://.*") ? path : properties.apiBase() + path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + properties.apiToken())
                .header("Accept", "application/json")
                .header("User-Agent", Transport.USER_AGENT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch.toString());
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new NxtApiException(0, Transport.failureCode(e), context + ": " + Transport.describe(e), null, 0, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NxtApiException(0, "interrupted", context, null, 0, e);
        }
        JsonNode answer = parse(response.body());
        if (response.statusCode() >= 400) {
            throw NxtApiException.fromBody(response.statusCode(), answer, PeerApiException.retryAfter(response), context);
        }
        return answer;
    }

    /** The body; a non-JSON one (a proxy's error page) becomes {@code {"error": text}}, the token masked. */
    private JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return json.createObjectNode();
        }
        String text = new String(body, StandardCharsets.UTF_8);
        String clean = Redaction.redact(text, properties.apiToken());
        try {
            JsonNode parsed = json.readTree(clean);
            // NUL and lone surrogates out before anything is stored or sent on (issue 17)
            return com.nxtnd.hub.mapping.OutsideText.mayNeedCleaning(body)
                    ? com.nxtnd.hub.mapping.OutsideText.clean(parsed, "nxt") : parsed;
        } catch (IOException e) {
            return json.createObjectNode().put("error", clean.length() > 200 ? clean.substring(0, 200) : clean);
        }
    }

    /** NXT-ND wraps answers as {@code {"success":true,"data":...}}. */
    private static JsonNode data(JsonNode answer) {
        return answer.has("success") && answer.has("data") ? answer.get("data") : answer;
    }

    private static void check(Set<String> allowed, String entity) {
        if (!allowed.contains(entity)) {
            throw new IllegalArgumentException("NXT-ND entity must be one of " + allowed + ", got " + entity);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
