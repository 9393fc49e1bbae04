package com.nxtnd.hub.sandbox.nxt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nxtnd.hub.nxt.NxtProperties;
import com.nxtnd.hub.sandbox.SandboxCatalog;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The NXT-ND sandbox's data, in memory: products, customers, inventory rows per warehouse, sales orders, the
 * changes feed and the Idempotency-Key answers. Every change goes through one lock, like one database transaction
 * at a time, which keeps the changes feed in commit order.
 */
public class NxtSandboxStore {

    static final Set<String> PRODUCT_FIELDS = Set.of("sku", "name", "description", "shortDescription", "category",
            "categories", "tags", "unitPrice", "salePrice", "saleStart", "saleEnd", "costPrice", "isActive", "weight",
            "dimensions", "images", "parentSku", "variantAttributes", "backorders", "manageStock", "attributes",
            "metadata");
    static final Set<String> BACKORDERS = Set.of("no", "notify", "yes");
    /** What PUT /orders/{id} replaces: items, addresses, lines and totals. */
    static final Set<String> ORDER_CONTENT_FIELDS = Set.of("customerId", "currency", "items", "shippingLines",
            "feeLines", "couponCodes", "taxLines", "subtotal", "taxTotal", "shippingTotal", "discountTotal", "feeTotal",
            "total", "paymentMethod", "transactionId", "billingAddress", "shippingAddress", "notes", "metadata");
    /** Order statuses whose quantities are still reserved in the selling warehouse. */
    static final Set<String> RESERVING = Set.of("pending", "approved");
    static final Set<String> CUSTOMER_FIELDS = Set.of("customerCode", "companyName", "email", "firstName", "lastName",
            "phone", "billingAddress", "shippingAddress", "metadata", "isActive");
    /** A customer's address as the contract has it: its own recipient, company and phone, nothing else. */
    static final List<String> ADDRESS_FIELDS = List.of("firstName", "lastName", "company", "line1", "line2", "city",
            "state", "postcode", "country", "phone");
    static final Set<String> ORDER_STATUSES = Set.of("pending", "approved", "shipped", "delivered", "cancelled", "refunded");

    /** A failed write, answered as {@code {"success":false,"error","code"}} with {@code status}. */
    public static class SandboxError extends RuntimeException {
        final int status;
        final String code;
        final String existingId;

        SandboxError(int status, String code, String message, String existingId) {
            super(message);
            this.status = status;
            this.code = code;
            this.existingId = existingId;
        }
    }

    record Stored(int status, JsonNode body, Instant at) {
    }

    private final ObjectMapper json;
    private final List<String> onlineWarehouses;
    private final Object lock = new Object();
    private final Map<String, ObjectNode> products = new LinkedHashMap<>();
    private final Map<String, String> productBySku = new HashMap<>();
    private final Map<String, ObjectNode> customers = new LinkedHashMap<>();
    private final Map<String, String> customerByCode = new HashMap<>();
    private final Map<String, Map<String, ObjectNode>> inventory = new HashMap<>();
    private final Map<String, ObjectNode> orders = new LinkedHashMap<>();
    private final Map<String, String> orderByRef = new HashMap<>();
    private final List<ObjectNode> movements = new ArrayList<>();
    private final List<ObjectNode> changes = new ArrayList<>();
    private final Map<String, Stored> idempotent = new HashMap<>();
    private long seq;
    private long clock;

    public NxtSandboxStore(ObjectMapper json, NxtProperties properties) {
        this.json = json;
        this.onlineWarehouses = properties.onlineWarehouses();
        reset();
    }

    // ---------------------------------------------------------------- seed

    /** Back to the default catalogue: SKU-0001..0150 and SKU-0201..0220 with stock, 40 customers, no orders. */
    public void reset() {
        synchronized (lock) {
            clear();
            for (int i = 1; i <= 220; i++) {
                if (i > 150 && i <= 200) {
                    continue;
                }
                ObjectNode p = json.createObjectNode().put("sku", String.format("SKU-%04d", i))
                        .put("name", SandboxCatalog.productName(i)).put("description", "Catalogue item " + i)
                        .put("category", SandboxCatalog.category(i)).put("unitPrice", SandboxCatalog.price(i))
                        .put("costPrice", new BigDecimal(SandboxCatalog.price(i)).multiply(new BigDecimal("0.6"))
                                .setScale(2, java.math.RoundingMode.HALF_UP).toPlainString())
                        .put("isActive", true).put("weight", "0.5");
                ObjectNode saved = insertProduct(p);
                setStock(saved, "MAIN", 20 + (i * 7) % 80);
                setStock(saved, "STORE", 5 + i % 10);
            }
            for (int i = 1; i <= 40; i++) {
                String email = i <= 30 ? String.format("customer%02d@example.com", i)
                        : String.format("nxt-customer%02d@example.com", i - 30);
                ObjectNode c = json.createObjectNode().put("customerCode", String.format("C%05d", i))
                        .put("email", email).put("firstName", SandboxCatalog.firstName(i))
                        .put("lastName", SandboxCatalog.lastName(i)).put("phone", "+1-555-01" + String.format("%02d", i))
                        .put("isActive", true);
                // as NXT-ND keeps them: each address with its recipient (here the account holder)
                for (String a : List.of("billingAddress", "shippingAddress")) {
                    c.set(a, customerFields(json.createObjectNode().set(a, SandboxCatalog.address(json, i)
                            .put("firstName", SandboxCatalog.firstName(i)).put("lastName", SandboxCatalog.lastName(i))))
                            .get(a));
                }
                insertCustomer(c);
            }
        }
    }

