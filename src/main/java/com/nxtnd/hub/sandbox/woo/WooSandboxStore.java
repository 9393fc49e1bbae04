package com.nxtnd.hub.sandbox.woo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nxtnd.hub.sandbox.SandboxCatalog;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The WooCommerce sandbox's data, in memory, with WooCommerce's rules: unique SKUs (products and variations share
 * them), stock status recomputed from managed stock, orders lowering stock without moving the product's
 * date_modified, site time = GMT. Every change is reported to the webhook deliverer.
 */
public class WooSandboxStore {

    static final DateTimeFormatter WC_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    static final Set<String> ORDER_STATUSES = Set.of("pending", "processing", "on-hold", "completed", "cancelled",
            "refunded", "failed", "trash");

    /** (resource, event, record) after each committed change. */
    public record Change(String resource, String event, long id) {
    }

    private final ObjectMapper json;
    private final String siteUrl;
    private final Object lock = new Object();
    private final NavigableMap<Long, ObjectNode> products = new TreeMap<>();
    private final NavigableMap<Long, ObjectNode> customers = new TreeMap<>();
    private final NavigableMap<Long, ObjectNode> orders = new TreeMap<>();
    private final NavigableMap<Long, ObjectNode> webhooks = new TreeMap<>();
    private final Map<String, Long> skuIndex = new java.util.HashMap<>();
    private long nextPostId;
    private long nextUserId;
    private long nextWebhookId;
    private Consumer<Change> listener = c -> { };

    public WooSandboxStore(ObjectMapper json, String siteUrl) {
        this.json = json;
        this.siteUrl = siteUrl.endsWith("/") ? siteUrl.substring(0, siteUrl.length() - 1) : siteUrl;
        reset();
    }

    void onChange(Consumer<Change> listener) {
        this.listener = listener;
    }

    // ------------------------------------------------------------------ seed

    /** The default shop: 200 products (191..200 variable, 3 variations each), 50 customers, 100 orders. */
    public void reset() {
        synchronized (lock) {
            clear();
            for (int i = 1; i <= 200; i++) {
                boolean variable = i > 190;
                ObjectNode input = json.createObjectNode().put("name", SandboxCatalog.productName(i))
                        .put("type", variable ? "variable" : "simple").put("sku", String.format("SKU-%04d", i))
                        .put("regular_price", variable ? "" : SandboxCatalog.price(i))
                        .put("description", "Catalogue item " + i).put("manage_stock", !variable)
                        .put("weight", "0.5");
                if (!variable) {
                    input.put("stock_quantity", SandboxCatalog.stock(i));
                }
                input.putArray("categories").addObject().put("id", 10 + i % 6).put("name", SandboxCatalog.category(i));
                if (variable) {
                    input.putArray("attributes").addObject().put("name", "Size").put("variation", true)
                            .putArray("options").add("S").add("M").add("L");
                }
                ObjectNode product = insertProduct(input, null, false);
                if (variable) {
                    for (String size : List.of("S", "M", "L")) {
                        ObjectNode v = json.createObjectNode().put("sku", String.format("SKU-%04d-%s", i, size))
                                .put("regular_price", SandboxCatalog.price(i + size.charAt(0)))
                                .put("manage_stock", true).put("stock_quantity", SandboxCatalog.stock(i + size.charAt(0)));
                        v.putArray("attributes").addObject().put("name", "Size").put("option", size);
                        insertProduct(v, product, false);
                    }
                }
            }
            for (int i = 1; i <= 50; i++) {
                insertCustomer(customerInput(i), false);
            }
            String[] statuses = {"pending", "processing", "on-hold", "completed", "cancelled"};
            for (int i = 1; i <= 100; i++) {
                ObjectNode order = json.createObjectNode().put("status", statuses[i % statuses.length])
                        .put("customer_id", customers.get((long) (i % 50) + 2) == null ? 0 : (i % 50) + 2);
                order.set("billing", customers.firstEntry().getValue().path("billing").deepCopy());
                order.putArray("line_items").addObject().put("product_id", productIdBySku(String.format("SKU-%04d", 1 + i % 150)))
                        .put("quantity", 1 + i % 3);
                insertOrder(order, false, false);
            }
        }
    }

