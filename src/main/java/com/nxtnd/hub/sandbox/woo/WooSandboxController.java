package com.nxtnd.hub.sandbox.woo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nxtnd.hub.woo.WooCommerceProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The WooCommerce sandbox: wc/v3 products (+ variations), customers, orders and webhooks under
 * /sandbox/woo/wp-json/wc/v3, with WooCommerce's paging headers, batch limits, error bodies and webhook deliveries.
 * {@code POST /sandbox/woo/_reset} restores the default shop, {@code POST /sandbox/woo/_seed
 * {"products":N,"customers":N}} loads a bulk catalogue; they and {@code _taxes} take the hub's admin login (SandboxAdminLogin).
 */
@RestController
@RequestMapping("/sandbox/woo")
@ConditionalOnProperty(name = "hub.sandbox-woo", havingValue = "true")
public class WooSandboxController {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "hub.sandbox-woo", havingValue = "true")
    public static class Beans {
        @Bean
        WooSandboxStore wooSandboxStore(ObjectMapper json, WooCommerceProperties woo) {
            return new WooSandboxStore(json, woo.siteUrl());
        }

        @Bean(destroyMethod = "close")
        WooSandboxWebhooks wooSandboxWebhooks(WooSandboxStore store, ObjectMapper json, WooCommerceProperties woo,
                                              WooSandboxProperties sandbox) {
            return new WooSandboxWebhooks(store, json, woo.siteUrl(), sandbox.deliveryDelayMs());
        }

        @Bean
        WooSandboxAuth wooSandboxAuth(WooCommerceProperties woo, WooSandboxProperties sandbox) {
            return new WooSandboxAuth(woo, sandbox);
        }
    }

    private static final String API = "/wp-json/wc/v3";
    private static final Set<String> RESOURCES = Set.of("products", "customers", "orders", "webhooks");

    private final WooSandboxStore store;
    private final WooSandboxWebhooks webhooks;
    private final WooSandboxAuth auth;
    private final ObjectMapper json;

    private final com.nxtnd.hub.sandbox.SandboxAdminLogin login;

    WooSandboxController(WooSandboxStore store, WooSandboxWebhooks webhooks, WooSandboxAuth auth, ObjectMapper json,
                         com.nxtnd.hub.sandbox.SandboxAdminLogin login) {
        this.login = login;
        this.store = store;
        this.webhooks = webhooks;
        this.auth = auth;
        this.json = json;
    }

    @PostMapping("/_reset")
    Map<String, Object> reset(@RequestHeader(value = "Authorization", required = false) String authorization) {
        login.check(authorization);
        store.reset();
        return Map.of("products", store.count("products"), "customers", store.count("customers"));
    }

    @PostMapping("/_seed")
    Map<String, Object> seed(@RequestHeader(value = "Authorization", required = false) String authorization,
                             @RequestBody JsonNode request) {
        login.check(authorization);
        store.seed(request.path("products").asInt(0), request.path("customers").asInt(0));
        return Map.of("products", store.count("products"), "customers", store.count("customers"));
    }

    /** Sets the store's one tax rate in percent ({@code {"rate":"10"}}; 0 turns taxes off, as in a new store). */
    @PostMapping("/_taxes")
    Map<String, Object> taxes(@RequestHeader(value = "Authorization", required = false) String authorization,
                              @RequestBody JsonNode request) {
        login.check(authorization);
        store.setTaxRate(new java.math.BigDecimal(request.path("rate").asText("0")));
        return Map.of("rate", request.path("rate").asText("0"));
    }

    // ------------------------------------------------------------------ order refunds and notes

    @RequestMapping(path = API + "/orders/{id:\\d+}/{sub:refunds|notes}", method = {RequestMethod.GET, RequestMethod.POST})
    ResponseEntity<?> orderSub(HttpServletRequest request, @PathVariable long id, @PathVariable String sub,
                               @RequestBody(required = false) JsonNode body) {
        return guarded(request, () -> {
            if ("GET".equals(request.getMethod())) {
                return ResponseEntity.ok(json.valueToTree("refunds".equals(sub) ? store.orderRefunds(id) : store.orderNotes(id)));
            }
            JsonNode input = body == null ? json.createObjectNode() : body;
            return ResponseEntity.status(201).body("refunds".equals(sub) ? store.refundOrder(id, input)
                    : store.addOrderNote(id, input));
        });
    }

    // ------------------------------------------------------------------ product categories and tags

    @GetMapping(API + "/products/{taxonomy:categories|tags}")
    ResponseEntity<?> terms(HttpServletRequest request, @PathVariable String taxonomy,
                            @RequestParam Map<String, String> params) {
        return guarded(request, () -> {
            int perPage = intParam(params, "per_page", 10);
            int page = intParam(params, "page", 1);
            if (perPage < 1 || perPage > 100 || page < 1) {
                throw new WooSandboxError(400, "rest_invalid_param", "Invalid parameter(s): per_page");
            }
            String search = params.getOrDefault("search", "").toLowerCase();
            List<JsonNode> all = store.terms(taxonomy).stream()
                    .filter(t -> t.path("name").asText().toLowerCase().contains(search))
                    .filter(t -> !params.containsKey("slug") || params.get("slug").equals(t.path("slug").asText()))
                    .sorted(Comparator.comparing((JsonNode t) -> t.path("name").asText().toLowerCase())) // orderby name
                    .toList();
            int from = Math.min(all.size(), (page - 1) * perPage);
            HttpHeaders headers = new HttpHeaders();
            headers.add("X-WP-Total", String.valueOf(all.size()));
            headers.add("X-WP-TotalPages", String.valueOf((all.size() + perPage - 1) / perPage));
            return ResponseEntity.ok().headers(headers).body(json.valueToTree(all.subList(from,
                    Math.min(all.size(), from + perPage))));
        });
    }

    @GetMapping(API + "/products/{taxonomy:categories|tags}/{id:\\d+}")
    ResponseEntity<?> term(HttpServletRequest request, @PathVariable String taxonomy, @PathVariable long id) {
        return guarded(request, () -> ResponseEntity.ok(store.term(taxonomy, id).orElseThrow(() ->
                new WooSandboxError(404, "woocommerce_rest_term_invalid", "Resource doesn't exist."))));
    }

    @PostMapping(API + "/products/{taxonomy:categories|tags}")
    ResponseEntity<?> createTerm(HttpServletRequest request, @PathVariable String taxonomy, @RequestBody JsonNode body) {
        return guarded(request, () -> ResponseEntity.status(201).body(store.createTerm(taxonomy, body)));
    }

    /** Creates only (what the hub uses); each item on its own, a failed one as {id:0,error} inside the 200. */
    @RequestMapping(path = API + "/products/{taxonomy:categories|tags}/batch", method = {RequestMethod.POST,
        RequestMethod.PUT, RequestMethod.PATCH})
    ResponseEntity<?> termBatch(HttpServletRequest request, @PathVariable String taxonomy, @RequestBody JsonNode body) {
        return guarded(request, () -> {
            int items = body.path("create").size() + body.path("update").size() + body.path("delete").size();
            if (items > 100) {
                throw new WooSandboxError(413, "woocommerce_rest_request_entity_too_large",
                        "Unable to accept more than 100 items for this request.");
            }
            ObjectNode out = json.createObjectNode();
            ArrayNode created = body.has("create") ? out.putArray("create") : json.createArrayNode();
            for (JsonNode item : body.path("create")) {
                try {
                    created.add(store.createTerm(taxonomy, item));
                } catch (WooSandboxError e) {
                    created.addObject().put("id", 0).set("error", e.body());
                }
            }
            return ResponseEntity.ok(out);
        });
    }

    // ------------------------------------------------------------------ collections

    @GetMapping(API + "/{resource}")
    ResponseEntity<?> list(HttpServletRequest request, @PathVariable String resource,
                           @RequestParam Map<String, String> params) {
        return guarded(request, () -> page(request, resource, params, null));
    }

    @GetMapping(API + "/products/{parent}/variations")
    ResponseEntity<?> variations(HttpServletRequest request, @PathVariable long parent,
                                 @RequestParam Map<String, String> params) {
        return guarded(request, () -> page(request, "variations", params, parent));
    }

    @PostMapping(API + "/{resource}")
    ResponseEntity<?> create(HttpServletRequest request, @PathVariable String resource, @RequestBody JsonNode body) {
        return guarded(request, () -> ResponseEntity.status(201).body(visible(create(resource, null, body))));
    }

    @PostMapping(API + "/products/{parent}/variations")
    ResponseEntity<?> createVariation(HttpServletRequest request, @PathVariable long parent, @RequestBody JsonNode body) {
        return guarded(request, () -> ResponseEntity.status(201).body(
                asVariation(create("variations", parent, body))));
    }

    // ------------------------------------------------------------------ items

    @RequestMapping(path = API + "/{resource}/{id:\\d+}", method = {RequestMethod.GET, RequestMethod.PUT,
        RequestMethod.POST, RequestMethod.PATCH, RequestMethod.DELETE})
    ResponseEntity<?> item(HttpServletRequest request, @PathVariable String resource, @PathVariable long id,
                           @RequestBody(required = false) JsonNode body,
                           @RequestParam(defaultValue = "false") boolean force,
                           @RequestParam(defaultValue = "view") String context) {
        return guarded(request, () -> ResponseEntity.ok(visible(read(request, context,
                item(request.getMethod(), resource, id, body, force)))));
    }

    @RequestMapping(path = API + "/products/{parent}/variations/{id:\\d+}", method = {RequestMethod.GET,
        RequestMethod.PUT, RequestMethod.POST, RequestMethod.PATCH, RequestMethod.DELETE})
    ResponseEntity<?> variation(HttpServletRequest request, @PathVariable long parent, @PathVariable long id,
                                @RequestBody(required = false) JsonNode body,
                                @RequestParam(defaultValue = "false") boolean force,
                                @RequestParam(defaultValue = "view") String context) {
        return guarded(request, () -> {
            JsonNode v = store.get("products", id).filter(p -> p.path("parent_id").asLong() == parent)
                    .orElseThrow(() -> new WooSandboxError("GET".equals(request.getMethod()) ? 404 : 400,
                            "woocommerce_rest_product_variation_invalid_id", "Invalid ID."));
            return ResponseEntity.ok(asVariation(read(request, context,
                    item(request.getMethod(), "products", v.path("id").asLong(), body, force))));
        });
    }

    // ------------------------------------------------------------------ batch

    @RequestMapping(path = API + "/{resource}/batch", method = {RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH})
    ResponseEntity<?> batch(HttpServletRequest request, @PathVariable String resource, @RequestBody JsonNode body) {
        return guarded(request, () -> ResponseEntity.ok(batch(resource, null, body)));
    }

    @RequestMapping(path = API + "/products/{parent}/variations/batch", method = {RequestMethod.POST, RequestMethod.PUT,
        RequestMethod.PATCH})
    ResponseEntity<?> variationBatch(HttpServletRequest request, @PathVariable long parent, @RequestBody JsonNode body) {
        return guarded(request, () -> ResponseEntity.ok(batch("variations", parent, body)));
    }

    @RequestMapping(API + "/**")
    ResponseEntity<?> noRoute(HttpServletRequest request) {
        return guarded(request, () -> {
            throw new WooSandboxError(404, "rest_no_route", "No route was found matching the URL and request method.");
        });
    }

    // ------------------------------------------------------------------ behaviour

    private JsonNode batch(String resource, Long parent, JsonNode body) {
        int items = body.path("create").size() + body.path("update").size() + body.path("delete").size();
        if (items > 100) {
            throw new WooSandboxError(413, "woocommerce_rest_request_entity_too_large",
                    "Unable to accept more than 100 items for this request.");
        }
        ObjectNode out = json.createObjectNode();
        // only the requested keys, in request order; each item on its own (not transactional)
        for (String action : List.of("create", "update", "delete")) {
            if (!body.has(action)) {
                continue;
            }
            ArrayNode results = out.putArray(action);
            for (JsonNode item : body.path(action)) {
                long id = "delete".equals(action) ? item.asLong() : item.path("id").asLong(0);
                try {
                    String itemResource = "variations".equals(resource) ? "products" : resource;
                    if (parent != null && !"create".equals(action) && store.get("products", id)
                            .filter(v -> v.path("parent_id").asLong() == parent).isEmpty()) {
                        throw new WooSandboxError(400, "woocommerce_rest_product_variation_invalid_id", "Invalid ID.");
                    }
                    JsonNode result = switch (action) {
                        case "create" -> create(resource, parent, item);
                        case "update" -> item("PUT", itemResource, id, item, false);
                        default -> item("DELETE", itemResource, id, null, true);
                    };
                    results.add(visible(parent != null ? asVariation(result) : result));
                } catch (WooSandboxError e) {
                    ObjectNode failed = results.addObject().put("id", "create".equals(action) ? 0 : id);
                    failed.set("error", e.body());
                }
            }
        }
        return out;
    }

    private JsonNode create(String resource, Long parent, JsonNode body) {
        return switch (resource) {
            case "products" -> store.createProduct(body, null);
            case "variations" -> store.createProduct(body, parent);
            case "customers" -> store.createCustomer(body);
            case "orders" -> store.createOrder(body);
            case "webhooks" -> {
                JsonNode created = store.createWebhook(body);
                if ("active".equals(created.path("status").asText())) {
                    webhooks.ping(created);
                }
                yield created;
            }
            default -> throw new WooSandboxError(404, "rest_no_route", "No route was found matching the URL and request method.");
        };
    }

    private JsonNode item(String method, String resource, long id, JsonNode body, boolean force) {
        if (!RESOURCES.contains(resource)) {
            throw new WooSandboxError(404, "rest_no_route", "No route was found matching the URL and request method.");
        }
        String invalid = switch (resource) {
            case "products" -> "woocommerce_rest_product_invalid_id";
            case "orders" -> "woocommerce_rest_shop_order_invalid_id";
            case "webhooks" -> "woocommerce_rest_webhook_invalid_id";
            default -> "woocommerce_rest_invalid_id";
        };
        if ("GET".equals(method)) {
            return store.get(resource, id).orElseThrow(() -> new WooSandboxError(404, invalid, "Invalid ID."));
        }
        JsonNode input = body == null ? json.createObjectNode() : body;
        if ("DELETE".equals(method)) {
            return switch (resource) {
                case "products" -> store.deleteProduct(id, force);
                case "customers" -> store.deleteCustomer(id, force);
                case "orders" -> store.deleteOrder(id, force);
                default -> store.deleteWebhook(id);
            };
        }
        return switch (resource) {
            case "products" -> store.updateProduct(id, input);
            case "customers" -> store.updateCustomer(id, input);
            case "orders" -> store.updateOrder(id, input);
            default -> store.updateWebhook(id, input);
        };
    }

    private ResponseEntity<?> page(HttpServletRequest request, String resource, Map<String, String> params, Long parent) {
        if (!RESOURCES.contains(resource) && !"variations".equals(resource)) {
            throw new WooSandboxError(404, "rest_no_route", "No route was found matching the URL and request method.");
        }
        int perPage = intParam(params, "per_page", 10);
        int page = intParam(params, "page", 1);
        if (perPage < 1 || perPage > 100) {
            throw new WooSandboxError(400, "rest_invalid_param", "Invalid parameter(s): per_page")
                    .with("params", Map.of("per_page", "per_page must be between 1 (inclusive) and 100 (inclusive)"));
        }
        if (page < 1) {
            throw new WooSandboxError(400, "rest_invalid_param", "Invalid parameter(s): page")
                    .with("params", Map.of("page", "page must be greater than or equal to 1"));
        }
        List<ObjectNode> all = store.select("variations".equals(resource) ? "products" : resource,
                filter(resource, params, parent), order(resource, params));
        int total = all.size();
        int pages = (total + perPage - 1) / perPage;
        int from = Math.min(total, (page - 1) * perPage);
        ArrayNode body = json.createArrayNode();
        String context = params.getOrDefault("context", "view");
        all.subList(from, Math.min(total, from + perPage)).forEach(r -> body.add(visible("variations".equals(resource)
                ? asVariation(read(request, context, r.deepCopy()))
                : read(request, context, r.deepCopy()))));
        HttpHeaders headers = new HttpHeaders();
        headers.add("X-WP-Total", String.valueOf(total));
        headers.add("X-WP-TotalPages", String.valueOf(pages));
        String base = request.getRequestURL().toString();
        String query = params.entrySet().stream().filter(e -> !e.getKey().equals("page"))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
        StringBuilder link = new StringBuilder();
        if (page > 1 && page - 1 <= Math.max(pages, 1)) {
            link.append("<").append(base).append("?").append(query).append(query.isEmpty() ? "" : "&")
                    .append("page=").append(page - 1).append(">; rel=\"prev\"");
        }
        if (page < pages) {
            link.append(link.isEmpty() ? "" : ", ").append("<").append(base).append("?").append(query)
                    .append(query.isEmpty() ? "" : "&").append("page=").append(page + 1).append(">; rel=\"next\"");
        }
        if (!link.isEmpty()) {
            headers.add("Link", link.toString());
        }
        return ResponseEntity.ok().headers(headers).body(body);
    }

    private Predicate<ObjectNode> filter(String resource, Map<String, String> p, Long parent) {
        Predicate<ObjectNode> f = r -> true;
        if ("variations".equals(resource)) {
            f = f.and(r -> r.path("parent_id").asLong() == parent);
        } else if ("products".equals(resource)) {
            if (p.containsKey("sku")) {
                // an SKU search returns variations too
                Set<String> skus = Set.of(p.get("sku").split(","));
                f = f.and(r -> skus.contains(r.path("sku").asText()));
            } else {
                f = f.and(r -> !"variation".equals(r.path("type").asText()));
            }
            if (p.containsKey("type")) {
                f = f.and(r -> p.get("type").equals(r.path("type").asText()));
            }
        }
        if (p.containsKey("status") && !"any".equals(p.get("status"))) {
            Set<String> statuses = Set.of(p.get("status").split(","));
            f = f.and(r -> statuses.contains(r.path("status").asText()));
        } else if (!"customers".equals(resource) && !"webhooks".equals(resource)) {
            f = f.and(r -> !"trash".equals(r.path("status").asText()));
        }
        if (p.containsKey("include")) {
            Set<Long> ids = Arrays.stream(p.get("include").split(",")).map(String::trim).map(Long::parseLong)
                    .collect(Collectors.toSet());
            f = f.and(r -> ids.contains(r.path("id").asLong()));
        }
        if (p.containsKey("search")) {
            String s = p.get("search").toLowerCase();
            f = f.and(r -> r.path("name").asText(r.path("email").asText()).toLowerCase().contains(s));
        }
        if ("customers".equals(resource)) {
            if (p.containsKey("email")) {
                f = f.and(r -> r.path("email").asText().equalsIgnoreCase(p.get("email")));
            }
            return f; // no modified_after for customers (WooCommerce ignores it)
        }
        if (p.containsKey("customer") && "orders".equals(resource)) {
            f = f.and(r -> r.path("customer_id").asText().equals(p.get("customer")));
        }
        String field = "true".equals(p.get("dates_are_gmt")) ? "_gmt" : "";
        f = dateFilter(f, p.get("modified_after"), "date_modified" + field, true);
        f = dateFilter(f, p.get("modified_before"), "date_modified" + field, false);
        f = dateFilter(f, p.get("after"), "date_created" + field, true);
        return dateFilter(f, p.get("before"), "date_created" + field, false);
    }

    private static Predicate<ObjectNode> dateFilter(Predicate<ObjectNode> f, String value, String field, boolean after) {
        if (value == null) {
            return f;
        }
        LocalDateTime bound;
        try {
            String v = value.replace("Z", "");
            bound = LocalDateTime.parse(v.length() > 19 ? v.substring(0, 19) : v);
        } catch (DateTimeParseException e) {
            throw new WooSandboxError(400, "rest_invalid_param", "Invalid parameter(s): " + field)
                    .with("params", Map.of(field, "Invalid date."));
        }
        return f.and(r -> {
            LocalDateTime t = LocalDateTime.parse(r.path(field).asText());
            return after ? t.isAfter(bound) : t.isBefore(bound);
        });
    }

    private static Comparator<ObjectNode> order(String resource, Map<String, String> p) {
        String by = p.getOrDefault("orderby", "customers".equals(resource) ? "name" : "date");
        Comparator<ObjectNode> c = switch (by) {
            case "id", "include" -> Comparator.comparingLong(r -> r.path("id").asLong());
            case "modified" -> Comparator.comparing((ObjectNode r) -> r.path("date_modified_gmt").asText());
            case "title", "name" -> Comparator.comparing((ObjectNode r) -> r.path("name").asText(r.path("last_name").asText()));
            default -> Comparator.comparing((ObjectNode r) -> r.path("date_created_gmt").asText());
        };
        c = c.thenComparingLong(r -> r.path("id").asLong()); // WooCommerce appends ID for stable paging
        String direction = p.getOrDefault("order", "customers".equals(resource) ? "asc" : "desc");
        return "asc".equalsIgnoreCase(direction) ? c : c.reversed();
    }

    /**
     * What a read answers: the {@code view} context unless {@code ?context=edit}; writes (POST, PUT, DELETE, batch)
     * answer what the store stored, the {@code edit} context, as WooCommerce does.
     */
    private JsonNode read(HttpServletRequest request, String context, JsonNode stored) {
        return "GET".equals(request.getMethod()) && !"edit".equals(context)
                ? WooSandboxViews.view(store.inheritSku(stored)) : stored;
    }

    /** A variation as the variations endpoints answer it, in any context: named by its options, its SKU inherited. */
    private JsonNode asVariation(JsonNode record) {
        return WooSandboxViews.variationEndpoint(store.inheritSku(record));
    }

    /** The webhook secret is write-only: never in an answer. */
    private static JsonNode visible(JsonNode record) {
        if (record instanceof ObjectNode o && o.has("delivery_url")) {
            o.remove("secret");
        }
        return record;
    }

    private static int intParam(Map<String, String> params, String name, int fallback) {
        try {
            return params.containsKey(name) ? Integer.parseInt(params.get(name)) : fallback;
        } catch (NumberFormatException e) {
            throw new WooSandboxError(400, "rest_invalid_param", "Invalid parameter(s): " + name)
                    .with("params", Map.of(name, name + " is not of type integer."));
        }
    }

    private ResponseEntity<?> guarded(HttpServletRequest request, Supplier<ResponseEntity<?>> action) {
        try {
            auth.check(request);
            return action.get();
        } catch (WooSandboxError e) {
            ResponseEntity.BodyBuilder answer = ResponseEntity.status(e.status);
            if (e.status == 401 && "woocommerce_rest_authentication_error".equals(e.code)) {
                answer.header("WWW-Authenticate", "Basic realm=\"WooCommerce API. Use a consumer key in the username "
                        + "field and a consumer secret in the password field.\"");
            }
            return answer.body(e.body());
        }
    }
}