    /** Replaces everything with {@code productCount} products (with stock) and {@code customerCount} customers. */
    public void seed(int productCount, int customerCount) {
        synchronized (lock) {
            clear();
            for (int i = 1; i <= productCount; i++) {
                ObjectNode p = json.createObjectNode().put("sku", String.format("SKU-%06d", i))
                        .put("name", "Product " + i).put("unitPrice", SandboxCatalog.price(i)).put("isActive", true);
                setStock(insertProduct(p), "MAIN", 10 + i % 90);
            }
            for (int i = 1; i <= customerCount; i++) {
                insertCustomer(json.createObjectNode().put("customerCode", String.format("C%07d", i))
                        .put("email", "bulk" + i + "@example.com").put("firstName", "Bulk").put("lastName", "C" + i)
                        .put("isActive", true));
            }
        }
    }

    private void clear() {
        products.clear();
        productBySku.clear();
        customers.clear();
        customerByCode.clear();
        inventory.clear();
        orders.clear();
        orderByRef.clear();
        movements.clear();
        changes.clear();
        idempotent.clear();
    }

    // ---------------------------------------------------------------- idempotency

    Optional<Stored> replay(String key) {
        if (key == null) {
            return Optional.empty();
        }
        synchronized (lock) {
            Stored s = idempotent.get(key);
            if (s != null && s.at().isAfter(Instant.now().minus(24, ChronoUnit.HOURS))) {
                return Optional.of(s);
            }
            return Optional.empty();
        }
    }

    void remember(String key, int status, JsonNode body) {
        if (key != null) {
            synchronized (lock) {
                idempotent.putIfAbsent(key, new Stored(status, body, Instant.now()));
            }
        }
    }

    // ---------------------------------------------------------------- reads

    public int productsCount() {
        synchronized (lock) {
            return products.size();
        }
    }

    public Optional<JsonNode> productBySku(String sku) {
        synchronized (lock) {
            return Optional.ofNullable(productBySku.get(sku)).map(products::get).map(ObjectNode::deepCopy);
        }
    }

    public Optional<JsonNode> customerByEmail(String email) {
        synchronized (lock) {
            return customers.values().stream().filter(c -> c.path("email").asText().equalsIgnoreCase(email))
                    .findFirst().map(ObjectNode::deepCopy);
        }
    }

    public Optional<JsonNode> orderByExternalRef(String ref) {
        synchronized (lock) {
            return Optional.ofNullable(orderByRef.get(ref)).map(orders::get).map(ObjectNode::deepCopy);
        }
    }

    public List<JsonNode> movements() {
        synchronized (lock) {
            return movements.stream().map(m -> (JsonNode) m.deepCopy()).toList();
        }
    }

    /** Stock of one SKU summed over the online warehouses. */
    public Optional<JsonNode> inventoryLevel(String sku) {
        synchronized (lock) {
            String id = productBySku.get(sku);
            return id == null ? Optional.empty() : Optional.of(level(products.get(id)));
        }
    }

    Optional<JsonNode> get(String entity, String id) {
        synchronized (lock) {
            return Optional.ofNullable(table(entity).get(id)).map(ObjectNode::deepCopy);
        }
    }