    /** Replaces the shop with {@code productCount} simple products and {@code customerCount} customers. */
    public void seed(int productCount, int customerCount) {
        synchronized (lock) {
            clear();
            for (int i = 1; i <= productCount; i++) {
                ObjectNode input = json.createObjectNode().put("name", "Product " + i).put("type", "simple")
                        .put("sku", String.format("SKU-%06d", i)).put("regular_price", SandboxCatalog.price(i))
                        .put("manage_stock", true).put("stock_quantity", SandboxCatalog.stock(i));
                insertProduct(input, null, false);
            }
            for (int i = 1; i <= customerCount; i++) {
                insertCustomer(json.createObjectNode().put("email", "bulk" + i + "@example.com")
                        .put("first_name", "Bulk").put("last_name", "C" + i), false);
            }
        }
    }

    private ObjectNode customerInput(int i) {
        ObjectNode c = json.createObjectNode().put("email", String.format("customer%02d@example.com", i))
                .put("first_name", SandboxCatalog.firstName(i)).put("last_name", SandboxCatalog.lastName(i))
                .put("username", String.format("customer%02d", i));
        ObjectNode billing = c.putObject("billing").put("first_name", SandboxCatalog.firstName(i))
                .put("last_name", SandboxCatalog.lastName(i)).put("company", "").put("address_1", (10 + i) + " Market Street")
                .put("address_2", "").put("city", SandboxCatalog.city(i)).put("state", "")
                .put("postcode", String.format("%05d", 1000 + i)).put("country", "PT")
                .put("email", String.format("customer%02d@example.com", i)).put("phone", "+1-555-01" + String.format("%02d", i));
        ObjectNode shipping = billing.deepCopy();
        shipping.remove(List.of("email", "phone"));
        c.set("shipping", shipping);
        return c;
    }

    private void clear() {
        products.clear();
        customers.clear();
        orders.clear();
        skuIndex.clear();
        nextPostId = 10;
        nextUserId = 2;
        nextWebhookId = 1;
    }

    // ------------------------------------------------------------------ reads

    NavigableMap<Long, ObjectNode> table(String resource) {
        return switch (resource) {
            case "products", "variations" -> products;
            case "customers" -> customers;
            case "orders" -> orders;
            case "webhooks" -> webhooks;
            default -> throw new WooSandboxError(404, "rest_no_route", "No route was found matching the URL and request method.");
        };
    }

    /** Ids of the records a list request selects, in the requested order. */
    List<ObjectNode> select(String resource, Predicate<ObjectNode> filter, Comparator<ObjectNode> order) {
        synchronized (lock) {
            List<ObjectNode> out = new ArrayList<>();
            for (ObjectNode r : table(resource).values()) {
                if (filter.test(r)) {
                    out.add(r);
                }
            }
            out.sort(order);
            return out;
        }
    }

    public Optional<JsonNode> get(String resource, long id) {
        synchronized (lock) {
            return Optional.ofNullable(table(resource).get(id)).map(ObjectNode::deepCopy);
        }
    }

    public Optional<JsonNode> productBySku(String sku) {
        synchronized (lock) {
            return Optional.ofNullable(skuIndex.get(sku)).map(products::get).map(ObjectNode::deepCopy);
        }
    }

    public int count(String resource) {
        synchronized (lock) {
            return table(resource).size();
        }
    }

    List<ObjectNode> activeWebhooks() {
        synchronized (lock) {
            return webhooks.values().stream().filter(w -> "active".equals(w.path("status").asText()))
                    .map(ObjectNode::deepCopy).toList();
        }
    }

    // ------------------------------------------------------------------ writes

    public JsonNode createProduct(JsonNode input, Long parentId) {
        synchronized (lock) {
            ObjectNode parent = null;
            if (parentId != null) {
                parent = products.get(parentId);
                if (parent == null || !"variable".equals(parent.path("type").asText())) {
                    throw new WooSandboxError(404, "woocommerce_rest_product_invalid_id", "Invalid ID.");
                }
            }
            if (input.hasNonNull("id") && input.path("id").asLong() > 0) {
                throw new WooSandboxError(400, "woocommerce_rest_product_exists",
                        "Cannot create existing product.");
            }
            return insertProduct(input, parent, true).deepCopy();
        }
    }

