package com.nxtnd.hub.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.io.ClassPathResource;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * The canonical form of a record is its NXT-ND shape as the woo-to-nxt mapping produces it. Its hash (keys sorted,
 * nulls and bookkeeping fields dropped, numbers by value) decides whether anything changed. Two rules make the two
 * systems' shapes of one value compare equal:
 * <ul>
 * <li>an empty list or an object with nothing in it is no value, like null (NXT-ND answers {@code "tags":[]} and
 * {@code "dimensions":{"length":null,...}} where the mapping of a shop product without them gives the same or
 * nothing);</li>
 * <li>a list of plain values (categories, tags by name) is a set: compared sorted, each value once, since neither
 * system gives their order a meaning (WordPress answers a product's terms by name).</li>
 * </ul>
 */
@Component
public class CanonicalRecords {

    /**
     * The synced fields of an NXT-ND record per entity, always compared (see {@link #fields}): what change detection
     * compares on that side, with whatever else the mapping produces.
     */
    public static final List<String> PRODUCT_FIELDS = List.of("sku", "name", "description", "shortDescription",
            "unitPrice", "salePrice", "saleStart", "saleEnd", "isActive", "category", "categories", "tags", "images",
            "weight", "dimensions", "manageStock", "backorders", "attributes", "parentSku", "variantAttributes");
    public static final List<String> CUSTOMER_FIELDS = List.of("email", "firstName", "lastName", "companyName", "phone",
            "billingAddress", "shippingAddress", "isActive", "metadata");

    private static final Set<String> NOT_HASHED = Set.of("id", "version", "createdAt", "updatedAt",
            "customerCode", "customerId");
    /**
     * {@code metadata} is compared without the hub's own bookkeeping in it (keys starting with {@code woo}: the
     * WooCommerce id, type and parent), so that a mapping can carry a field NXT-ND has no column for (the billing
     * e-mail) in metadata and still have it compared both ways.
     */
    private static final String METADATA = "metadata";

    public String hash(JsonNode record) {
        StringBuilder text = new StringBuilder();
        write(record, text, true);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private final MappingService mappings;
    private final ObjectMapper json;
    private final Map<String, JsonNode> samples = new ConcurrentHashMap<>();
    /** Per entity: the mapping's fields as last answered, and the fields compared for them. */
    private final Map<String, Map.Entry<List<String>, List<String>>> compared = new ConcurrentHashMap<>();

    public CanonicalRecords(MappingService mappings, ObjectMapper json) {
        this.mappings = mappings;
        this.json = json;
    }

    /**
     * The fields of {@code entity} (product, customer) that change and conflict detection compare: the built-in ones
     * (the constants above), and any other that its {@code <entity>.woo-to-nxt} mapping produces for a WooCommerce
     * record (mapping-samples/), less bookkeeping. A field added to the mapping is compared from the next record on.
     * <p>
     * Not the sample's fields alone: a field the sample leaves empty comes out of the mapping as no field at all, and
     * the sample (the WooCommerce docs' product) has no SKU, weight or sale. Left out of the comparison, an NXT-ND edit
     * of only the sale price or the weight was taken for "unchanged" and never pushed.
     */
    public List<String> fields(String entity) {
        List<String> builtIn = "product".equals(entity) ? PRODUCT_FIELDS : CUSTOMER_FIELDS;
        List<String> out;
        try {
            JsonNode sample = samples.computeIfAbsent(entity, this::sample);
            out = mappings.outputFields(entity + ".woo-to-nxt", sample);
        } catch (RuntimeException e) {
            return builtIn;
        }
        Map.Entry<List<String>, List<String>> known = compared.get(entity);
        if (known != null && known.getKey() == out) { // the mapping's answer is kept per version of its file
            return known.getValue();
        }
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(builtIn);
        out.stream().filter(f -> !NOT_HASHED.contains(f)).forEach(all::add);
        List<String> fields = List.copyOf(all);
        compared.put(entity, Map.entry(out, fields));
        return fields;
    }

    private JsonNode sample(String entity) {
        try (InputStream in = new ClassPathResource("mapping-samples/" + entity + ".json").getInputStream()) {
            return json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hash of an NXT-ND record as the hub compares it: restricted to the synced fields of its entity. */
    public String nxtHash(String entity, JsonNode nxtRecord) {
        return hash(project(nxtRecord, fields(entity)));
    }

    /** {@code record} restricted to {@code fields}: an NXT-ND record seen in its canonical form. */
    public ObjectNode project(JsonNode record, Collection<String> fields) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (String f : fields) {
            JsonNode v = comparable(METADATA.equals(f) ? comparedMetadata(record.path(f)) : record.path(f));
            if (!v.isMissingNode()) {
                out.set(f, v);
            }
        }
        return out;
    }

    /**
     * A value as it is compared: missing when it is no value (null, an empty list, an object with nothing in it),
     * a list of plain values sorted with each value once, anything else as it is.
     */
    public static JsonNode comparable(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        if (value.isArray()) {
            if (value.isEmpty()) {
                return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
            }
            boolean plain = true;
            for (JsonNode v : value) {
                plain &= v.isValueNode() && !v.isNull();
            }
            if (plain) {
                java.util.TreeMap<String, JsonNode> set = new java.util.TreeMap<>();
                value.forEach(v -> set.putIfAbsent(v.asText(), v));
                com.fasterxml.jackson.databind.node.ArrayNode sorted = JsonNodeFactory.instance.arrayNode();
                set.values().forEach(sorted::add);
                return sorted;
            }
            return value;
        }
        if (value.isObject()) {
            for (JsonNode v : value) {
                if (!comparable(v).isMissingNode()) {
                    return value;
                }
            }
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        return value;
    }

    /** The compared part of a metadata object (no bookkeeping, no nulls), or a missing node when nothing is left. */
    static JsonNode comparedMetadata(JsonNode metadata) {
        if (!metadata.isObject()) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        metadata.fields().forEachRemaining(e -> {
            if (!e.getKey().startsWith("woo") && !e.getValue().isNull()) {
                out.set(e.getKey(), e.getValue());
            }
        });
        return out.isEmpty() ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : out;
    }

    private static void write(JsonNode node, StringBuilder out, boolean top) {
        node = top ? node : comparable(node);
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                JsonNode v = comparable(top && METADATA.equals(name) ? comparedMetadata(node.get(name)) : node.get(name));
                if (!v.isMissingNode() && !(top && NOT_HASHED.contains(name))) {
                    sorted.put(name, v);
                }
            }
            out.append('{');
            sorted.forEach((k, v) -> {
                out.append('"').append(k).append("\":");
                write(v, out, false);
                out.append(',');
            });
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            node.forEach(v -> {
                write(v, out, false);
                out.append(',');
            });
            out.append(']');
        } else if (node.isNumber()) {
            out.append(new BigDecimal(node.asText()).stripTrailingZeros().toPlainString());
        } else {
            out.append(node.toString());
        }
    }
}