    /** One page ordered by updatedAt then id, and the total. */
    List<JsonNode> page(String entity, Instant updatedSince, String warehouse, int page, int pageSize, long[] total) {
        synchronized (lock) {
            List<ObjectNode> rows;
            if ("inventory".equals(entity)) {
                rows = new ArrayList<>();
                inventory.values().forEach(w -> rows.addAll(w.values()));
            } else {
                rows = new ArrayList<>(table(entity).values());
            }
            Predicate<ObjectNode> keep = r -> (updatedSince == null
                    || !Instant.parse(r.path("updatedAt").asText()).isBefore(updatedSince))
                    && (warehouse == null || warehouse.equals(r.path("warehouseCode").asText()));
            List<ObjectNode> filtered = rows.stream().filter(keep)
                    .sorted(Comparator.comparing((ObjectNode r) -> r.path("updatedAt").asText())
                            .thenComparing(r -> r.path("id").asText(r.path("productId").asText()
                                    + r.path("warehouseCode").asText())))
                    .toList();
            total[0] = filtered.size();
            int from = Math.min(filtered.size(), (page - 1) * pageSize);
            return filtered.subList(from, Math.min(filtered.size(), from + pageSize)).stream()
                    .map(r -> (JsonNode) r.deepCopy()).toList();
        }
    }

    List<JsonNode> levels(List<String> skus) {
        synchronized (lock) {
            List<JsonNode> out = new ArrayList<>();
            for (String sku : skus) {
                String id = productBySku.get(sku);
                if (id != null) {
                    out.add(level(products.get(id)));
                }
            }
            return out;
        }
    }

    /** Changes after {@code since} (a seq), at most {@code limit}. */
    List<JsonNode> changesSince(long since, int limit) {
        synchronized (lock) {
            return changes.stream().filter(c -> c.path("seq").asLong() > since).limit(limit)
                    .map(c -> (JsonNode) c.deepCopy()).toList();
        }
    }

    // ---------------------------------------------------------------- writes

    JsonNode createProduct(JsonNode input) {
        synchronized (lock) {
            ObjectNode p = productFields(input);
            requireText(p, "sku");
            requireText(p, "name");
            String holder = productBySku.get(p.path("sku").asText());
            if (holder != null) {
                throw new SandboxError(409, "DUPLICATE_SKU", "SKU " + p.path("sku").asText() + " already exists", holder);
            }
            if (!p.has("isActive")) {
                p.put("isActive", true);
            }
            return insertProduct(p).deepCopy();
        }
    }

    JsonNode createCustomer(JsonNode input) {
        synchronized (lock) {
            ObjectNode c = customerFields(input);
            requireText(c, "email");
            if (!c.hasNonNull("customerCode")) {
                c.put("customerCode", "C" + UUID.randomUUID().toString().substring(0, 8).toUpperCase());
            }
            String holder = customerByCode.get(c.path("customerCode").asText());
            if (holder != null) {
                throw new SandboxError(409, "DUPLICATE_CUSTOMER_CODE", "customerCode already exists", holder);
            }
            if (!c.has("isActive")) {
                c.put("isActive", true);
            }
            return insertCustomer(c).deepCopy();
        }
    }

    /** PUT: the given fields replace the stored ones; an unchanged record keeps its version. */
    JsonNode update(String entity, String id, JsonNode input, Integer ifMatch) {
        synchronized (lock) {
            ObjectNode current = table(entity).get(id);
            if (current == null) {
                throw new SandboxError(404, "NOT_FOUND", entity + " " + id + " not found", null);
            }
            if (ifMatch != null && ifMatch != current.path("version").asInt()) {
                throw new SandboxError(409, "VERSION_CONFLICT", "version is " + current.path("version").asInt()
                        + ", If-Match was " + ifMatch, null);
            }
            ObjectNode changesIn = "products".equals(entity) ? productFields(input) : customerFields(input);
            if ("products".equals(entity) && changesIn.has("sku")
                    && !changesIn.path("sku").asText().equals(current.path("sku").asText())) {
                String holder = productBySku.get(changesIn.path("sku").asText());
                if (holder != null) {
                    throw new SandboxError(409, "DUPLICATE_SKU", "SKU already exists", holder);
                }
            }
            if (differs(current, changesIn)) {
                if ("products".equals(entity)) {
                    productBySku.remove(current.path("sku").asText());
                }
                current.setAll(changesIn);
                if ("products".equals(entity)) {
                    productBySku.put(current.path("sku").asText(), id);
                }
                touch(current, entity);
            }
            return current.deepCopy();
        }
    }

    JsonNode deactivate(String entity, String id) {
        return update(entity, id, json.createObjectNode().put("isActive", false), null);
    }

