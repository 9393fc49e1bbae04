package com.nxtnd.hub.sandbox.woo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Product categories and tags of the WooCommerce sandbox (WordPress terms of product_cat / product_tag), as
 * {@code /products/categories} and {@code /products/tags} answer them. WordPress's rules kept here:
 * <ul>
 * <li>a name is unique per taxonomy (and parent), compared case-insensitively: creating it again is 400
 * {@code term_exists} with {@code data.resource_id} naming the holder (wp_insert_term; WC's terms controller
 * passes the id on);</li>
 * <li>names are stored HTML-escaped like titles ({@code _wp_specialchars} on pre_term_name);</li>
 * <li>a product takes its terms by id only: an unknown id, or an entry with only a name, is dropped
 * (WC_REST_Products_Controller::save_taxonomy_terms plucks the ids);</li>
 * <li>a product left with no category gets the default one, Uncategorized (WC_Product_Data_Store_CPT::update_terms,
 * option default_product_cat).</li>
 * </ul>
 * Not thread-safe on its own: the store calls it under its lock.
 */
final class WooSandboxTerms {

    static final Set<String> TAXONOMIES = Set.of("categories", "tags");
    /** The default category of a fresh store (term id 15 in a new WordPress + WooCommerce install). */
    static final long UNCATEGORIZED = 15;

    private final ObjectMapper json;
    private final String siteUrl;
    private final Map<String, NavigableMap<Long, ObjectNode>> terms = Map.of("categories", new TreeMap<>(),
            "tags", new TreeMap<>());
    private long nextId;

    WooSandboxTerms(ObjectMapper json, String siteUrl) {
        this.json = json;
        this.siteUrl = siteUrl;
    }

    void clear() {
        terms.values().forEach(Map::clear);
        nextId = UNCATEGORIZED;
        create("categories", json.createObjectNode().put("name", "Uncategorized"));
    }

    ObjectNode exportState() {
        ObjectNode state = json.createObjectNode().put("nextId", nextId);
        terms.forEach((taxonomy, table) -> state.set(taxonomy, json.valueToTree(table.values())));
        return state;
    }

    void importState(JsonNode state) {
        terms.forEach((taxonomy, table) -> {
            table.clear();
            state.path(taxonomy).forEach(t -> table.put(t.path("id").asLong(), ((ObjectNode) t).deepCopy()));
        });
        nextId = state.path("nextId").asLong(nextId);
    }

    List<ObjectNode> list(String taxonomy) {
        return new ArrayList<>(table(taxonomy).values());
    }

    Optional<ObjectNode> get(String taxonomy, long id) {
        return Optional.ofNullable(table(taxonomy).get(id));
    }

    /** wp_insert_term: a new term, or 400 term_exists naming the one that has this name already. */
    ObjectNode create(String taxonomy, JsonNode input) {
        String name = input.path("name").asText("").trim();
        if (name.isEmpty()) {
            throw new WooSandboxError(400, "rest_missing_callback_param", "Missing parameter(s): name")
                    .with("params", List.of("name"));
        }
        String stored = WooSandboxViews.storedTitle(name);
        for (ObjectNode t : table(taxonomy).values()) {
            if (t.path("name").asText().toLowerCase(Locale.ROOT).equals(stored.toLowerCase(Locale.ROOT))) {
                throw new WooSandboxError(400, "term_exists", "categories".equals(taxonomy)
                        ? "A term with the name provided already exists with this parent."
                        : "A term with the name provided already exists in this taxonomy.")
                        .with("resource_id", t.path("id").asLong());
            }
        }
        long id = nextId++;
        ObjectNode t = json.createObjectNode().put("id", id).put("name", stored).put("slug", slug(taxonomy, name));
        if ("categories".equals(taxonomy)) {
            t.put("parent", 0).put("description", "").put("display", "default").putNull("image")
                    .put("menu_order", 0).put("count", 0);
        } else {
            t.put("description", "").put("count", 0);
        }
        ObjectNode links = t.putObject("_links");
        links.putArray("self").addObject().put("href", siteUrl + "/wp-json/wc/v3/products/" + taxonomy + "/" + id);
        links.putArray("collection").addObject().put("href", siteUrl + "/wp-json/wc/v3/products/" + taxonomy);
        table(taxonomy).put(id, t);
        return t;
    }

    /**
     * The terms a product write asks for, as the product then shows them ({@code [{id,name,slug}]}, by name as
     * WordPress orders a post's terms), or null when the write does not name the field.
     */
    ArrayNode forProduct(String taxonomy, JsonNode requested) {
        if (requested == null || !requested.isArray()) {
            return null;
        }
        Set<Long> ids = new LinkedHashSet<>();
        for (JsonNode entry : requested) {
            long id = entry.path("id").asLong(0);
            if (table(taxonomy).containsKey(id)) {
                ids.add(id);
            }
        }
        if (ids.isEmpty() && "categories".equals(taxonomy)) {
            ids.add(UNCATEGORIZED);
        }
        List<ObjectNode> chosen = ids.stream().map(table(taxonomy)::get)
                .sorted(java.util.Comparator.comparing((ObjectNode t) -> t.path("name").asText().toLowerCase(Locale.ROOT)))
                .toList();
        ArrayNode out = json.createArrayNode();
        chosen.forEach(t -> out.addObject().put("id", t.path("id").asLong()).put("name", t.path("name").asText())
                .put("slug", t.path("slug").asText()));
        return out;
    }

    /** The number of products that carry each term, as the list answers it. */
    void count(String taxonomy, Iterable<ObjectNode> products) {
        table(taxonomy).values().forEach(t -> t.put("count", 0));
        for (ObjectNode p : products) {
            for (JsonNode t : p.path(taxonomy)) {
                ObjectNode term = table(taxonomy).get(t.path("id").asLong());
                if (term != null) {
                    term.put("count", term.path("count").asInt() + 1);
                }
            }
        }
    }

    private String slug(String taxonomy, String name) {
        String base = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        base = base.isEmpty() ? "term" : base;
        String slug = base;
        for (int n = 2; slugTaken(taxonomy, slug); n++) {
            slug = base + "-" + n;
        }
        return slug;
    }

    private boolean slugTaken(String taxonomy, String slug) {
        return table(taxonomy).values().stream().anyMatch(t -> slug.equals(t.path("slug").asText()));
    }

    private NavigableMap<Long, ObjectNode> table(String taxonomy) {
        NavigableMap<Long, ObjectNode> table = terms.get(taxonomy);
        if (table == null) {
            throw new WooSandboxError(404, "rest_no_route", "No route was found matching the URL and request method.");
        }
        return table;
    }
}
