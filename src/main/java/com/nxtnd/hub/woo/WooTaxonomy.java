package com.nxtnd.hub.woo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.util.HtmlUtils;

/**
 * Product categories and tags named by name in a product write ({@code "categories":[{"name":"Shirts"}]}, as
 * product.nxt-to-woo produces them) turned into the shop's term ids, which is all WooCommerce takes: it plucks the
 * {@code id}s and drops an entry with only a name (WC_REST_Products_Controller::save_taxonomy_terms). Names match
 * case-insensitively, as WordPress keeps them unique; a name the shop lacks is created, all of one write's new names
 * in one {@code /products/categories/batch} (or {@code tags}) call. The shop's terms are read once and kept for
 * {@link #FRESH} (a sync run's writes share them), read again when a name is not among them, in case it was made
 * in the shop meanwhile. A name the shop refuses to create is left out of the write and logged.
 */
public class WooTaxonomy {

    private static final Logger log = LoggerFactory.getLogger(WooTaxonomy.class);
    static final List<String> TAXONOMIES = List.of("categories", "tags");
    /** How long the shop's terms, once read, serve without being read again. */
    static final Duration FRESH = Duration.ofMinutes(5);

    private record Known(long readAt, Map<String, Long> ids) {
    }

    private final WooCommerceClient woo;
    private final LongSupplier clock;
    private final Map<String, Known> known = new HashMap<>();

    WooTaxonomy(WooCommerceClient woo, LongSupplier clock) {
        this.woo = woo;
        this.clock = clock;
    }

    /** Whether writes to {@code resource} carry categories and tags (products; variations have none). */
    static boolean carriesTerms(String resource) {
        return "products".equals(resource);
    }

    /**
     * Copies of {@code bodies} whose category and tag entries named by name carry the shop's id instead, the
     * missing terms created first. Bodies without such entries are returned as they are.
     */
    public synchronized List<JsonNode> withTermIds(List<JsonNode> bodies) {
        if (bodies == null || bodies.isEmpty()) {
            return bodies;
        }
        List<JsonNode> out = new ArrayList<>(bodies);
        for (String taxonomy : TAXONOMIES) {
            Map<String, String> wanted = new LinkedHashMap<>(); // key -> name as written
            for (JsonNode body : bodies) {
                for (JsonNode term : body.path(taxonomy)) {
                    if (!term.has("id") && term.path("name").isTextual() && !term.path("name").asText().isBlank()) {
                        wanted.putIfAbsent(key(term.path("name").asText()), term.path("name").asText().trim());
                    }
                }
            }
            if (wanted.isEmpty()) {
                continue;
            }
            Map<String, Long> ids = ids(taxonomy, wanted);
            for (int i = 0; i < out.size(); i++) {
                JsonNode body = out.get(i);
                if (body.path(taxonomy).isArray() && body instanceof ObjectNode o) {
                    ObjectNode copy = o.deepCopy();
                    var terms = copy.putArray(taxonomy);
                    for (JsonNode term : body.path(taxonomy)) {
                        if (term.has("id")) {
                            terms.add(term);
                        } else {
                            Long id = ids.get(key(term.path("name").asText("")));
                            if (id != null) {
                                terms.addObject().put("id", id);
                            }
                        }
                    }
                    out.set(i, copy);
                }
            }
        }
        return out;
    }

    /** The ids of the wanted names: known ones, then the shop read again, then the rest created in one batch. */
    private Map<String, Long> ids(String taxonomy, Map<String, String> wanted) {
        Known cached = known.get(taxonomy);
        boolean stale = cached == null || clock.getAsLong() - cached.readAt() > FRESH.toMillis();
        Known current = stale || !cached.ids().keySet().containsAll(wanted.keySet()) ? read(taxonomy) : cached;
        List<String> missing = wanted.keySet().stream().filter(k -> !current.ids().containsKey(k)).toList();
        for (int from = 0; from < missing.size(); from += WooCommerceClient.MAX_BATCH_ITEMS) {
            List<String> chunk = missing.subList(from, Math.min(missing.size(), from + WooCommerceClient.MAX_BATCH_ITEMS));
            List<JsonNode> create = chunk.stream().map(k -> (JsonNode) JsonNodeFactory.instance.objectNode()
                    .put("name", wanted.get(k))).toList();
            WooBatchResult result = woo.batch("products/" + taxonomy, create, null, null);
            List<WooBatchResult.Item> items = result.items();
            for (int i = 0; i < items.size() && i < chunk.size(); i++) {
                WooBatchResult.Item item = items.get(i);
                JsonNode answer = item.result();
                if (!item.failed()) {
                    current.ids().put(chunk.get(i), answer.path("id").asLong());
                } else if (answer != null && answer.path("error").path("data").path("resource_id").asLong(0) > 0) {
                    // term_exists: made meanwhile (or differing only in what WordPress folds); the holder's id
                    current.ids().put(chunk.get(i), answer.path("error").path("data").path("resource_id").asLong());
                } else {
                    log.warn("WooCommerce refused to create product {} {}: {} {}; left out of the write", taxonomy,
                            com.nxtnd.hub.mapping.OutsideText.quote(wanted.get(chunk.get(i))), item.errorCode(),
                            item.errorMessage());
                }
            }
        }
        return current.ids();
    }

    private Known read(String taxonomy) {
        Map<String, Long> ids = new HashMap<>();
        woo.stream("products/" + taxonomy, Map.of(), WooCommerceClient.MAX_PER_PAGE)
                .forEach(t -> ids.putIfAbsent(key(t.path("name").asText()), t.path("id").asLong()));
        Known read = new Known(clock.getAsLong(), ids);
        known.put(taxonomy, read);
        return read;
    }

    /** A name as WordPress compares it: stored HTML-escaped, compared case-insensitively. */
    static String key(String name) {
        return HtmlUtils.htmlUnescape(name.trim()).toLowerCase(Locale.ROOT);
    }
}