    /** Batch upsert matched by sku (products) or customerCode (customers), item by item, not transactional. */
    JsonNode batch(String entity, JsonNode request) {
        synchronized (lock) {
            boolean isProducts = "products".equals(entity);
            String key = isProducts ? "sku" : "customerCode";
            ArrayNode upserted = json.createArrayNode();
            for (JsonNode item : request.path("upsert")) {
                ObjectNode result = json.createObjectNode();
                String k = item.path(key).asText("");
                result.put(key, k);
                try {
                    if (k.isBlank()) {
                        throw new SandboxError(400, "VALIDATION_ERROR", key + " is required", null);
                    }
                    String id = (isProducts ? productBySku : customerByCode).get(k);
                    if (id == null) {
                        JsonNode created = isProducts ? createProduct(item) : createCustomer(item);
                        result.put("id", created.path("id").asText()).put("status", "created");
                    } else {
                        int before = table(entity).get(id).path("version").asInt();
                        JsonNode after = update(entity, id, item, null);
                        result.put("id", id).put("status", after.path("version").asInt() == before ? "unchanged" : "updated");
                    }
                } catch (SandboxError e) {
                    ObjectNode error = result.putObject("error").put("code", e.code).put("message", e.getMessage())
                            .put("status", e.status);
                    if (e.existingId != null) {
                        error.put("existingId", e.existingId);
                    }
                }
                upserted.add(result);
            }
            ArrayNode deactivated = json.createArrayNode();
            for (JsonNode id : request.path("deactivate")) {
                try {
                    deactivate(entity, id.asText());
                    deactivated.add(json.createObjectNode().put("id", id.asText()).put("status", "deactivated"));
                } catch (SandboxError e) {
                    deactivated.add(json.createObjectNode().put("id", id.asText()).putPOJO("error",
                            Map.of("code", e.code, "message", e.getMessage())));
                }
            }
            ObjectNode out = json.createObjectNode();
            out.set("upserted", upserted);
            out.set("deactivated", deactivated);
            return out;
        }
    }

    JsonNode movement(JsonNode input) {
        synchronized (lock) {
            String sku = input.path("sku").asText("");
            String warehouse = input.path("warehouseCode").asText(onlineWarehouses.get(0));
            String type = input.path("type").asText("");
            if (!Set.of("sale", "return", "adjustment", "receipt", "opening").contains(type)
                    || !input.path("quantity").isInt()) {
                throw new SandboxError(400, "VALIDATION_ERROR", "type must be sale|return|adjustment|receipt|opening and "
                        + "quantity a signed integer", null);
            }
            String id = productBySku.get(sku);
            if (id == null) {
                throw new SandboxError(404, "NOT_FOUND", "no product with SKU " + sku, null);
            }
            int delta = input.path("quantity").asInt();
            if ("opening".equals(type)) {
                // the first stock of a product in a warehouse: how a shop's existing stock enters NXT-ND
                if (inventory.getOrDefault(id, Map.of()).containsKey(warehouse)) {
                    throw new SandboxError(409, "INVENTORY_EXISTS", sku + " already has stock in " + warehouse, null);
                }
                if (delta < 0) {
                    throw new SandboxError(400, "VALIDATION_ERROR", "an opening quantity cannot be negative", null);
                }
            }
            ObjectNode row = row(products.get(id), warehouse);
            int onHand = row.path("quantityOnHand").asInt();
            if (delta < 0 && -delta > onHand) {
                throw new SandboxError(422, "INSUFFICIENT_STOCK", "on hand " + onHand + " < " + (-delta) + " for " + sku, null);
            }
            setQuantities(row, onHand + delta, row.path("quantityReserved").asInt());
            touchInventory(row);
            ObjectNode movement = record(sku, warehouse, delta, type, input.path("reference").asText(null));
            ObjectNode out = json.createObjectNode();
            out.set("movement", movement.deepCopy());
            out.set("inventory", row.deepCopy());
            return out;
        }
    }

    /**
     * POST /orders: stored as given, never refused for stock. A pending or approved order reserves its lines in the
     * selling warehouse; a line beyond what is available marks the order backordered (available may go negative).
     * An order created already shipped, delivered, cancelled or refunded (history) reserves nothing.
     */
    JsonNode createOrder(JsonNode input) {
        synchronized (lock) {
            String ref = input.path("externalRef").asText(null);
            if (ref != null && orderByRef.containsKey(ref)) {
                throw new SandboxError(409, "DUPLICATE_EXTERNAL_REF", "order " + ref + " already exists", orderByRef.get(ref));
            }
            String status = input.path("status").asText("pending");
            if (!ORDER_STATUSES.contains(status)) {
                throw new SandboxError(400, "VALIDATION_ERROR", "status must be one of " + ORDER_STATUSES, null);
            }
            ObjectNode order = input.deepCopy();
            order.remove(List.of("id", "version", "createdAt", "updatedAt", "refunds", "refundedTotal", "backordered"));
            order.put("id", UUID.randomUUID().toString()).put("status", status)
                    .put("orderNumber", input.path("orderNumber").asText("SO-" + (orders.size() + 1)));
            order.putArray("refunds");
            order.put("refundedTotal", "0.00");
            linkProducts(order);
            order.put("backordered", RESERVING.contains(status) && reserve(order.path("items"), 1));
            order.put("createdAt", now()).put("updatedAt", now()).put("version", 1);
            orders.put(order.path("id").asText(), order);
            if (ref != null) {
                orderByRef.put(ref, order.path("id").asText());
            }
            change("order", order.path("id").asText(), "upsert");
            return order.deepCopy();
        }
    }

