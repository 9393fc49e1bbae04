package com.nxtnd.hub.woo;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Client for the WooCommerce REST API (wc/v3): authentication by mode, paging with X-WP-TotalPages, /batch with
 * per-item outcomes, typed errors. Each call is one operation that retries its own transient failures (backoff
 * with jitter, Retry-After on 429); a 4xx is never retried. Secrets never appear in messages.
 */
@Component
public class WooCommerceClient {

    /** Receives pages in order; return false to stop early. */
    @FunctionalInterface
    public interface PageHandler {
        boolean onPage(WooPage page) throws Exception;
    }

    /** One unretried health request: whether it succeeded, its HTTP status (0: no answer) and its latency. */
    public record Probe(boolean up, int status, long latencyMs, String error) {
    }

    public static final int MAX_PER_PAGE = 100;
    public static final int MAX_BATCH_ITEMS = 100;
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    /** Threads that read a page ahead; idle ones end after a minute, daemon so that they never hold the JVM. */
    private final ExecutorService readAhead = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "woo-read-ahead");
        thread.setDaemon(true);
        return thread;
    });

    private final WooCommerceProperties properties;
    private final ObjectMapper json;
    private final HttpClient http;
    private final WooAuthMode mode;
    private final RetryPolicy retry;
    private final PeerGuard guard;
    /** Categories and tags of product writes, from names to the shop's ids (one place for batch, PUT and POST). */
    private final WooTaxonomy taxonomy = new WooTaxonomy(this, System::currentTimeMillis);

    /** Retries, breakers and pacing from hub.peers.woo.* (see {@link HubPeers}). */
    @Autowired
    public WooCommerceClient(WooCommerceProperties properties, ObjectMapper json, PeerGuards guards) {
        this(properties, json, guards.settings().woo().retry(), guards.woo());
    }

    public WooCommerceClient(WooCommerceProperties properties, ObjectMapper json, RetrySettings retrySettings) {
        this(properties, json, retrySettings, PeerGuard.none("woo"));
    }

    public WooCommerceClient(WooCommerceProperties properties, ObjectMapper json, RetrySettings retrySettings,
                             PeerGuard guard) {
        this.guard = guard;
        this.properties = properties;
        this.json = json;
        this.http = Transport.newClient(properties.connectTimeout());
        this.mode = WooAuthMode.resolve(properties.authMode(), properties.siteUrl());
        this.retry = new RetryPolicy("woocommerce", retrySettings);
    }

    @jakarta.annotation.PreDestroy
    void stopReadingAhead() {
        readAhead.shutdownNow();
    }

    public WooAuthMode authMode() {
        return mode;
    }

    public RetryPolicy.Stats retryStats() {
        return retry.stats();
    }

    /** The records of {@code resource} with these ids, in one {@code include=} read per 100 (one page each). */
    public List<JsonNode> listByIds(String resource, Collection<Long> ids) {
        return listByEach(resource, "include", ids.stream().map(String::valueOf).toList());
    }

    /** Products and variations with these SKUs (WooCommerce searches both), in one {@code sku=} read per 100. */
    public List<JsonNode> listBySkus(Collection<String> skus) {
        return listByEach("products", "sku", List.copyOf(skus));
    }

    private List<JsonNode> listByEach(String resource, String param, List<String> values) {
        List<JsonNode> out = new ArrayList<>();
        for (int from = 0; from < values.size(); from += MAX_PER_PAGE) {
            out.addAll(list(resource, Map.of(param, String.join(",", values.subList(from,
                    Math.min(values.size(), from + MAX_PER_PAGE)))), 1, MAX_PER_PAGE).items());
        }
        return out;
    }

    /** GET {resource}?page&per_page with {@code params}; per_page 1..100 as WooCommerce allows. */
    public WooPage list(String resource, Map<String, String> params, int page, int perPage) {
        return list(resource, params, page, perPage, CallTimeout.of("woo", properties.readTimeout()));
    }

    /** As above, each attempt given {@code timeout} to answer (the route's {@code {{woocommerce.read-timeout}}}). */
    public WooPage list(String resource, Map<String, String> params, int page, int perPage, Duration timeout) {
        checkPerPage(perPage);
        if (page < 1) {
            throw new IllegalArgumentException("WooCommerce page starts at 1, got " + page);
        }
        Map<String, String> query = new LinkedHashMap<>(params);
        query.put("page", String.valueOf(page));
        query.put("per_page", String.valueOf(perPage));
        HttpResponse<byte[]> response = call("GET", resource, query, null, true, timeout);
        List<JsonNode> items = new ArrayList<>();
        parse(response.body()).forEach(items::add);
        return new WooPage(items, page, header(response, "X-WP-TotalPages"), header(response, "X-WP-Total"));
    }

    /** Every item of {@code resource}, fetched lazily page by page (one page in memory at a time). */
    public Stream<JsonNode> stream(String resource, Map<String, String> params, int perPage) {
        checkPerPage(perPage);
        Iterator<JsonNode> items = Flattened.of(new java.util.function.Supplier<>() {
            private int next = 1;
            private boolean more = true;

            @Override
            public Iterator<JsonNode> get() {
                if (!more) {
                    return null;
                }
                WooPage page = list(resource, params, next++, perPage);
                more = page.hasNext(perPage);
                return page.items().iterator();
            }
        });
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(items,
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /**
     * Pages through {@code resource} from {@code startPage}, one page in memory at a time, handing each non-empty page
     * (with its number, for checkpoints) to {@code handler}. Returns the number of pages handled.
     */
    public int forEachPage(String resource, Map<String, String> params, int perPage, int startPage, PageHandler handler)
            throws Exception {
        int page = startPage;
        int read = 0;
        while (true) {
            WooPage p = list(resource, params, page, perPage);
            if (p.items().isEmpty()) {
                return read;
            }
            read++;
            if (!handler.onPage(p) || !p.hasNext(perPage)) {
                return read;
            }
            page++;
        }
    }

    /**
     * As {@link #forEachPage}, but reads the next pages while {@code handler} works on the current one, so that a long
     * run waits on WooCommerce and on its own work side by side rather than in turn: once X-WP-TotalPages is known,
     * up to {@code woocommerce.read-ahead} pages at once (a real store takes about 0.3 s a page), else one. Pages are
     * handed on in order; a failure reading one surfaces when it is its turn (see {@link ReadAhead}).
     */
    public int forEachPageReadAhead(String resource, Map<String, String> params, int perPage, int startPage,
                                    PageHandler handler) throws Exception {
        WooPage first = list(resource, params, startPage, perPage);
        if (first.items().isEmpty()) {
            return 0;
        }
        int[] read = {0};
        ReadAhead.forEachPage(readAhead, first, new ReadAhead.Paging<>(n -> list(resource, params, n, perPage),
                WooPage::page, p -> p.hasNext(perPage), WooPage::totalPages), properties.readAhead(), p -> {
                    if (p.items().isEmpty()) {
                        return false; // a page past the last answers empty: it is not handed on
                    }
                    read[0]++;
                    return handler.onPage(p);
                });
        return read[0];
    }

    /**
     * The pages of {@link #forEachPageReadAhead} as an iterator, for a route that splits them as a stream: read ahead
     * the same way, ending at the first empty page. Close it (a Camel split does) to cancel the reads ahead.
     */
    public ReadAhead.Pages<WooPage> pagesReadAhead(String resource, Map<String, String> params, int perPage,
                                                  int startPage, Duration timeout) {
        WooPage first = list(resource, params, startPage, perPage, timeout);
        return ReadAhead.pages(readAhead, first, new ReadAhead.Paging<>(n -> list(resource, params, n, perPage, timeout),
                WooPage::page, p -> p.hasNext(perPage), WooPage::totalPages), properties.readAhead(),
                p -> !p.items().isEmpty());
    }

    /** The record, or empty when WooCommerce answers 404 for it (an unknown route is an error, not "absent"). */
    public Optional<JsonNode> find(String resource, long id) {
        try {
            return Optional.of(parse(call("GET", resource + "/" + id, Map.of(), null, true).body()));
        } catch (WooApiException e) {
            if (e.status() == 404 && !"rest_no_route".equals(e.code())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Products and variations with exactly this SKU (WooCommerce searches both when sku is given). */
    public List<JsonNode> findBySku(String sku) {
        return list("products", Map.of("sku", sku), 1, MAX_PER_PAGE).items();
    }

    /** POST {resource}; not repeated after a failure that may have created the record already. */
    public JsonNode create(String resource, JsonNode record) {
        return parse(call("POST", resource, Map.of(), withTermIds(resource, record), false).body());
    }

    public JsonNode update(String resource, long id, JsonNode record) {
        return parse(call("PUT", resource + "/" + id, Map.of(), withTermIds(resource, record), true).body());
    }

    /** The shop's category and tag names resolution (see {@link WooTaxonomy}). */
    public WooTaxonomy taxonomy() {
        return taxonomy;
    }

    private JsonNode withTermIds(String resource, JsonNode record) {
        return WooTaxonomy.carriesTerms(resource) && record != null ? taxonomy.withTermIds(List.of(record)).get(0) : record;
    }

    public JsonNode delete(String resource, long id, boolean force) {
        return parse(call("DELETE", resource + "/" + id, force ? Map.of("force", "true") : Map.of(), null, true).body());
    }

    /** POST {resource}/batch with at most 100 items; per-item outcomes come back inside the 200. */
    public WooBatchResult batch(String resource, List<JsonNode> create, List<JsonNode> update, List<Long> delete) {
        return batchAt(resource + "/batch", create, update, delete);
    }

    /** POST to a batch path as a route names it (routes/push.camel.yaml), e.g. {@code products/batch}. */
    public WooBatchResult batchAt(String path, List<JsonNode> create, List<JsonNode> update, List<Long> delete) {
        return batchAt(path, create, update, delete, CallTimeout.of("woo", properties.readTimeout()));
    }

    /** As above, each attempt given {@code timeout} to answer (the route's {@code {{woocommerce.read-timeout}}}). */
    public WooBatchResult batchAt(String path, List<JsonNode> create, List<JsonNode> update, List<Long> delete,
                                  Duration timeout) {
        int items = size(create) + size(update) + size(delete);
        if (items > MAX_BATCH_ITEMS) {
            throw new IllegalArgumentException("WooCommerce batch takes at most " + MAX_BATCH_ITEMS + " items, got " + items);
        }
        // the resource is the path before its /batch (an operator may have moved the path: products/batch -> products)
        String resource = path.endsWith("/batch") ? path.substring(0, path.length() - "/batch".length()) : path;
        if (WooTaxonomy.carriesTerms(resource) && size(create) + size(update) > 0) {
            // product bodies name categories and tags by name: ids first, one term batch for the whole call
            List<JsonNode> resolved = taxonomy.withTermIds(java.util.stream.Stream.concat(
                    create == null ? Stream.empty() : create.stream(), update == null ? Stream.empty() : update.stream())
                    .toList());
            create = create == null ? null : resolved.subList(0, create.size());
            update = update == null ? null : resolved.subList(size(create), resolved.size());
        }
        ObjectNode body = json.createObjectNode();
        if (size(create) > 0) {
            body.set("create", json.valueToTree(create));
        }
        if (size(update) > 0) {
            body.set("update", json.valueToTree(update));
        }
        if (size(delete) > 0) {
            body.set("delete", json.valueToTree(delete));
        }
        // creates would be duplicated by a repeat of a batch WooCommerce may have run; updates and deletes would not
        boolean safeToRepeat = size(create) == 0;
        JsonNode answer = parse(call("POST", path, Map.of(), body, safeToRepeat, timeout).body());
        return new WooBatchResult(create, update, delete, answer);
    }

    /** Reachability and credential check (GET products?per_page=1, retried like any call); throws when it fails. */
    public void ping() {
        list("products", Map.of(), 1, 1);
    }

    /** One health request with a short timeout and no retries; never throws for an HTTP or I/O failure. */
    public Probe probe() {
        long started = System.nanoTime();
        Duration timeout = properties.readTimeout().compareTo(PROBE_TIMEOUT) < 0 ? properties.readTimeout() : PROBE_TIMEOUT;
        try {
            HttpResponse<byte[]> response = once("GET", "products", Map.of("per_page", "1"), null, timeout);
            return new Probe(true, response.statusCode(), millisSince(started), null);
        } catch (WooApiException e) {
            return new Probe(false, e.status(), millisSince(started), e.getMessage());
        }
    }

    private HttpResponse<byte[]> call(String method, String path, Map<String, String> query, JsonNode body,
                                      boolean safeToRepeat) {
        return call(method, path, query, body, safeToRepeat, CallTimeout.of("woo", properties.readTimeout()));
    }

    private HttpResponse<byte[]> call(String method, String path, Map<String, String> query, JsonNode body,
                                      boolean safeToRepeat, Duration timeout) {
        return retry.call(safeToRepeat, () -> guard.attempt(method, path.endsWith("/batch"),
                () -> once(method, path, query, body, timeout)));
    }

    /** One attempt; OAuth 1.0a gets a fresh nonce and timestamp each time, as WooCommerce refuses a reused nonce. */
    private HttpResponse<byte[]> once(String method, String path, Map<String, String> query, JsonNode body,
                                      Duration timeout) {
        String context = method + " /" + path;
        HttpResponse<byte[]> response;
        try {
            response = http.send(request(method, path, query, body, timeout), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new WooApiException(0, Transport.failureCode(e), context + ": " + Transport.describe(e), null, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WooApiException(0, "interrupted", context, null, 0, e);
        }
        if (response.statusCode() >= 400) {
            throw WooApiException.fromBody(response.statusCode(), errorBody(response.body()),
                    PeerApiException.retryAfter(response), context);
        }
        return response;
    }

    private HttpRequest request(String method, String path, Map<String, String> query, JsonNode body, Duration timeout) {
        Map<String, String> params = new LinkedHashMap<>(query);
        if (mode == WooAuthMode.QUERY) {
            params.put("consumer_key", properties.consumerKey());
            params.put("consumer_secret", properties.consumerSecret());
        }
        String queryString = params.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        URI uri = URI.create(properties.apiBase() + "/" + path + (queryString.isEmpty() ? "" : "?" + queryString));
        if (mode == WooAuthMode.OAUTH1) {
            uri = OAuth1.sign(method, uri, properties.consumerKey(), properties.consumerSecret());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Accept", "application/json").header("User-Agent", Transport.USER_AGENT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json;charset=utf-8");
        }
        if (mode == WooAuthMode.BASIC) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (properties.consumerKey() + ":" + properties.consumerSecret()).getBytes(StandardCharsets.UTF_8)));
        }
        return request.build();
    }

    private JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return json.createObjectNode();
        }
        try {
            JsonNode parsed = json.readTree(body);
            // NUL and lone surrogates out before anything is stored or sent on (issue 17)
            return com.nxtnd.hub.mapping.OutsideText.mayNeedCleaning(body)
                    ? com.nxtnd.hub.mapping.OutsideText.clean(parsed, "woo") : parsed;
        } catch (IOException e) {
            // an HTML error page from a proxy or WordPress itself
            String text = new String(body, StandardCharsets.UTF_8);
            return json.createObjectNode().put("code", "invalid_response")
                    .put("message", text.length() > 200 ? text.substring(0, 200) : text);
        }
    }

    /** The error body, with the consumer secret masked should a proxy or plugin echo the request back. */
    private JsonNode errorBody(byte[] body) {
        JsonNode parsed = parse(body);
        String text = parsed.toString();
        String clean = Redaction.redact(text, properties.consumerSecret());
        if (clean.equals(text)) {
            return parsed;
        }
        try {
            return json.readTree(clean);
        } catch (IOException e) {
            return json.createObjectNode().put("code", "invalid_response").put("message", "unreadable error body");
        }
    }

    /** The integer header, or -1 when absent or unreadable. */
    private static int header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).map(v -> {
            try {
                return Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                return -1;
            }
        }).orElse(-1);
    }

    private static void checkPerPage(int perPage) {
        if (perPage < 1 || perPage > MAX_PER_PAGE) {
            throw new IllegalArgumentException("WooCommerce per_page must be 1.." + MAX_PER_PAGE + ", got " + perPage);
        }
    }

    private static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    private static int size(List<?> list) {
        return list == null ? 0 : list.size();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
