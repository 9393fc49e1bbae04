package com.nxtnd.hub.sandbox.nxt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nxtnd.hub.nxt.NxtProperties;
import com.nxtnd.hub.sandbox.nxt.NxtSandboxStore.SandboxError;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The NXT-ND sandbox: exactly contracts/nxt-nd-api.md under /sandbox/nxt/api, Bearer token from NXT_API_TOKEN.
 * {@code POST /sandbox/nxt/_reset} restores the default seed and {@code POST /sandbox/nxt/_seed
 * {"products":N,"customers":N}} loads a bulk catalogue; both take the hub's admin login (SandboxAdminLogin).
 * {@code DELETE /sandbox/nxt/_records/{products|customers}/{id}} removes a record behind everyone's back, as
 * {@link NxtSandboxStore#purge} does (for reconcile drills from another process, e.g. bench/run reconcile).
 */
@RestController
@RequestMapping("/sandbox/nxt")
@ConditionalOnProperty(name = "hub.sandbox-nxt", havingValue = "true")
public class NxtSandboxController {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "hub.sandbox-nxt", havingValue = "true")
    public static class Store {
        @Bean
        NxtSandboxStore nxtSandboxStore(ObjectMapper json, NxtProperties properties) {
            return new NxtSandboxStore(json, properties);
        }
    }

    private final NxtSandboxStore store;
    private final NxtProperties properties;
    private final ObjectMapper json;

    private final com.nxtnd.hub.sandbox.SandboxAdminLogin login;

    public NxtSandboxController(NxtSandboxStore store, NxtProperties properties, ObjectMapper json,
                                com.nxtnd.hub.sandbox.SandboxAdminLogin login) {
        this.login = login;
        this.store = store;
        this.properties = properties;
        this.json = json;
    }

    @PostMapping("/_reset")
    ResponseEntity<?> reset(@RequestHeader(value = "Authorization", required = false) String authorization) {
        login.check(authorization);
        store.reset();
        return ResponseEntity.ok(Map.of("success", true, "products", store.productsCount()));
    }

    @PostMapping("/_seed")
    ResponseEntity<?> seed(@RequestHeader(value = "Authorization", required = false) String authorization,
                           @RequestBody JsonNode request) {
        login.check(authorization);
        store.seed(request.path("products").asInt(0), request.path("customers").asInt(0));
        return ResponseEntity.ok(Map.of("success", true, "products", store.productsCount()));
    }

    @DeleteMapping("/_records/{entity:products|customers}/{id}")
    ResponseEntity<?> purge(@RequestHeader(value = "Authorization", required = false) String authorization,
                            @PathVariable String entity, @PathVariable String id) {
        login.check(authorization);
        return store.purge(entity, id) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
    }

    @GetMapping("/api/{entity:products|customers|orders|inventory}")
    ResponseEntity<?> list(HttpServletRequest request, @PathVariable String entity,
                           @RequestParam(defaultValue = "1") int page, @RequestParam(defaultValue = "100") int pageSize,
                           @RequestParam(required = false) String updatedSince,
                           @RequestParam(required = false) String warehouseCode) {
        return guarded(request, () -> {
            if (page < 1 || pageSize < 1 || pageSize > 500) {
                throw new SandboxError(400, "VALIDATION_ERROR", "page must be >= 1 and pageSize between 1 and 500", null);
            }
            long[] total = new long[1];
            List<JsonNode> data = store.page(entity, instant(updatedSince), warehouseCode, page, pageSize, total);
            ObjectNode body = json.createObjectNode().put("success", true);
            body.set("data", json.valueToTree(data));
            body.putObject("pagination").put("page", page).put("pageSize", pageSize).put("totalCount", total[0])
                    .put("totalPages", (total[0] + pageSize - 1) / pageSize);
            return ResponseEntity.ok(body);
        });
    }

    @GetMapping("/api/{entity:products|customers|orders}/{id}")
    ResponseEntity<?> get(HttpServletRequest request, @PathVariable String entity, @PathVariable String id) {
        return guarded(request, () -> ok(store.get(entity, id).orElseThrow(() -> notFound(entity, id))));
    }

    @GetMapping("/api/products/by-sku/{sku}")
    ResponseEntity<?> bySku(HttpServletRequest request, @PathVariable String sku) {
        return guarded(request, () -> ok(store.productBySku(sku).orElseThrow(() -> notFound("product sku", sku))));
    }

    @GetMapping("/api/customers/by-email/{email}")
    ResponseEntity<?> byEmail(HttpServletRequest request, @PathVariable String email) {
        return guarded(request, () -> ok(store.customerByEmail(email).orElseThrow(() -> notFound("customer e-mail", email))));
    }

    @GetMapping("/api/orders/by-external-ref/{ref}")
    ResponseEntity<?> byRef(HttpServletRequest request, @PathVariable String ref) {
        return guarded(request, () -> ok(store.orderByExternalRef(ref).orElseThrow(() -> notFound("order", ref))));
    }

    @PostMapping("/api/{entity:products|customers|orders}")
    ResponseEntity<?> create(HttpServletRequest request, @PathVariable String entity, @RequestBody JsonNode body,
                             @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        return idempotent(request, key, () -> created(switch (entity) {
            case "products" -> store.createProduct(body);
            case "customers" -> store.createCustomer(body);
            default -> store.createOrder(body);
        }));
    }

    @PutMapping("/api/{entity:products|customers}/{id}")
    ResponseEntity<?> update(HttpServletRequest request, @PathVariable String entity, @PathVariable String id,
                             @RequestBody JsonNode body,
                             @RequestHeader(name = "If-Match", required = false) String ifMatch,
                             @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        return idempotent(request, key, () -> ok(store.update(entity, id, body, version(ifMatch))));
    }

    @DeleteMapping("/api/{entity:products|customers}/{id}")
    ResponseEntity<?> delete(HttpServletRequest request, @PathVariable String entity, @PathVariable String id,
                             @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        return idempotent(request, key, () -> ok(store.deactivate(entity, id)));
    }

    @PostMapping("/api/{entity:products|customers}/batch")
    ResponseEntity<?> batch(HttpServletRequest request, @PathVariable String entity, @RequestBody JsonNode body,
                            @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        return idempotent(request, key, () -> {
            if (body.path("upsert").size() > 100) {
                throw new SandboxError(400, "BATCH_TOO_LARGE", "at most 100 upserts per batch", null);
            }
            return ok(store.batch(entity, body));
        });
    }

    @GetMapping("/api/inventory/levels")
    ResponseEntity<?> levels(HttpServletRequest request, @RequestParam(name = "sku", required = false) List<String> skus) {
        return guarded(request, () -> {
            List<String> all = new ArrayList<>();
            if (skus != null) {
                skus.forEach(s -> all.addAll(List.of(s.split(","))));
            }
            return ok(json.valueToTree(store.levels(all)));
        });
    }

    @PostMapping("/api/inventory/movements")
    ResponseEntity<?> movement(HttpServletRequest request, @RequestBody JsonNode body,
                               @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        return idempotent(request, key, () -> created(store.movement(body)));
    }

    @PutMapping("/api/orders/{id}/status")
    ResponseEntity<?> orderStatus(HttpServletRequest request, @PathVariable String id, @RequestBody JsonNode body,
                                  @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        return idempotent(request, key, () -> ok(store.setOrderStatus(id, body.path("status").asText(""),
                body.path("note").asText(null), body.path("trackingNumber").asText(null),
                body.path("carrier").asText(null))));
    }

    @PutMapping("/api/orders/{id}")
    ResponseEntity<?> updateOrder(HttpServletRequest request, @PathVariable String id, @RequestBody JsonNode body,
                                  @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                  @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        return idempotent(request, key, () -> ok(store.updateOrder(id, body, version(ifMatch))));
    }

    @PostMapping("/api/orders/{id}/refunds")
    ResponseEntity<?> refund(HttpServletRequest request, @PathVariable String id, @RequestBody JsonNode body,
                             @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        return idempotent(request, key, () -> created(store.refund(id, body)));
    }

    @GetMapping("/api/changes")
    ResponseEntity<?> changes(HttpServletRequest request, @RequestParam(required = false) String since,
                              @RequestParam(defaultValue = "500") int limit) {
        return guarded(request, () -> {
            long from = since == null || since.isBlank() ? 0 : Long.parseLong(since);
            List<JsonNode> data = store.changesSince(from, Math.max(1, Math.min(limit, 1000)));
            ObjectNode body = json.createObjectNode().put("success", true);
            body.set("data", json.valueToTree(data));
            body.put("next", data.isEmpty() ? String.valueOf(from) : data.get(data.size() - 1).path("seq").asText());
            return ResponseEntity.ok(body);
        });
    }

    // ---------------------------------------------------------------- plumbing

    private ResponseEntity<?> idempotent(HttpServletRequest request, String key, Supplier<ResponseEntity<JsonNode>> write) {
        return guarded(request, () -> {
            var replay = store.replay(key);
            if (replay.isPresent()) {
                return ResponseEntity.status(replay.get().status()).body(replay.get().body());
            }
            ResponseEntity<JsonNode> answer;
            try {
                answer = write.get();
            } catch (SandboxError e) {
                answer = error(e);
            }
            store.remember(key, answer.getStatusCode().value(), answer.getBody());
            return answer;
        });
    }

    private ResponseEntity<?> guarded(HttpServletRequest request, Supplier<ResponseEntity<?>> action) {
        String auth = request.getHeader("Authorization");
        if (auth == null || !constantTimeEquals(auth, "Bearer " + properties.apiToken())) {
            return ResponseEntity.status(401).body(json.createObjectNode().put("success", false)
                    .put("error", "Not authorized to access this route"));
        }
        try {
            return action.get();
        } catch (SandboxError e) {
            return error(e);
        } catch (NumberFormatException e) {
            return error(new SandboxError(400, "VALIDATION_ERROR", e.getMessage(), null));
        }
    }

    private ResponseEntity<JsonNode> error(SandboxError e) {
        ObjectNode body = json.createObjectNode().put("success", false).put("error", e.getMessage()).put("code", e.code);
        if (e.existingId != null) {
            body.putObject("data").put("existingId", e.existingId);
        }
        return ResponseEntity.status(e.status).body(body);
    }

    private ResponseEntity<JsonNode> ok(JsonNode data) {
        return ResponseEntity.ok(wrap(data));
    }

    private ResponseEntity<JsonNode> created(JsonNode data) {
        return ResponseEntity.status(HttpStatus.CREATED).body(wrap(data));
    }

    private JsonNode wrap(JsonNode data) {
        ObjectNode body = json.createObjectNode().put("success", true);
        body.set("data", data);
        return body;
    }

    private static SandboxError notFound(String what, String id) {
        return new SandboxError(404, "NOT_FOUND", what + " " + URLDecoder.decode(id, StandardCharsets.UTF_8) + " not found", null);
    }

    private static Integer version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        return Integer.parseInt(ifMatch.replace("\"", "").replace("W/", "").trim());
    }

    private static Instant instant(String value) {
        try {
            return value == null || value.isBlank() ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new SandboxError(400, "VALIDATION_ERROR", "updatedSince must be ISO-8601 UTC, e.g. 2026-11-25T10:15:30Z", null);
        }
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