    /** PUT /orders/{id}: replaces items, addresses, lines and totals of an order not shipped; reservations follow. */
    JsonNode updateOrder(String id, JsonNode input, Integer ifMatch) {
        synchronized (lock) {
            ObjectNode order = order(id);
            if (ifMatch != null && ifMatch != order.path("version").asInt()) {
                throw new SandboxError(409, "VERSION_CONFLICT", "version is " + order.path("version").asInt()
                        + ", If-Match was " + ifMatch, null);
            }
            String status = order.path("status").asText();
            if (Set.of("shipped", "delivered").contains(status)) {
                throw new SandboxError(422, "ORDER_SHIPPED", "order " + id + " is " + status + " and can no longer change", null);
            }
            ObjectNode changesIn = pick(input, ORDER_CONTENT_FIELDS);
            if (!differs(order, changesIn)) {
                return order.deepCopy();
            }
            boolean reserving = RESERVING.contains(status);
            if (reserving) {
                reserve(order.path("items"), -1);
            }
            order.setAll(changesIn);
            linkProducts(order);
            if (reserving) {
                order.put("backordered", reserve(order.path("items"), 1));
            }
            touch(order, "orders");
            return order.deepCopy();
        }
    }

    JsonNode setOrderStatus(String id, String status, String note) {
        return setOrderStatus(id, status, note, null, null);
    }

    /** Shipped or delivered consumes the reservations; cancelled or refunded releases them. */
    JsonNode setOrderStatus(String id, String status, String note, String trackingNumber, String carrier) {
        synchronized (lock) {
            ObjectNode order = order(id);
            if (!ORDER_STATUSES.contains(status)) {
                throw new SandboxError(400, "VALIDATION_ERROR", "status must be one of " + ORDER_STATUSES, null);
            }
            String before = order.path("status").asText();
            if (trackingNumber != null) {
                order.put("trackingNumber", trackingNumber);
            }
            if (carrier != null) {
                order.put("carrier", carrier);
            }
            if (before.equals(status) && trackingNumber == null && carrier == null) {
                return order.deepCopy();
            }
            if (RESERVING.contains(before) && !RESERVING.contains(status)) {
                boolean consume = Set.of("shipped", "delivered").contains(status);
                for (JsonNode item : order.path("items")) {
                    ObjectNode row = rowFor(item);
                    if (row == null) {
                        continue;
                    }
                    int qty = item.path("quantity").asInt();
                    int onHand = row.path("quantityOnHand").asInt() - (consume ? qty : 0);
                    setQuantities(row, onHand, row.path("quantityReserved").asInt() - qty);
                    touchInventory(row);
                    if (consume) {
                        record(item.path("sku").asText(), row.path("warehouseCode").asText(), -qty, "shipment",
                                order.path("externalRef").asText(id));
                    }
                }
            } else if (!RESERVING.contains(before) && RESERVING.contains(status)) {
                order.put("backordered", reserve(order.path("items"), 1));
            }
            order.put("status", status);
            if (note != null) {
                order.put("notes", note);
            }
            touch(order, "orders");
            return order.deepCopy();
        }
    }

