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
    private final Map<Long, List<ObjectNode>> refunds = new java.util.HashMap<>();
    private final Map<Long, List<ObjectNode>> notes = new java.util.HashMap<>();
    /** Images a product write fetched (attachments: posts, numbered with them). */
    private final Map<Long, ObjectNode> attachments = new java.util.HashMap<>();
    private final WooSandboxTerms terms;
    private BigDecimal taxRate = BigDecimal.ZERO;
    private long nextPostId;
    private long nextUserId;
    private long nextWebhookId;
    private Consumer<Change> listener = c -> { };

    public WooSandboxStore(ObjectMapper json, String siteUrl) {
        this.json = json;
        this.siteUrl = siteUrl.endsWith("/") ? siteUrl.substring(0, siteUrl.length() - 1) : siteUrl;
        this.terms = new WooSandboxTerms(json, this.siteUrl);
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
                input.putArray("categories").addObject().put("id", categoryId(SandboxCatalog.category(i)));
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
                insertOrder(order, false, false); // history: the seeded stock already reflects these orders
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
        refunds.clear();
        notes.clear();
        attachments.clear();
        terms.clear();
        taxRate = BigDecimal.ZERO;
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

    // ------------------------------------------------------------------ product categories and tags

    /** GET /products/{categories|tags}: every term, with the number of products that carry it. */
    public List<JsonNode> terms(String taxonomy) {
        synchronized (lock) {
            terms.count(taxonomy, products.values());
            return terms.list(taxonomy).stream().map(t -> (JsonNode) t.deepCopy()).toList();
        }
    }

    public Optional<JsonNode> term(String taxonomy, long id) {
        synchronized (lock) {
            return terms.get(taxonomy, id).map(ObjectNode::deepCopy);
        }
    }

    public JsonNode createTerm(String taxonomy, JsonNode input) {
        synchronized (lock) {
            return terms.create(taxonomy, input).deepCopy();
        }
    }

    /** The id of the category with this name, created when there is none (the seed's). */
    private long categoryId(String name) {
        return terms.list("categories").stream().filter(t -> t.path("name").asText().equals(name)).findFirst()
                .map(t -> t.path("id").asLong())
                .orElseGet(() -> terms.create("categories", json.createObjectNode().put("name", name)).path("id").asLong());
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
            String nameBefore = p.path("name").asText();
            boolean wasVariable = "variable".equals(p.path("type").asText());
            applyProduct(p, input);
            if (wasVariable && !"variable".equals(p.path("type").asText())) {
                // no longer variable: WooCommerce deletes its variations for good (WC_Post_Data::product_type_changed)
                p.path("variations").forEach(v -> Optional.ofNullable(products.remove(v.asLong()))
                        .ifPresent(gone -> skuIndex.remove(gone.path("sku").asText(), gone.path("id").asLong())));
                p.putArray("variations");
            }
            ObjectNode parent = products.get(p.path("parent_id").asLong());
            if (parent != null) {
                // a variation's title is the store's, whatever was sent: regenerated from its parent on every save
                p.put("name", WooSandboxViews.variationTitle(parent.path("name").asText(), p.path("attributes")));
                syncVariablePrice(parent);
            } else if (!nameBefore.equals(p.path("name").asText())) {
                // a renamed variable product renames its variations (WC_Product_Variable_Data_Store_CPT::sync_variation_names)
                for (JsonNode child : p.path("variations")) {
                    ObjectNode v = products.get(child.asLong());
                    if (v != null) {
                        v.put("name", WooSandboxViews.variationTitle(p.path("name").asText(), v.path("attributes")));
                    }
                }
            }
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
                    syncVariablePrice(parent);
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

    /** The tax rate in percent over lines, shipping and taxable fees (0, the default, is a store with taxes off). */
    public void setTaxRate(BigDecimal percent) {
        synchronized (lock) {
            taxRate = percent;
        }
    }

    /**
     * PUT /orders/{id}. As observed on a real 8.9.1 store: editing line items through the REST API (an item's
     * {@code id} with a new {@code quantity}; 0 removes it; no id adds one) does not move stock, while a status
     * change does: processing, on-hold or completed reduce it once, cancelled or pending put back what was reduced.
     */
    public JsonNode updateOrder(long id, JsonNode input) {
        synchronized (lock) {
            ObjectNode o = orders.get(id);
            if (o == null) {
                throw new WooSandboxError(400, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.");
            }
            if (input.hasNonNull("status") && !ORDER_STATUSES.contains(input.path("status").asText())) {
                throw new WooSandboxError(400, "rest_invalid_param", "Invalid parameter(s): status")
                        .with("params", Map.of("status", "status is not one of " + ORDER_STATUSES));
            }
            for (String f : List.of("customer_note", "transaction_id", "payment_method", "payment_method_title")) {
                if (input.has(f)) {
                    o.set(f, input.get(f));
                }
            }
            for (String f : List.of("billing", "shipping")) {
                if (input.path(f).isObject()) {
                    ((ObjectNode) o.path(f)).setAll((ObjectNode) input.get(f));
                }
            }
            if (input.path("line_items").isArray()) {
                editLines(o, input.get("line_items"));
            }
            for (String f : List.of("shipping_lines", "fee_lines", "coupon_lines")) {
                if (input.path(f).isArray()) {
                    o.set(f, lines(f, input.get(f)));
                }
            }
            WooSandboxOrderTotals.calculate(o, taxRate);
            if (input.hasNonNull("status")) {
                changeStatus(o, input.path("status").asText(), true);
            }
            if (input.path("set_paid").asBoolean(false) && o.path("date_paid").isNull()) {
                markPaid(o, true);
            }
            o.put("date_modified", now()).put("date_modified_gmt", now());
            fire("order", "updated", id);
            return o.deepCopy();
        }
    }

    /**
     * POST /orders/{id}/refunds. As on a real store: {@code api_restock} (default true) puts the refunded quantity of
     * each line back in stock (the line's {@code _reduced_stock} goes down, {@code _restock_refunded_items} up); the
     * order lists the refund as {@code {"id","reason","total":"-5.00"}} and fires order.updated; a refund of what is
     * left makes the order refunded.
     */
    public JsonNode refundOrder(long orderId, JsonNode input) {
        synchronized (lock) {
            ObjectNode o = orders.get(orderId);
            if (o == null) {
                throw new WooSandboxError(404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.");
            }
            BigDecimal amount = WooSandboxOrderTotals.money(input.path("amount").asText("0"));
            BigDecimal refunded = BigDecimal.ZERO;
            for (JsonNode r : o.path("refunds")) {
                refunded = refunded.add(WooSandboxOrderTotals.money(r.path("total").asText("0")).negate());
            }
            BigDecimal left = WooSandboxOrderTotals.money(o.path("total").asText("0")).subtract(refunded);
            if (amount.signum() <= 0 || amount.compareTo(left) > 0) {
                throw new WooSandboxError(400, "woocommerce_rest_cannot_create_order_refund", "Invalid refund amount.");
            }
            long refundId = nextPostId++;
            ObjectNode refund = json.createObjectNode().put("id", refundId).put("date_created", now())
                    .put("date_created_gmt", now()).put("amount", amount.toPlainString())
                    .put("reason", input.path("reason").asText("")).put("refunded_by", 1)
                    .put("refunded_payment", input.path("api_refund").asBoolean(false));
            refund.putArray("meta_data");
            ArrayNode refundLines = refund.putArray("line_items");
            boolean restock = input.path("api_restock").asBoolean(true);
            long lineId = refundId * 10;
            for (JsonNode in : input.path("line_items")) {
                ObjectNode line = line(o, in.path("id").asLong());
                int qty = in.path("quantity").asInt(0);
                if (line == null || qty <= 0) {
                    continue;
                }
                BigDecimal lineRefund = WooSandboxOrderTotals.money(in.path("refund_total").asText("0"));
                ObjectNode r = refundLines.addObject().put("id", ++lineId).put("name", line.path("name").asText())
                        .put("product_id", line.path("product_id").asLong()).put("variation_id", line.path("variation_id").asLong())
                        .put("quantity", -qty).put("subtotal", lineRefund.negate().toPlainString())
                        .put("total", lineRefund.negate().toPlainString()).put("sku", line.path("sku").asText())
                        .put("price", line.path("price").asDouble());
                r.putArray("meta_data").addObject().put("key", "_refunded_item_id").put("value", line.path("id").asText());
                int reduced = meta(line, "_reduced_stock");
                if (restock && reduced > 0) {
                    int back = Math.min(qty, reduced);
                    moveStock(line, back);
                    setMeta(line, "_reduced_stock", reduced - back);
                    setMeta(line, "_restock_refunded_items", meta(line, "_restock_refunded_items") + back);
                }
            }
            refunds.computeIfAbsent(orderId, k -> new ArrayList<>()).add(refund);
            ((ArrayNode) o.withArray("refunds")).addObject().put("id", refundId).put("reason", refund.path("reason").asText())
                    .put("total", amount.negate().toPlainString());
            if (amount.compareTo(left) == 0) {
                o.put("status", "refunded");
            }
            o.put("date_modified", now()).put("date_modified_gmt", now());
            fire("order", "updated", orderId);
            return refund.deepCopy();
        }
    }

    public List<JsonNode> orderRefunds(long orderId) {
        synchronized (lock) {
            requireOrder(orderId);
            return refunds.getOrDefault(orderId, List.of()).stream().map(r -> (JsonNode) r.deepCopy()).toList();
        }
    }

    /** POST /orders/{id}/notes: a note on the order (customer_note true: the customer is told). Fires nothing. */
    public JsonNode addOrderNote(long orderId, JsonNode input) {
        synchronized (lock) {
            requireOrder(orderId);
            if (input.path("note").asText("").isBlank()) {
                throw new WooSandboxError(400, "rest_missing_callback_param", "Missing parameter(s): note");
            }
            ObjectNode note = json.createObjectNode().put("id", nextPostId++).put("author", "WooCommerce")
                    .put("date_created", now()).put("date_created_gmt", now()).put("note", input.path("note").asText())
                    .put("customer_note", input.path("customer_note").asBoolean(false));
            notes.computeIfAbsent(orderId, k -> new ArrayList<>()).add(note);
            return note.deepCopy();
        }
    }

    public List<JsonNode> orderNotes(long orderId) {
        synchronized (lock) {
            requireOrder(orderId);
            return notes.getOrDefault(orderId, List.of()).stream().map(n -> (JsonNode) n.deepCopy()).toList();
        }
    }

    private void requireOrder(long orderId) {
        if (!orders.containsKey(orderId)) {
            throw new WooSandboxError(404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.");
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

    /**
     * A variation with no SKU of its own answers its parent's (real-store-observations.md, "A variation without a
     * SKU of its own shows its parent's"): everywhere but {@code /products/{id}?context=edit}. A copy when changed.
     */
    public JsonNode inheritSku(JsonNode record) {
        if (record instanceof ObjectNode o && o.path("parent_id").asLong() > 0 && o.has("attributes")
                && o.path("sku").asText().isEmpty()) {
            synchronized (lock) {
                ObjectNode parent = products.get(o.path("parent_id").asLong());
                if (parent != null && !parent.path("sku").asText().isEmpty()) {
                    return o.deepCopy().put("sku", parent.path("sku").asText());
                }
            }
        }
        return record;
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
                .put("weight", "").put("purchase_note", "").put("parent_id", variation ? parent.path("id").asLong() : 0);
        p.putObject("dimensions").put("length", "").put("width", "").put("height", "");
        p.putArray("categories");
        p.putArray("tags");
        p.putArray("images");
        p.putArray("attributes");
        p.putArray("default_attributes");
        p.putArray("variations");
        p.putArray("meta_data");
        applyProduct(p, input);
        if (variation) {
            p.put("name", WooSandboxViews.variationTitle(parent.path("name").asText(), p.path("attributes")));
        }
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
            syncVariablePrice(parent);
        }
        if (fire) {
            fire("product", "created", id);
        }
        return p;
    }

    /** A write applies whole or not at all: a refused value (a bad image, a number for a weight) changes nothing. */
    private void applyProduct(ObjectNode p, JsonNode input) {
        String skuBefore = p.path("sku").asText();
        ObjectNode work = p.deepCopy();
        setProduct(work, input);
        p.removeAll();
        p.setAll(work);
        String sku = p.path("sku").asText();
        if (!sku.equals(skuBefore)) {
            long id = p.path("id").asLong();
            skuIndex.remove(skuBefore, id);
            if (!sku.isEmpty() && products.containsKey(id)) {
                skuIndex.put(sku, id);
            }
        }
    }

    /**
     * A variation's options as the variations controller keeps them: only for attributes its parent has and uses for
     * variations (matched by name, sanitize_title), named as the parent names them; any other is dropped silently.
     */
    private ArrayNode variationAttributes(ObjectNode variation, JsonNode given) {
        ObjectNode parent = products.get(variation.path("parent_id").asLong());
        ArrayNode kept = json.createArrayNode();
        for (JsonNode a : given) {
            for (JsonNode pa : parent == null ? json.createArrayNode() : parent.path("attributes")) {
                if (pa.path("variation").asBoolean() && titleKey(pa.path("name").asText()).equals(titleKey(a.path("name").asText()))) {
                    kept.addObject().put("id", pa.path("id").asLong(0)).put("name", pa.path("name").asText())
                            .put("slug", titleKey(pa.path("name").asText())).put("option", a.path("option").asText(""));
                }
            }
        }
        return kept;
    }

    private static String titleKey(String name) {
        return name.trim().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]+", "-");
    }

    private void setProduct(ObjectNode p, JsonNode input) {
        if (input.has("sku")) {
            String sku = input.path("sku").asText("");
            Long holder = skuIndex.get(sku);
            if (!sku.isEmpty() && holder != null && holder != p.path("id").asLong()) {
                throw duplicateSku(sku).with("resource_id", holder);
            }
            p.put("sku", sku);
        }
        boolean variation = p.path("parent_id").asLong() > 0;
        for (String f : List.of("name", "description", "short_description", "status", "catalog_visibility",
                "purchase_note")) {
            if (variation && "short_description".equals(f)) {
                continue; // not in a variation's schema: ignored, as a real store ignores it
            }
            if (input.hasNonNull(f)) {
                p.set(f, input.get(f));
            }
        }
        if (input.hasNonNull("weight")) {
            p.put("weight", stringParam("weight", "weight", input.get("weight")));
        }
        if (input.path("dimensions").isObject()) { // each given one set as sent; null leaves it (isset)
            for (String d : List.of("length", "width", "height")) {
                if (input.path("dimensions").hasNonNull(d)) {
                    ((ObjectNode) p.path("dimensions")).put(d, stringParam("dimensions", "dimensions[" + d + "]",
                            input.path("dimensions").get(d)));
                }
            }
        }
        saleDates(p, input);
        if (input.hasNonNull("backorders")) {
            String backorders = input.path("backorders").asText();
            if (!List.of("no", "notify", "yes").contains(backorders)) {
                throw new WooSandboxError(400, "rest_invalid_param", "Invalid parameter(s): backorders")
                        .with("params", Map.of("backorders", "backorders is not one of no, notify, and yes."));
            }
            p.put("backorders", backorders);
        }
        if (input.hasNonNull("name")) {
            p.put("name", WooSandboxViews.storedTitle(input.path("name").asText())); // stored HTML-escaped
        }
        if (!variation && input.hasNonNull("type") && List.of("simple", "variable").contains(input.path("type").asText())) {
            // the REST controller swaps the product's class (WC_Product_Factory) when an update names another type
            p.put("type", input.path("type").asText());
        }
        if ("variable".equals(p.path("type").asText())) {
            // a variable product has no prices of its own: sent ones are ignored, both answered "" (its "price" is
            // what it had as a simple product until its variations are priced; real-store-observations.md)
            p.put("regular_price", "").put("sale_price", "");
        } else {
            for (String f : List.of("regular_price", "sale_price")) {
                if (input.has(f)) {
                    p.put(f, money(input.path(f).asText("")));
                }
            }
            boolean onSale = onSale(p);
            p.put("price", onSale ? p.path("sale_price").asText() : p.path("regular_price").asText());
            p.put("on_sale", onSale);
        }
        for (String f : List.of("attributes", "meta_data")) {
            if (input.has(f)) {
                p.set(f, variation && "attributes".equals(f) ? variationAttributes(p, input.get(f)) : input.get(f));
            }
        }
        if (!variation) { // variations have no terms (nor images: one "image") of their own
            for (String taxonomy : List.of("categories", "tags")) {
                ArrayNode chosen = terms.forProduct(taxonomy, input.has(taxonomy) ? input.get(taxonomy)
                        : "categories".equals(taxonomy) && p.path(taxonomy).isEmpty() ? json.createArrayNode() : null);
                if (chosen != null) {
                    p.set(taxonomy, chosen);
                }
            }
        }
        if (!variation && input.path("images").isArray()) {
            p.set("images", images(input.path("images")));
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
            p.put("stock_status", p.path("stock_quantity").asInt(0) > 0 ? "instock"
                    : "no".equals(p.path("backorders").asText()) ? "outofstock" : "onbackorder");
        }
        p.put("backorders_allowed", !"no".equals(p.path("backorders").asText()));
    }

    /**
     * date_on_sale_from/_to and their _gmt twins (site time is GMT here, so both are set alike): a date sets it,
     * {@code ""} clears it, null leaves it (the REST controller's isset).
     */
    private void saleDates(ObjectNode p, JsonNode input) {
        for (String field : List.of("date_on_sale_from", "date_on_sale_to")) {
            for (String given : List.of(field, field + "_gmt")) {
                if (!input.hasNonNull(given)) {
                    continue;
                }
                String value = input.path(given).asText().trim();
                if (value.isEmpty()) {
                    p.putNull(field).putNull(field + "_gmt");
                    continue;
                }
                String stored;
                try {
                    stored = value.length() == 10 ? java.time.LocalDate.parse(value).atStartOfDay().format(WC_DATE)
                            : java.time.OffsetDateTime.parse(value.endsWith("Z") || value.matches(".*[+-]\\d\\d:\\d\\d$")
                                    ? value : value + "Z").withOffsetSameInstant(ZoneOffset.UTC)
                                    .toLocalDateTime().truncatedTo(ChronoUnit.SECONDS).format(WC_DATE);
                } catch (java.time.format.DateTimeParseException e) {
                    throw new WooSandboxError(400, "rest_invalid_param", "Invalid parameter(s): " + given)
                            .with("params", Map.of(given, "Invalid date."));
                }
                p.put(field, stored).put(field + "_gmt", stored);
            }
        }
    }

    /** A sale price applies when it is set and today is inside its dates (either may be open). */
    private static boolean onSale(ObjectNode p) {
        if (p.path("sale_price").asText().isEmpty()) {
            return false;
        }
        String now = now();
        String from = p.path("date_on_sale_from_gmt").asText("");
        String to = p.path("date_on_sale_to_gmt").asText("");
        return (from.isEmpty() || from.compareTo(now) <= 0) && (to.isEmpty() || to.compareTo(now) > 0);
    }

    /**
     * A product's images as written: an {@code id} names an image the store has (400
     * woocommerce_product_invalid_image_id when not); a {@code src} alone is fetched into a new image. A real store
     * downloads it and answers its own uploads URL; the sandbox fetches nothing and records the URL as given.
     * {@code name} (else the file name) and {@code alt} set on the image when not empty (real-store-observations.md).
     */
    private ArrayNode images(JsonNode requested) {
        ArrayNode out = json.createArrayNode();
        for (JsonNode in : requested) {
            long id = in.path("id").asLong(0);
            ObjectNode image;
            if (id > 0) {
                image = attachments.get(id);
                if (image == null) {
                    throw new WooSandboxError(400, "woocommerce_product_invalid_image_id", "#" + id
                            + " is an invalid image ID.");
                }
            } else if (!in.path("src").asText("").isBlank()) {
                String src = in.path("src").asText().trim();
                String file = src.replaceAll("[?#].*$", "").replaceAll(".*/", "");
                id = nextPostId++;
                image = json.createObjectNode().put("id", id).put("date_created", now()).put("date_created_gmt", now())
                        .put("date_modified", now()).put("date_modified_gmt", now()).put("src", src)
                        .put("name", file).put("alt", "");
                attachments.put(id, image);
            } else {
                continue; // neither: WooCommerce skips it
            }
            if (!in.path("name").asText("").isEmpty()) {
                image.put("name", in.path("name").asText());
            }
            if (!in.path("alt").asText("").isEmpty()) {
                image.put("alt", in.path("alt").asText());
            }
            out.add(image.deepCopy());
        }
        return out;
    }

    /** A weight or dimension: the schema takes strings only (a real store refuses {@code "weight":1.5}). */
    private static String stringParam(String param, String name, JsonNode value) {
        if (!value.isTextual()) {
            throw new WooSandboxError(400, "rest_invalid_param", "Invalid parameter(s): " + param)
                    .with("params", Map.of(param, name + " is not of type string."));
        }
        return value.asText();
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

    /**
     * A new order. {@code moveStock} false is history (the seeded shop's stock already reflects its orders): the
     * lines still carry {@code _reduced_stock} where the order's status holds stock, as the real store's do.
     */
    private ObjectNode insertOrder(JsonNode input, boolean fire, boolean moveStock) {
        long customerId = input.path("customer_id").asLong(0);
        if (customerId != 0 && !customers.containsKey(customerId)) {
            throw new WooSandboxError(400, "woocommerce_rest_invalid_customer_id", "Customer ID is invalid.");
        }
        String status = input.path("status").asText("pending");
        if (!ORDER_STATUSES.contains(status)) {
            throw new WooSandboxError(400, "rest_invalid_param", "Invalid parameter(s): status");
        }
        for (JsonNode c : input.path("coupon_lines")) {
            if (!WooSandboxOrderTotals.COUPONS.containsKey(c.path("code").asText("").toLowerCase())) {
                throw new WooSandboxError(400, "woocommerce_rest_invalid_coupon",
                        "Coupon \"" + c.path("code").asText() + "\" does not exist!");
            }
        }
        long id = nextPostId++;
        ObjectNode o = json.createObjectNode().put("id", id).put("parent_id", 0).put("number", String.valueOf(id))
                .put("order_key", "wc_order_" + Long.toHexString(id * 7919)).put("created_via", "rest-api")
                .put("version", "8.9.1").put("status", "pending").put("currency", input.path("currency").asText("USD"))
                .put("date_created", now()).put("date_created_gmt", now()).put("date_modified", now())
                .put("date_modified_gmt", now()).put("discount_total", "0.00").put("discount_tax", "0.00")
                .put("shipping_total", "0.00").put("shipping_tax", "0.00").put("cart_tax", "0.00")
                .put("total_tax", "0.00").put("prices_include_tax", false).put("customer_id", customerId)
                .put("customer_note", input.path("customer_note").asText("")).put("payment_method", input.path("payment_method").asText(""))
                .put("payment_method_title", input.path("payment_method_title").asText(""))
                .put("transaction_id", input.path("transaction_id").asText(""))
                .putNull("date_paid").putNull("date_paid_gmt").putNull("date_completed").putNull("date_completed_gmt");
        o.set("billing", input.path("billing").isObject() ? input.get("billing").deepCopy() : json.createObjectNode());
        o.set("shipping", input.path("shipping").isObject() ? input.get("shipping").deepCopy() : json.createObjectNode());
        o.putArray("line_items");
        editLines(o, input.path("line_items"));
        for (String f : List.of("shipping_lines", "fee_lines", "coupon_lines")) {
            o.set(f, lines(f, input.path(f)));
        }
        o.putArray("tax_lines");
        o.putArray("refunds");
        o.putArray("meta_data");
        WooSandboxOrderTotals.calculate(o, taxRate);
        o.putObject("_links").putArray("self").addObject().put("href", siteUrl + "/wp-json/wc/v3/orders/" + id);
        orders.put(id, o);
        changeStatus(o, status, moveStock);
        if (input.path("set_paid").asBoolean(false)) {
            markPaid(o, moveStock);
        }
        if (fire) {
            fire("order", "created", id);
        }
        return o;
    }

    /** Adds, changes (by id) or removes (quantity 0) line items; stock is not moved by an edit. */
    private void editLines(ObjectNode o, JsonNode changes) {
        ArrayNode lines = (ArrayNode) o.withArray("line_items");
        for (JsonNode in : changes) {
            ObjectNode line = in.has("id") ? line(o, in.path("id").asLong()) : null;
            if (in.has("id") && line == null) {
                throw new WooSandboxError(400, "woocommerce_rest_invalid_item_id", "Order item ID provided is not associated with order.");
            }
            int qty = in.path("quantity").asInt(line == null ? 1 : line.path("quantity").asInt());
            if (line != null && qty == 0) {
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).path("id").asLong() == line.path("id").asLong()) {
                        lines.remove(i);
                        break;
                    }
                }
                continue;
            }
            if (line == null) {
                long productId = in.path("variation_id").asLong(0) > 0 ? in.path("variation_id").asLong() : in.path("product_id").asLong();
                ObjectNode product = products.get(productId);
                if (product == null) {
                    throw new WooSandboxError(400, "woocommerce_rest_invalid_product_id", "Product ID provided is invalid.");
                }
                long lineId = o.path("id").asLong() * 10 + lines.size() + 1;
                while (line(o, lineId) != null) {
                    lineId++;
                }
                line = lines.addObject().put("id", lineId).put("name", product.path("name").asText())
                        .put("product_id", product.path("parent_id").asLong() > 0 ? product.path("parent_id").asLong() : productId)
                        .put("variation_id", product.path("parent_id").asLong() > 0 ? productId : 0)
                        .put("tax_class", "").put("sku", product.path("sku").asText())
                        .put("price", Double.parseDouble(product.path("price").asText("0").isEmpty() ? "0" : product.path("price").asText()));
                line.putArray("taxes");
                line.putArray("meta_data");
            }
            BigDecimal price = BigDecimal.valueOf(line.path("price").asDouble()).setScale(2, RoundingMode.HALF_UP);
            line.put("quantity", qty);
            line.put("subtotal", in.hasNonNull("subtotal") ? WooSandboxOrderTotals.money(in.path("subtotal").asText()).toPlainString()
                    : price.multiply(BigDecimal.valueOf(qty)).setScale(2, RoundingMode.HALF_UP).toPlainString());
        }
    }

    private ArrayNode lines(String kind, JsonNode input) {
        ArrayNode out = json.createArrayNode();
        long id = nextPostId * 100;
        for (JsonNode in : input) {
            ObjectNode line = out.addObject().put("id", ++id);
            switch (kind) {
                case "shipping_lines" -> line.put("method_title", in.path("method_title").asText(""))
                        .put("method_id", in.path("method_id").asText("")).put("total", in.path("total").asText("0.00"));
                case "fee_lines" -> line.put("name", in.path("name").asText("")).put("tax_status",
                        in.path("tax_status").asText("taxable")).put("total", in.path("total").asText("0.00"));
                default -> line.put("code", in.path("code").asText("").toLowerCase());
            }
        }
        return out;
    }

    private ObjectNode line(ObjectNode o, long lineId) {
        for (JsonNode l : o.path("line_items")) {
            if (l.path("id").asLong() == lineId) {
                return (ObjectNode) l;
            }
        }
        return null;
    }

    /**
     * As wc-stock-functions.php: processing, on-hold and completed reduce each line's managed stock once (recorded
     * in the line's {@code _reduced_stock}); cancelled and pending put that back.
     */
    private void changeStatus(ObjectNode o, String status, boolean moveStock) {
        o.put("status", status);
        boolean reduced = false;
        for (JsonNode l : o.path("line_items")) {
            reduced |= meta(l, "_reduced_stock") > 0;
        }
        if (Set.of("processing", "on-hold", "completed").contains(status) && !reduced) {
            for (JsonNode l : o.path("line_items")) {
                if (stockManaged(l)) {
                    if (moveStock) {
                        moveStock(l, -l.path("quantity").asInt());
                    }
                    setMeta((ObjectNode) l, "_reduced_stock", l.path("quantity").asInt());
                }
            }
        } else if (Set.of("cancelled", "pending").contains(status) && reduced) {
            for (JsonNode l : o.path("line_items")) {
                moveStock(l, meta(l, "_reduced_stock"));
                ((ArrayNode) l.path("meta_data")).removeIf(m -> "_reduced_stock".equals(m.path("key").asText()));
            }
        }
        if ("completed".equals(status) && o.path("date_completed").isNull()) {
            o.put("date_completed", now()).put("date_completed_gmt", now());
        }
    }

    private boolean stockManaged(JsonNode line) {
        long productId = line.path("variation_id").asLong(0) > 0 ? line.path("variation_id").asLong() : line.path("product_id").asLong();
        ObjectNode product = products.get(productId);
        return product != null && product.path("manage_stock").asBoolean();
    }

    /** Moves a line's product stock by {@code delta}; WooCommerce does not move the product's date_modified. */
    private void moveStock(JsonNode line, int delta) {
        long productId = line.path("variation_id").asLong(0) > 0 ? line.path("variation_id").asLong() : line.path("product_id").asLong();
        ObjectNode product = products.get(productId);
        if (product == null || !product.path("manage_stock").asBoolean() || delta == 0) {
            return;
        }
        int stock = product.path("stock_quantity").asInt() + delta;
        product.put("stock_quantity", stock).put("stock_status", stock > 0 ? "instock" : "outofstock");
        if (delta < 0) {
            product.put("total_sales", product.path("total_sales").asInt() - delta);
        }
    }

    private static int meta(JsonNode line, String key) {
        for (JsonNode m : line.path("meta_data")) {
            if (key.equals(m.path("key").asText())) {
                return m.path("value").asInt();
            }
        }
        return 0;
    }

    private void setMeta(ObjectNode line, String key, int value) {
        ArrayNode meta = (ArrayNode) line.withArray("meta_data");
        for (JsonNode m : meta) {
            if (key.equals(m.path("key").asText())) {
                ((ObjectNode) m).put("value", String.valueOf(value)).put("display_value", String.valueOf(value));
                return;
            }
        }
        meta.addObject().put("id", nextPostId * 10 + meta.size()).put("key", key).put("value", String.valueOf(value))
                .put("display_key", key).put("display_value", String.valueOf(value));
    }

    private void markPaid(ObjectNode o, boolean moveStock) {
        o.put("date_paid", now()).put("date_paid_gmt", now());
        if ("pending".equals(o.path("status").asText()) || "on-hold".equals(o.path("status").asText())
                || "failed".equals(o.path("status").asText())) {
            changeStatus(o, "processing", moveStock);
        }
    }

    private long productIdBySku(String sku) {
        return skuIndex.get(sku);
    }

    private void fire(String resource, String event, long id) {
        listener.accept(new Change(resource, event, id));
    }

    /**
     * A variable product's price is the lowest of its variations' prices (a sale price while on sale), and it is on
     * sale while any of them is (WC_Product_Variable_Data_Store_CPT::sync_price, observed on the real store); with no
     * priced variation it keeps the price it had.
     */
    private void syncVariablePrice(ObjectNode parent) {
        if (!"variable".equals(parent.path("type").asText())) {
            return;
        }
        BigDecimal lowest = null;
        boolean onSale = false;
        for (JsonNode id : parent.path("variations")) {
            ObjectNode v = products.get(id.asLong());
            String price = v == null ? "" : v.path("price").asText("");
            if (!price.isEmpty()) {
                BigDecimal p = new BigDecimal(price);
                lowest = lowest == null || p.compareTo(lowest) < 0 ? p : lowest;
                onSale |= v.path("on_sale").asBoolean();
            }
        }
        if (lowest != null) {
            parent.put("price", money(lowest.toPlainString())).put("on_sale", onSale);
        }
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
            state.set("attachments", json.valueToTree(attachments.values()));
            state.set("terms", terms.exportState());
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
            state.path("attachments").forEach(a -> attachments.put(a.path("id").asLong(), ((ObjectNode) a).deepCopy()));
            if (state.has("terms")) {
                terms.importState(state.path("terms"));
            }
            nextPostId = state.path("nextPostId").asLong(nextPostId);
            nextUserId = state.path("nextUserId").asLong(nextUserId);
            nextWebhookId = state.path("nextWebhookId").asLong(nextWebhookId);
        }
    }
}
