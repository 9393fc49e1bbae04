package com.nxtnd.hub.woo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Client for the WooCommerce REST API (wc/v3): authentication by mode, paging with X-WP-TotalPages, /batch with
 * per-item outcomes, typed errors. Each call retries its own transient failures (backoff with jitter, Retry-After);
 * a 4xx is never retried. Secrets never appear in messages.
 */
@Component
public class WooCommerceClient {

    /** One page of a list and the totals WooCommerce reported. */
    public record Page(List<JsonNode> items, int page, int totalPages, long total) {
    }

    /** Receives pages in order; return false to stop early. */
    @FunctionalInterface
    public interface PageHandler {
        boolean onPage(Page page) throws Exception;
    }

    private final WooCommerceProperties properties;
    private final ObjectMapper json;
    private final HttpClient http;
    private final WooAuthMode mode;
    private final RetryPolicy retry;

    public WooCommerceClient(WooCommerceProperties properties, ObjectMapper json) {
        this.properties = properties;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(properties.connectTimeout()).build();
        this.mode = WooAuthMode.resolve(properties.authMode(), properties.siteUrl());
        this.retry = new RetryPolicy("woocommerce", properties.maxRetries(), properties.retryDelay(),
                t -> t instanceof WooApiException e && e.isTransient());
    }

    public WooAuthMode authMode() {
        return mode;
    }

    public Page list(String resource, Map<String, String> params, int page, int perPage) {
        if (perPage < 1 || perPage > 100) {
            throw new IllegalArgumentException("WooCommerce per_page must be 1..100, got " + perPage);
        }
        Map<String, String> query = new LinkedHashMap<>(params);
        query.put("page", String.valueOf(page));
        query.put("per_page", String.valueOf(perPage));
        HttpResponse<byte[]> response = call("GET", resource, query, null);
        List<JsonNode> items = new ArrayList<>();
        parse(response.body()).forEach(items::add);
        return new Page(items, page, header(response, "X-WP-TotalPages"), header(response, "X-WP-Total"));
    }

    /** Pages through {@code resource} from {@code startPage}, one page in memory at a time. Returns the pages read. */
    public int forEachPage(String resource, Map<String, String> params, int perPage, int startPage, PageHandler handler)
            throws Exception {
        int page = startPage;
        int read = 0;
        while (true) {
            Page p = list(resource, params, page, perPage);
            if (p.items().isEmpty()) {
                return read;
            }
            read++;
            if (!handler.onPage(p) || page >= p.totalPages()) {
                return read;
            }
            page++;
        }
    }

    public Optional<JsonNode> find(String resource, long id) {
        try {
            return Optional.of(parse(call("GET", resource + "/" + id, Map.of(), null).body()));
        } catch (WooApiException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public List<JsonNode> findBySku(String sku) {
        return list("products", Map.of("sku", sku), 1, 100).items();
    }

    public JsonNode create(String resource, JsonNode record) {
        return parse(call("POST", resource, Map.of(), record).body());
    }

    public JsonNode update(String resource, long id, JsonNode record) {
        return parse(call("PUT", resource + "/" + id, Map.of(), record).body());
    }

    public JsonNode delete(String resource, long id, boolean force) {
        return parse(call("DELETE", resource + "/" + id, force ? Map.of("force", "true") : Map.of(), null).body());
    }

    /** POST {resource}/batch with at most 100 items; per-item outcomes come back inside the 200. */
    public WooBatchResult batch(String resource, List<JsonNode> create, List<JsonNode> update, List<Long> delete) {
        int items = size(create) + size(update) + size(delete);
        if (items > 100) {
            throw new IllegalArgumentException("WooCommerce batch takes at most 100 items, got " + items);
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
        return new WooBatchResult(create, update, delete, parse(call("POST", resource + "/batch", Map.of(), body).body()));
    }

    /** Cheap reachability and credential check, for health. */
    public void ping() {
        list("products", Map.of(), 1, 1);
    }

    private HttpResponse<byte[]> call(String method, String path, Map<String, String> query, JsonNode body) {
        return retry.call(method + " " + path, () -> once(method, path, query, body));
    }

    private HttpResponse<byte[]> once(String method, String path, Map<String, String> query, JsonNode body) {
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
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(properties.readTimeout())
                .header("Accept", "application/json").header("User-Agent", "woo-nxt-hub/0.1")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) {
            request.header("Content-Type", "application/json;charset=utf-8");
        }
        if (mode == WooAuthMode.BASIC) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (properties.consumerKey() + ":" + properties.consumerSecret()).getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new WooApiException(0, "unreachable", method + " /" + path + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), null, 0, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WooApiException(0, "interrupted", method + " /" + path, null, 0, e);
        }
        if (response.statusCode() >= 400) {
            JsonNode error = parse(response.body());
            long retryAfter = com.nxtnd.hub.woo.PeerApiException.retryAfter(response);
            throw new WooApiException(response.statusCode(), error.path("code").asText(null),
                    method + " /" + path + ": " + error.path("message").asText(error.toString()), error.path("data"),
                    retryAfter, null);
        }
        return response;
    }

    private JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            // an HTML error page from a proxy or WordPress itself
            String text = new String(body, StandardCharsets.UTF_8);
            return json.createObjectNode().put("code", "invalid_response")
                    .put("message", text.length() > 200 ? text.substring(0, 200) : text);
        }
    }

    private static int header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).map(v -> {
            try {
                return Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }).orElse(0);
    }


    private static int size(List<?> list) {
        return list == null ? 0 : list.size();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