    /**
     * POST /orders/{id}/refunds: applied once per externalRef. A restocked line goes back on hand (a return
     * movement) once the goods have left; on an order still reserving them it releases that much of the reservation
     * instead. A refund reaching the order's total sets it refunded.
     */
    JsonNode refund(String id, JsonNode input) {
        synchronized (lock) {
            ObjectNode order = order(id);
            String ref = input.path("externalRef").asText("");
            if (ref.isBlank()) {
                throw new SandboxError(400, "VALIDATION_ERROR", "externalRef is required", null);
            }
            for (JsonNode r : order.path("refunds")) {
                if (ref.equals(r.path("externalRef").asText())) {
                    return order.deepCopy();
                }
            }
            BigDecimal amount = decimal(input.path("amount").asText("0"), "amount");
            boolean reserving = RESERVING.contains(order.path("status").asText());
            for (JsonNode line : input.path("lines")) {
                int qty = line.path("quantity").asInt();
                if (!line.path("restock").asBoolean(false) || qty <= 0) {
                    continue;
                }
                String pid = productBySku.get(line.path("sku").asText(""));
                if (pid == null) {
                    continue;
                }
                ObjectNode row = row(products.get(pid), onlineWarehouses.get(0));
                if (reserving) {
                    setQuantities(row, row.path("quantityOnHand").asInt(), row.path("quantityReserved").asInt() - qty);
                    reduceLine(order, line.path("sku").asText(), qty);
                } else {
                    setQuantities(row, row.path("quantityOnHand").asInt() + qty, row.path("quantityReserved").asInt());
                    record(line.path("sku").asText(), row.path("warehouseCode").asText(), qty, "return", ref);
                }
                touchInventory(row);
            }
            ObjectNode refund = ((ArrayNode) order.withArray("refunds")).addObject()
                    .put("id", UUID.randomUUID().toString()).put("externalRef", ref)
                    .put("amount", amount.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString())
                    .put("reason", input.path("reason").asText(null)).put("createdAt", now());
            refund.set("lines", input.path("lines").isArray() ? input.get("lines").deepCopy() : json.createArrayNode());
            BigDecimal refunded = decimal(order.path("refundedTotal").asText("0"), "refundedTotal").add(amount);
            order.put("refundedTotal", refunded.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString());
            BigDecimal total = decimal(order.path("total").asText("0"), "total");
            if (total.signum() > 0 && refunded.compareTo(total) >= 0) {
                if (reserving) {
                    reserve(order.path("items"), -1);
                }
                order.put("status", "refunded");
            }
            touch(order, "orders");
            return order.deepCopy();
        }
    }

    // ---------------------------------------------------------------- internals

    private ObjectNode order(String id) {
        ObjectNode order = orders.get(id);
        if (order == null) {
            throw new SandboxError(404, "NOT_FOUND", "order " + id + " not found", null);
        }
        return order;
    }

    private void linkProducts(ObjectNode order) {
        for (JsonNode item : order.path("items")) {
            String pid = productBySku.get(item.path("sku").asText(""));
            if (pid != null) {
                ((ObjectNode) item).put("productId", pid);
            } else {
                ((ObjectNode) item).remove("productId");
            }
        }
    }

    /** The selling warehouse's row of an order line's product, or null for a line NXT-ND keeps no stock for. */
    private ObjectNode rowFor(JsonNode item) {
        String pid = item.path("productId").asText(null);
        ObjectNode product = pid == null ? null : products.get(pid);
        if (product == null || !product.path("manageStock").asBoolean(true)) {
            return null;
        }
        return row(product, onlineWarehouses.get(0));
    }

    /** Reserves ({@code sign} 1) or releases (-1) the lines; true when a reserved line exceeds what was available. */
    private boolean reserve(JsonNode items, int sign) {
        boolean backordered = false;
        for (JsonNode item : items) {
            ObjectNode row = rowFor(item);
            if (row == null) {
                continue;
            }
            int qty = item.path("quantity").asInt();
            if (sign > 0 && qty > row.path("quantityAvailable").asInt()) {
                backordered = true;
            }
            setQuantities(row, row.path("quantityOnHand").asInt(), row.path("quantityReserved").asInt() + sign * qty);
            touchInventory(row);
        }
        return backordered;
    }

    private void reduceLine(ObjectNode order, String sku, int qty) {
        for (JsonNode item : order.path("items")) {
            if (sku.equals(item.path("sku").asText()) && qty > 0) {
                int take = Math.min(qty, item.path("quantity").asInt());
                ((ObjectNode) item).put("quantity", item.path("quantity").asInt() - take);
                qty -= take;
            }
        }
    }

    private ObjectNode record(String sku, String warehouse, int quantity, String type, String reference) {
        ObjectNode movement = json.createObjectNode().put("id", UUID.randomUUID().toString()).put("sku", sku)
                .put("warehouseCode", warehouse).put("quantity", quantity).put("type", type)
                .put("reference", reference).put("createdAt", now());
        movements.add(movement);
        return movement;
    }

