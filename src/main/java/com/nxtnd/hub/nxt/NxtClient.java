package com.nxtnd.hub.nxt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nxtnd.hub.woo.RetryPolicy;
import com.nxtnd.hub.woo.WooCommerceProperties;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Client for the NXT-ND REST contract (contracts/nxt-nd-api.md). Each call retries transient failures itself. */
@Component
public class NxtClient {

    public record Page(List<JsonNode> items, int page, int totalPages, long totalCount) {
    }

    public record Changes(List<JsonNode> changes, String next) {
    }

    private final NxtProperties properties;
    private final ObjectMapper json;
    private final HttpClient http;
    private final RetryPolicy retry;

    public NxtClient(NxtProperties properties, WooCommerceProperties woo, ObjectMapper json) {
        this.properties = properties;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(properties.connectTimeout()).build();
        this.retry = new RetryPolicy("nxt", woo.maxRetries(), woo.retryDelay(), NxtClient::retryable);
    }

    public Page list(String entity, int page, int pageSize, Instant updatedSince) {
        String query = "?page=" + page + "&pageSize=" + pageSize
                + (updatedSince == null ? "" : "&updatedSince=" + updatedSince);
        JsonNode body = call("GET", "/" + entity + query, null, null, null);
        List<JsonNode> items = new ArrayList<>();
        body.path("data").forEach(items::add);
        JsonNode p = body.path("pagination");
        return new Page(items, p.path("page").asInt(page), p.path("totalPages").asInt(0), p.path("totalCount").asLong(0));
    }

    public Optional<JsonNode> get(String entity, String id) {
        return optional("/" + entity + "/" + enc(id));
    }

    public Optional<JsonNode> findProductBySku(String sku) {
        return optional("/products/by-sku/" + enc(sku));
    }

    public Optional<JsonNode> findCustomerByEmail(String email) {
        return optional("/customers/by-email/" + enc(email));
    }

    public Optional<JsonNode> findOrderByExternalRef(String ref) {
        return optional("/orders/by-external-ref/" + enc(ref));
    }

    public JsonNode create(String entity, JsonNode record, String idempotencyKey) {
        return data(call("POST", "/" + entity, record, idempotencyKey, null));
    }

    public JsonNode update(String entity, String id, JsonNode record, Integer ifMatchVersion, String idempotencyKey) {
        return data(call("PUT", "/" + entity + "/" + enc(id), record, idempotencyKey, ifMatchVersion));
    }

    public JsonNode deactivate(String entity, String id, String idempotencyKey) {
        return data(call("DELETE", "/" + entity + "/" + enc(id), null, idempotencyKey, null));
    }

    public JsonNode createOrder(JsonNode order, String idempotencyKey) {
        return create("orders", order, idempotencyKey);
    }

    public JsonNode updateOrderStatus(String id, String status, String note, String idempotencyKey) {
        ObjectNode body = json.createObjectNode().put("status", status).put("note", note);
        return data(call("PUT", "/orders/" + enc(id) + "/status", body, idempotencyKey, null));
    }

    /** Upserts up to 100 records matched by sku / customerCode; per-item results in {@code upserted}. */
    public JsonNode batchUpsert(String entity, List<JsonNode> upsert, List<String> deactivate, String idempotencyKey) {
        if (upsert.size() > 100) {
            throw new IllegalArgumentException("NXT-ND batch takes at most 100 upserts, got " + upsert.size());
        }
        ObjectNode body = json.createObjectNode();
        body.set("upsert", json.valueToTree(upsert));
        body.set("deactivate", json.valueToTree(deactivate == null ? List.of() : deactivate));
        return data(call("POST", "/" + entity + "/batch", body, idempotencyKey, null));
    }

    /** Stock per SKU summed over the online warehouses, in calls of at most 100 SKUs. */
    public List<JsonNode> inventoryLevels(Collection<String> skus) {
        List<JsonNode> levels = new ArrayList<>();
        List<String> all = List.copyOf(skus);
        for (int from = 0; from < all.size(); from += 100) {
            StringBuilder query = new StringBuilder();
            for (String sku : all.subList(from, Math.min(all.size(), from + 100))) {
                query.append(query.isEmpty() ? "?" : "&").append("sku=").append(enc(sku));
            }
            data(call("GET", "/inventory/levels" + query, null, null, null)).forEach(levels::add);
        }
        return levels;
    }

    public JsonNode inventoryMovement(String sku, String warehouseCode, int quantity, String type, String reference,
                                      String idempotencyKey) {
        ObjectNode body = json.createObjectNode().put("sku", sku).put("warehouseCode", warehouseCode)
                .put("quantity", quantity).put("type", type).put("reference", reference);
        return data(call("POST", "/inventory/movements", body, idempotencyKey, null));
    }

    public Changes changes(String since, int limit) {
        JsonNode body = call("GET", "/changes?limit=" + limit + (since == null || since.isBlank() ? "" : "&since="
                + enc(since)), null, null, null);
        List<JsonNode> changes = new ArrayList<>();
        body.path("data").forEach(changes::add);
        return new Changes(changes, body.path("next").asText(since));
    }

    /** Cheap reachability check for health: one product. */
    public void ping() {
        call("GET", "/products?page=1&pageSize=1", null, null, null);
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
        return retry.call(method + " " + path, () -> once(method, path, body, idempotencyKey, ifMatch));
    }

    private JsonNode once(String method, String path, JsonNode body, String idempotencyKey, Integer ifMatch) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(properties.apiBase() + path))
                .timeout(properties.readTimeout())
                .header("Authorization", "Bearer " + properties.apiToken())
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
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
            throw new NxtApiException(0, "UNREACHABLE", method + " " + path + ": " + e, null, 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NxtApiException(0, "INTERRUPTED", method + " " + path, null, 0, e);
        }
        JsonNode answer = parse(response.body());
        if (response.statusCode() >= 400) {
            long retryAfter = com.nxtnd.hub.woo.PeerApiException.retryAfter(response);
            throw new NxtApiException(response.statusCode(), answer.path("code").asText(null),
                    method + " " + path + ": " + answer.path("error").asText(answer.toString()),
                    answer.path("data").path("existingId").asText(null), retryAfter, null);
        }
        return answer;
    }

    private JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return json.createObjectNode().put("error", new String(body, StandardCharsets.UTF_8));
        }
    }

    private static JsonNode data(JsonNode answer) {
        return answer.has("success") && answer.has("data") ? answer.get("data") : answer;
    }


    private static boolean retryable(Throwable t) {
        return t instanceof NxtApiException e && e.isTransient();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