    public JsonNode updateProduct(long id, JsonNode input) {
        synchronized (lock) {
            ObjectNode p = products.get(id);
            if (p == null) {
                throw new WooSandboxError(400, "woocommerce_rest_product_invalid_id", "Invalid ID.");
            }
            applyProduct(p, input);
            p.put("date_modified", now()).put("date_modified_gmt", now());
            fire("product", "updated", id);
            return p.deepCopy();
        }
    }

    public JsonNode deleteProduct(long id, boolean force) {
        synchronized (lock) {
            ObjectNode p = products.get(id);
            if (p == null) {
                throw new WooSandboxError(404, "woocommerce_rest_product_invalid_id", "Invalid ID.");
            }
            if (!force) {
                if ("trash".equals(p.path("status").asText())) {
                    throw new WooSandboxError(410, "woocommerce_rest_already_trashed", "The product has already been deleted.");
                }
                JsonNode before = p.deepCopy(); // the answer is the product as it was (a real store answers "publish")
                p.put("status", "trash");
                fire("product", "deleted", id); // product.deleted fires on trash only
                return before;
            }
            products.remove(id);
            skuIndex.remove(p.path("sku").asText());
            if (p.path("parent_id").asLong() > 0) {
                ObjectNode parent = products.get(p.path("parent_id").asLong());
                if (parent != null) {
                    ArrayNode kept = json.createArrayNode();
                    parent.path("variations").forEach(v -> {
                        if (v.asLong() != id) {
                            kept.add(v);
                        }
                    });
                    parent.set("variations", kept);
                }
            }
            return p.deepCopy();
        }
    }

    public JsonNode createCustomer(JsonNode input) {
        synchronized (lock) {
            return insertCustomer(input, true).deepCopy();
        }
    }

    public JsonNode updateCustomer(long id, JsonNode input) {
        synchronized (lock) {
            ObjectNode c = customers.get(id);
            if (c == null) {
                throw new WooSandboxError(400, "woocommerce_rest_invalid_id", "Invalid resource ID.");
            }
            if (input.hasNonNull("email") && !input.path("email").asText().equalsIgnoreCase(c.path("email").asText())
                    && emailTaken(input.path("email").asText())) {
                throw new WooSandboxError(400, "woocommerce_rest_customer_invalid_email",
                        "An account is already registered with your email address.");
            }
            applyCustomer(c, input);
            c.put("date_modified", now()).put("date_modified_gmt", now());
            fire("customer", "updated", id);
            return c.deepCopy();
        }
    }

    public JsonNode deleteCustomer(long id, boolean force) {
        synchronized (lock) {
            if (!force) {
                throw new WooSandboxError(501, "woocommerce_rest_trash_not_supported", "Customers do not support trashing.");
            }
            ObjectNode c = customers.remove(id);
            if (c == null) {
                throw new WooSandboxError(404, "woocommerce_rest_invalid_id", "Invalid resource ID.");
            }
            fire("customer", "deleted", id);
            return c;
        }
    }

    public JsonNode createOrder(JsonNode input) {
        synchronized (lock) {
            return insertOrder(input, true, true).deepCopy();
        }
    }