    private static BigDecimal decimal(String value, String field) {
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw new SandboxError(400, "VALIDATION_ERROR", field + " must be a decimal string", null);
        }
    }

    private ObjectNode insertProduct(ObjectNode p) {
        String id = UUID.randomUUID().toString();
        p.put("id", id).put("createdAt", now()).put("updatedAt", now()).put("version", 1);
        if (!p.has("categories")) { // an older client's one category (the seed's too) is the list's first
            ArrayNode categories = p.putArray("categories");
            if (p.hasNonNull("category")) {
                categories.add(p.get("category"));
            }
        }
        for (String list : List.of("tags", "images")) {
            if (!p.has(list)) {
                p.putArray(list);
            }
        }
        for (String object : List.of("attributes", "variantAttributes")) {
            if (!p.has(object)) {
                p.putObject(object);
            }
        }
        if (!p.has("manageStock")) {
            p.put("manageStock", true);
        }
        if (!p.has("backorders")) {
            p.put("backorders", "no");
        }
        if (!p.has("metadata")) {
            p.putObject("metadata");
        }
        products.put(id, p);
        productBySku.put(p.path("sku").asText(), id);
        change("product", id, "upsert");
        return p;
    }

    private ObjectNode insertCustomer(ObjectNode c) {
        String id = UUID.randomUUID().toString();
        c.put("id", id).put("createdAt", now()).put("updatedAt", now()).put("version", 1);
        customers.put(id, c);
        customerByCode.put(c.path("customerCode").asText(), id);
        change("customer", id, "upsert");
        return c;
    }

    private void touch(ObjectNode record, String entity) {
        record.put("updatedAt", now()).put("version", record.path("version").asInt() + 1);
        String kind = entity.substring(0, entity.length() - 1);
        change(kind, record.path("id").asText(), record.path("isActive").asBoolean(true) ? "upsert" : "delete");
    }

    private void setStock(ObjectNode product, String warehouse, int onHand) {
        ObjectNode row = row(product, warehouse);
        setQuantities(row, onHand, 0);
        touchInventory(row);
    }

    private ObjectNode row(ObjectNode product, String warehouse) {
        return inventory.computeIfAbsent(product.path("id").asText(), k -> new LinkedHashMap<>())
                .computeIfAbsent(warehouse, w -> {
                    ObjectNode r = json.createObjectNode().put("productId", product.path("id").asText())
                            .put("sku", product.path("sku").asText()).put("warehouseCode", w);
                    setQuantities(r, 0, 0);
                    r.put("updatedAt", now()).put("version", 0);
                    return r;
                });
    }

    private static void setQuantities(ObjectNode row, int onHand, int reserved) {
        row.put("quantityOnHand", onHand).put("quantityReserved", reserved).put("quantityAvailable", onHand - reserved);
    }

    private void touchInventory(ObjectNode row) {
        row.put("updatedAt", now()).put("version", row.path("version").asInt() + 1);
        change("inventory", row.path("productId").asText(), "upsert").put("sku", row.path("sku").asText());
    }

    private JsonNode level(ObjectNode product) {
        int onHand = 0;
        int reserved = 0;
        boolean known = false;
        String updated = product.path("updatedAt").asText();
        for (ObjectNode row : inventory.getOrDefault(product.path("id").asText(), Map.of()).values()) {
            if (onlineWarehouses.contains(row.path("warehouseCode").asText())) {
                known = true;
                onHand += row.path("quantityOnHand").asInt();
                reserved += row.path("quantityReserved").asInt();
                if (row.path("updatedAt").asText().compareTo(updated) > 0) {
                    updated = row.path("updatedAt").asText();
                }
            }
        }
        return json.createObjectNode().put("sku", product.path("sku").asText()).put("quantityOnHand", onHand)
                .put("quantityReserved", reserved).put("quantityAvailable", onHand - reserved).put("updatedAt", updated)
                .put("known", known); // no inventory row: no known stock, which is not a stock of 0
    }

    private ObjectNode change(String entity, String id, String op) {
        ObjectNode c = json.createObjectNode().put("seq", ++seq).put("entity", entity).put("id", id).put("op", op)
                .put("updatedAt", now());
        changes.add(c);
        return c;
    }

    private Map<String, ObjectNode> table(String entity) {
        return switch (entity) {
            case "products" -> products;
            case "customers" -> customers;
            case "orders" -> orders;
            default -> throw new SandboxError(404, "NOT_FOUND", "no such collection " + entity, null);
        };
    }

    /**
     * A customer's writable fields; each address holds the contract's fields only (every one of them, null when not
     * given), as NXT-ND's address columns do: a field it has no column for (an e-mail) is not kept.
     */
    private ObjectNode customerFields(JsonNode input) {
        ObjectNode out = pick(input, CUSTOMER_FIELDS);
        for (String a : List.of("billingAddress", "shippingAddress")) {
            if (out.path(a).isObject()) {
                ObjectNode address = json.createObjectNode();
                ADDRESS_FIELDS.forEach(f -> address.set(f, out.path(a).path(f).isMissingNode() ? null : out.path(a).get(f)));
                out.set(a, address);
            }
        }
        return out;
    }

    /**
     * A product's fields as the contract has them: {@code category} is the first of {@code categories} (set from
     * the list whenever the list is written; a client that writes only {@code category} gets a list of that one),
     * {@code backorders} one of no|notify|yes, sale dates ISO-8601 instants.
     */
    private ObjectNode productFields(JsonNode input) {
        ObjectNode p = pick(input, PRODUCT_FIELDS);
        if (p.path("categories").isArray()) {
            JsonNode first = p.path("categories").path(0);
            p.set("category", first.isMissingNode() ? null : first);
        } else if (p.has("category") && !p.has("categories")) {
            ArrayNode categories = p.putArray("categories");
            if (p.hasNonNull("category")) {
                categories.add(p.get("category"));
            }
        }
        if (p.hasNonNull("backorders") && !BACKORDERS.contains(p.path("backorders").asText())) {
            throw new SandboxError(400, "VALIDATION_ERROR", "backorders must be no|notify|yes", null);
        }
        for (String date : List.of("saleStart", "saleEnd")) {
            if (p.hasNonNull(date)) {
                try {
                    Instant.parse(p.path(date).asText());
                } catch (java.time.format.DateTimeParseException e) {
                    throw new SandboxError(400, "VALIDATION_ERROR", date + " must be an ISO-8601 UTC timestamp", null);
                }
            }
        }
        if (p.hasNonNull("salePrice")) {
            decimal(p.path("salePrice").asText(), "salePrice");
        }
        return p;
    }

    private ObjectNode pick(JsonNode input, Set<String> fields) {
        ObjectNode out = json.createObjectNode();
        for (Iterator<String> it = input.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (fields.contains(name)) {
                out.set(name, input.get(name));
            }
        }
        return out;
    }

    private static boolean differs(ObjectNode current, ObjectNode changes) {
        for (Iterator<String> it = changes.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!changes.get(name).equals(current.path(name))) {
                return true;
            }
        }
        return false;
    }

    private static void requireText(ObjectNode record, String field) {
        if (record.path(field).asText("").isBlank()) {
            throw new SandboxError(400, "VALIDATION_ERROR", field + " is required", null);
        }
    }

    /** Strictly increasing timestamps, so updatedSince and ordering are exact even within one millisecond. */
    private String now() {
        long ms = Math.max(System.currentTimeMillis(), clock + 1);
        clock = ms;
        return Instant.ofEpochMilli(ms).toString();
    }

    // ---------------------------------------------------------------- outside the contract (tests, operators)

    /**
     * Removes a product or customer as if it had never been written (NXT-ND restored from an older backup, a row
     * deleted in its database): no change in the feed, nothing soft about it. True when it was there.
     */
    public boolean purge(String entity, String id) {
        synchronized (lock) {
            ObjectNode gone = table(entity).remove(id);
            if (gone == null) {
                return false;
            }
            if ("products".equals(entity)) {
                productBySku.remove(gone.path("sku").asText());
                inventory.remove(id);
            } else if ("customers".equals(entity)) {
                customerByCode.remove(gone.path("customerCode").asText());
            }
            return true;
        }
    }

    /** Everything a restart must keep (SandboxSnapshots): records, stock rows, movements, the changes feed. */
    public ObjectNode exportState() {
        synchronized (lock) {
            ObjectNode state = json.createObjectNode().put("seq", seq).put("clock", clock);
            state.set("products", json.valueToTree(products.values()));
            state.set("customers", json.valueToTree(customers.values()));
            state.set("orders", json.valueToTree(orders.values()));
            ArrayNode rows = state.putArray("inventory");
            inventory.values().forEach(byWarehouse -> byWarehouse.values().forEach(rows::add));
            state.set("movements", json.valueToTree(movements));
            state.set("changes", json.valueToTree(changes));
            return state.deepCopy();
        }
    }

    /** Replaces everything with a state {@link #exportState} gave; the indexes are rebuilt from the records. */
    public void importState(JsonNode state) {
        synchronized (lock) {
            clear();
            state.path("products").forEach(p -> {
                products.put(p.path("id").asText(), ((ObjectNode) p).deepCopy());
                productBySku.put(p.path("sku").asText(), p.path("id").asText());
            });
            state.path("customers").forEach(c -> {
                customers.put(c.path("id").asText(), ((ObjectNode) c).deepCopy());
                customerByCode.put(c.path("customerCode").asText(), c.path("id").asText());
            });
            state.path("orders").forEach(o -> {
                orders.put(o.path("id").asText(), ((ObjectNode) o).deepCopy());
                if (o.hasNonNull("externalRef")) {
                    orderByRef.put(o.path("externalRef").asText(), o.path("id").asText());
                }
            });
            state.path("inventory").forEach(r -> inventory.computeIfAbsent(r.path("productId").asText(),
                    k -> new LinkedHashMap<>()).put(r.path("warehouseCode").asText(), ((ObjectNode) r).deepCopy()));
            state.path("movements").forEach(m -> movements.add(((ObjectNode) m).deepCopy()));
            state.path("changes").forEach(c -> changes.add(((ObjectNode) c).deepCopy()));
            seq = state.path("seq").asLong();
            clock = state.path("clock").asLong();
        }
    }
}