    public JsonNode updateOrder(long id, JsonNode input) {
        synchronized (lock) {
            ObjectNode o = orders.get(id);
            if (o == null) {
                throw new WooSandboxError(400, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.");
            }
            if (input.hasNonNull("status")) {
                String status = input.path("status").asText();
                if (!ORDER_STATUSES.contains(status)) {
                    throw new WooSandboxError(400, "rest_invalid_param", "Invalid parameter(s): status")
                            .with("params", Map.of("status", "status is not one of " + ORDER_STATUSES));
                }
                o.put("status", status);
            }
            for (String f : List.of("customer_note", "transaction_id")) {
                if (input.has(f)) {
                    o.set(f, input.get(f));
                }
            }
            if (input.path("set_paid").asBoolean(false) && o.path("date_paid").isNull()) {
                markPaid(o);
            }
            o.put("date_modified", now()).put("date_modified_gmt", now());
            fire("order", "updated", id);
            return o.deepCopy();
        }
    }

    public JsonNode deleteOrder(long id, boolean force) {
        synchronized (lock) {
            ObjectNode o = orders.get(id);
            if (o == null) {
                throw new WooSandboxError(404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.");
            }
            if (force) {
                orders.remove(id);
            } else {
                o.put("status", "trash");
                fire("order", "deleted", id);
            }
            return o.deepCopy();
        }
    }

    JsonNode createWebhook(JsonNode input) {
        synchronized (lock) {
            String topic = input.path("topic").asText("");
            if (!topic.matches("(product|customer|order|coupon)\\.(created|updated|deleted|restored)")) {
                throw new WooSandboxError(400, "rest_invalid_param", "Invalid parameter(s): topic")
                        .with("params", Map.of("topic", "Webhook topic is invalid."));
            }
            long id = nextWebhookId++;
            String[] parts = topic.split("\\.");
            ObjectNode w = json.createObjectNode().put("id", id).put("name", input.path("name").asText("Webhook " + id))
                    .put("status", input.path("status").asText("active")).put("topic", topic)
                    .put("resource", parts[0]).put("event", parts[1])
                    .put("delivery_url", input.path("delivery_url").asText(""))
                    .put("secret", input.path("secret").asText(org.apache.commons.lang3.RandomStringUtils.secure().nextAlphanumeric(50)))
                    .put("failure_count", 0).put("pending_delivery", true)
                    .put("date_created", now()).put("date_created_gmt", now())
                    .put("date_modified", now()).put("date_modified_gmt", now());
            w.putArray("hooks");
            webhooks.put(id, w);
            return w.deepCopy();
        }
    }

    JsonNode updateWebhook(long id, JsonNode input) {
        synchronized (lock) {
            ObjectNode w = webhooks.get(id);
            if (w == null) {
                throw new WooSandboxError(400, "woocommerce_rest_webhook_invalid_id", "Invalid ID.");
            }
            for (String f : List.of("name", "status", "delivery_url", "secret")) {
                if (input.hasNonNull(f)) {
                    w.set(f, input.get(f));
                }
            }
            if ("active".equals(input.path("status").asText())) {
                w.put("failure_count", 0);
            }
            w.put("date_modified", now()).put("date_modified_gmt", now());
            return w.deepCopy();
        }
    }

    JsonNode deleteWebhook(long id) {
        synchronized (lock) {
            ObjectNode w = webhooks.remove(id);
            if (w == null) {
                throw new WooSandboxError(404, "woocommerce_rest_webhook_invalid_id", "Invalid ID.");
            }
            return w;
        }
    }

    /** Records a delivery result the way WooCommerce does: the 7th consecutive failure disables the webhook. */
    void deliveryResult(long webhookId, boolean success) {
        synchronized (lock) {
            ObjectNode w = webhooks.get(webhookId);
            if (w == null) {
                return;
            }
            if (success) {
                w.put("failure_count", 0).put("pending_delivery", false);
            } else if (w.path("failure_count").asInt() > 5) {
                w.put("status", "disabled");
            } else {
                w.put("failure_count", w.path("failure_count").asInt() + 1);
            }
        }
    }

    /** What a webhook delivery carries: the record as GET returns it ({"id":N} for deleted). */
    Optional<JsonNode> payload(String resource, String event, long id) {
        if ("deleted".equals(event)) {
            return Optional.of(json.createObjectNode().put("id", id));
        }
        synchronized (lock) {
            ObjectNode r = table(resource + "s").get(id);
            return r == null ? Optional.empty() : Optional.of(r.deepCopy());
        }
    }

    // ------------------------------------------------------------------ internals

    private ObjectNode insertProduct(JsonNode input, ObjectNode parent, boolean fire) {
        String sku = input.path("sku").asText("");
        if (!sku.isEmpty() && skuIndex.containsKey(sku)) {
            throw duplicateSku(sku);
        }
        long id = nextPostId++;
        boolean variation = parent != null;
        ObjectNode p = json.createObjectNode().put("id", id).put("name", input.path("name").asText(variation
                ? parent.path("name").asText() : "Product")).put("slug", "product-" + id)
                .put("permalink", siteUrl + "/product/product-" + id + "/")
                .put("date_created", now()).put("date_created_gmt", now())
                .put("date_modified", now()).put("date_modified_gmt", now())
                .put("type", variation ? "variation" : input.path("type").asText("simple"))
                .put("status", input.path("status").asText("publish")).put("featured", false)
                .put("catalog_visibility", "visible").put("description", "").put("short_description", "")
                .put("sku", "").put("price", "").put("regular_price", "").put("sale_price", "")
                .putNull("date_on_sale_from").putNull("date_on_sale_from_gmt").putNull("date_on_sale_to")
                .putNull("date_on_sale_to_gmt").put("on_sale", false).put("purchasable", true).put("total_sales", 0)
                .put("virtual", false).put("downloadable", false).put("tax_status", "taxable").put("tax_class", "")
                .put("manage_stock", false).putNull("stock_quantity").put("stock_status", "instock")
                .put("backorders", "no").put("backorders_allowed", false).put("backordered", false)
                .put("weight", "").put("parent_id", variation ? parent.path("id").asLong() : 0);
        p.putObject("dimensions").put("length", "").put("width", "").put("height", "");
        p.putArray("categories");
        p.putArray("tags");
        p.putArray("images");
        p.putArray("attributes");
        p.putArray("default_attributes");
        p.putArray("variations");
        p.putArray("meta_data");
        applyProduct(p, input);
        ObjectNode links = p.putObject("_links");
        links.putArray("self").addObject().put("href", siteUrl + "/wp-json/wc/v3/products/"
                + (variation ? parent.path("id").asLong() + "/variations/" : "") + id);
        links.putArray("collection").addObject().put("href", siteUrl + "/wp-json/wc/v3/products");
        products.put(id, p);
        if (!p.path("sku").asText().isEmpty()) {
            skuIndex.put(p.path("sku").asText(), id);
        }
        if (variation) {
            ((ArrayNode) parent.withArray("variations")).add(id);
        }
        if (fire) {
            fire("product", "created", id);
        }
        return p;
    }

    private void applyProduct(ObjectNode p, JsonNode input) {
        if (input.has("sku")) {
            String sku = input.path("sku").asText("");
            Long holder = skuIndex.get(sku);
            if (!sku.isEmpty() && holder != null && holder != p.path("id").asLong()) {
                throw duplicateSku(sku).with("resource_id", holder);
            }
            skuIndex.remove(p.path("sku").asText());
            p.put("sku", sku);
            if (!sku.isEmpty() && p.has("id") && products.containsKey(p.path("id").asLong())) {
                skuIndex.put(sku, p.path("id").asLong());
            }
        }
        for (String f : List.of("name", "description", "short_description", "status", "weight", "catalog_visibility")) {
            if (input.hasNonNull(f)) {
                p.set(f, input.get(f));
            }
        }
        if (input.hasNonNull("name")) {
            p.put("name", WooSandboxViews.storedTitle(input.path("name").asText())); // stored HTML-escaped
        }
        for (String f : List.of("regular_price", "sale_price")) {
            if (input.has(f)) {
                p.put(f, money(input.path(f).asText("")));
            }
        }
        p.put("price", p.path("sale_price").asText().isEmpty() ? p.path("regular_price").asText() : p.path("sale_price").asText());
        p.put("on_sale", !p.path("sale_price").asText().isEmpty());
        for (String f : List.of("categories", "attributes", "meta_data", "images", "tags", "dimensions")) {
            if (input.has(f)) {
                p.set(f, input.get(f));
            }
        }
        if (input.has("manage_stock")) {
            p.put("manage_stock", input.path("manage_stock").asBoolean());
        }
        if (input.has("stock_quantity") && !input.path("stock_quantity").isNull()) {
            p.put("stock_quantity", input.path("stock_quantity").asInt());
        }
        if (input.has("stock_status")) {
            p.set("stock_status", input.get("stock_status"));
        }
        if (!p.path("manage_stock").asBoolean()) {
            p.putNull("stock_quantity"); // WooCommerce clears it when stock is not managed
            p.put("backorders", "no");
        } else {
            p.put("stock_status", p.path("stock_quantity").asInt(0) > 0 ? "instock" : "outofstock");
        }
    }

    private WooSandboxError duplicateSku(String sku) {
        return new WooSandboxError(400, "product_invalid_sku", "Invalid or duplicated SKU.")
                .with("resource_id", skuIndex.get(sku)).with("unique_sku", sku + "-1");
    }

    private ObjectNode insertCustomer(JsonNode input, boolean fire) {
        String email = input.path("email").asText("");
        if (email.isBlank() || !email.contains("@")) {
            throw new WooSandboxError(400, "registration-error-invalid-email", "Please provide a valid email address.");
        }
        if (emailTaken(email)) {
            throw new WooSandboxError(400, "registration-error-email-exists",
                    "An account is already registered with your email address. Please log in.");
        }
        long id = nextUserId++;
        ObjectNode c = json.createObjectNode().put("id", id).put("date_created", now()).put("date_created_gmt", now())
                .put("date_modified", now()).put("date_modified_gmt", now()).put("email", email)
                .put("first_name", "").put("last_name", "").put("role", "customer")
                .put("username", input.path("username").asText(email.substring(0, email.indexOf('@'))))
                .put("is_paying_customer", false).put("avatar_url", "");
        c.putObject("billing");
        c.putObject("shipping");
        c.putArray("meta_data");
        applyCustomer(c, input);
        c.putObject("_links").putArray("self").addObject().put("href", siteUrl + "/wp-json/wc/v3/customers/" + id);
        customers.put(id, c);
        if (fire) {
            fire("customer", "created", id);
        }
        return c;
    }

    private void applyCustomer(ObjectNode c, JsonNode input) {
        for (String f : List.of("email", "first_name", "last_name", "username")) {
            if (input.hasNonNull(f)) {
                c.set(f, input.get(f));
            }
        }
        for (String f : List.of("billing", "shipping")) {
            if (input.path(f).isObject()) {
                ((ObjectNode) c.path(f)).setAll((ObjectNode) input.get(f));
            }
        }
    }

    private boolean emailTaken(String email) {
        return customers.values().stream().anyMatch(c -> c.path("email").asText().equalsIgnoreCase(email));
    }

    private ObjectNode insertOrder(JsonNode input, boolean fire, boolean moveStock) {
        long customerId = input.path("customer_id").asLong(0);
        if (customerId != 0 && !customers.containsKey(customerId)) {
            throw new WooSandboxError(400, "woocommerce_rest_invalid_customer_id", "Customer ID is invalid.");
        }
        String status = input.path("status").asText("pending");
        if (!ORDER_STATUSES.contains(status)) {
            throw new WooSandboxError(400, "rest_invalid_param", "Invalid parameter(s): status");
        }
        long id = nextPostId++;
        ObjectNode o = json.createObjectNode().put("id", id).put("parent_id", 0).put("number", String.valueOf(id))
                .put("order_key", "wc_order_" + Long.toHexString(id * 7919)).put("created_via", "rest-api")
                .put("version", "8.9.1").put("status", status).put("currency", input.path("currency").asText("USD"))
                .put("date_created", now()).put("date_created_gmt", now()).put("date_modified", now())
                .put("date_modified_gmt", now()).put("discount_total", "0.00").put("discount_tax", "0.00")
                .put("shipping_total", "0.00").put("shipping_tax", "0.00").put("cart_tax", "0.00")
                .put("total_tax", "0.00").put("prices_include_tax", false).put("customer_id", customerId)
                .put("customer_note", input.path("customer_note").asText("")).put("payment_method", input.path("payment_method").asText(""))
                .put("payment_method_title", input.path("payment_method_title").asText("")).put("transaction_id", "")
                .putNull("date_paid").putNull("date_paid_gmt").putNull("date_completed").putNull("date_completed_gmt");
        o.set("billing", input.path("billing").isObject() ? input.get("billing").deepCopy() : json.createObjectNode());
        o.set("shipping", input.path("shipping").isObject() ? input.get("shipping").deepCopy() : json.createObjectNode());
        ArrayNode lines = o.putArray("line_items");
        BigDecimal total = BigDecimal.ZERO;
        long lineId = id * 10;
        for (JsonNode in : input.path("line_items")) {
            long productId = in.path("variation_id").asLong(0) > 0 ? in.path("variation_id").asLong() : in.path("product_id").asLong();
            ObjectNode product = products.get(productId);
            if (product == null) {
                throw new WooSandboxError(400, "woocommerce_rest_invalid_product_id", "Product ID provided is invalid.");
            }
            int qty = in.path("quantity").asInt(1);
            BigDecimal price = new BigDecimal(product.path("price").asText("0").isEmpty() ? "0" : product.path("price").asText());
            BigDecimal lineTotal = price.multiply(BigDecimal.valueOf(qty)).setScale(2, RoundingMode.HALF_UP);
            total = total.add(lineTotal);
            lines.addObject().put("id", ++lineId).put("name", product.path("name").asText())
                    .put("product_id", product.path("parent_id").asLong() > 0 ? product.path("parent_id").asLong() : productId)
                    .put("variation_id", product.path("parent_id").asLong() > 0 ? productId : 0).put("quantity", qty)
                    .put("tax_class", "").put("subtotal", lineTotal.toPlainString()).put("subtotal_tax", "0.00")
                    .put("total", lineTotal.toPlainString()).put("total_tax", "0.00").put("sku", product.path("sku").asText())
                    .put("price", price.doubleValue());
            if (moveStock && product.path("manage_stock").asBoolean()) {
                // WooCommerce lowers managed stock but does not move the product's date_modified
                int stock = product.path("stock_quantity").asInt() - qty;
                product.put("stock_quantity", stock).put("stock_status", stock > 0 ? "instock" : "outofstock");
                product.put("total_sales", product.path("total_sales").asInt() + qty);
            }
        }
        o.put("total", total.setScale(2, RoundingMode.HALF_UP).toPlainString());
        o.putArray("tax_lines");
        o.putArray("shipping_lines");
        o.putArray("fee_lines");
        o.putArray("coupon_lines");
        o.putArray("refunds");
        o.putArray("meta_data");
        if (input.path("set_paid").asBoolean(false)) {
            markPaid(o);
        }
        o.putObject("_links").putArray("self").addObject().put("href", siteUrl + "/wp-json/wc/v3/orders/" + id);
        orders.put(id, o);
        if (fire) {
            fire("order", "created", id);
        }
        return o;
    }

    private void markPaid(ObjectNode o) {
        o.put("date_paid", now()).put("date_paid_gmt", now());
        if ("pending".equals(o.path("status").asText()) || "on-hold".equals(o.path("status").asText())) {
            o.put("status", "processing");
        }
    }

    private long productIdBySku(String sku) {
        return skuIndex.get(sku);
    }

    private void fire(String resource, String event, long id) {
        listener.accept(new Change(resource, event, id));
    }

    static String money(String value) {
        if (value == null || value.isBlank()) {
            return "";
        }
        try {
            return new BigDecimal(value.trim()).setScale(2, RoundingMode.HALF_UP).toPlainString();
        } catch (NumberFormatException e) {
            throw new WooSandboxError(400, "rest_invalid_param", "Invalid parameter(s): regular_price");
        }
    }

    static String now() {
        return LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).format(WC_DATE);
    }

    // ------------------------------------------------------------------ snapshots (SandboxSnapshots)

    /** Everything a restart must keep: the records, the webhooks and the id counters. */
    public ObjectNode exportState() {
        synchronized (lock) {
            ObjectNode state = json.createObjectNode().put("nextPostId", nextPostId).put("nextUserId", nextUserId)
                    .put("nextWebhookId", nextWebhookId);
            state.set("products", json.valueToTree(products.values()));
            state.set("customers", json.valueToTree(customers.values()));
            state.set("orders", json.valueToTree(orders.values()));
            state.set("webhooks", json.valueToTree(webhooks.values()));
            return state.deepCopy();
        }
    }

    /** Replaces everything with a state {@link #exportState} gave; the SKU index is rebuilt from the products. */
    public void importState(JsonNode state) {
        synchronized (lock) {
            clear();
            webhooks.clear();
            state.path("products").forEach(p -> {
                products.put(p.path("id").asLong(), ((ObjectNode) p).deepCopy());
                if (!p.path("sku").asText().isEmpty()) {
                    skuIndex.put(p.path("sku").asText(), p.path("id").asLong());
                }
            });
            state.path("customers").forEach(c -> customers.put(c.path("id").asLong(), ((ObjectNode) c).deepCopy()));
            state.path("orders").forEach(o -> orders.put(o.path("id").asLong(), ((ObjectNode) o).deepCopy()));
            state.path("webhooks").forEach(w -> webhooks.put(w.path("id").asLong(), ((ObjectNode) w).deepCopy()));
            nextPostId = state.path("nextPostId").asLong(nextPostId);
            nextUserId = state.path("nextUserId").asLong(nextUserId);
            nextWebhookId = state.path("nextWebhookId").asLong(nextWebhookId);
        }
    }
}
