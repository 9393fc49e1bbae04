package com.nxtnd.hub.sandbox.woo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The two views of a product a real WooCommerce 8.9.1 store gives (api-notes.md, "Two views of a product"): the
 * store keeps what was written ({@code edit} context: write responses and {@code ?context=edit}); plain reads and
 * webhook bodies are the {@code view} context, where description and short_description pass through wpautop.
 * Titles are stored HTML-escaped ({@code Fish & Chips} becomes {@code Fish &amp; Chips}) and read so in both.
 */
public final class WooSandboxViews {

    private static final List<String> AUTOP_FIELDS = List.of("description", "short_description");
    /** Product fields a variations endpoint does not answer (a real 8.9.1 store's variation keys). */
    private static final List<String> VARIATION_ABSENT = List.of("type", "slug", "featured", "catalog_visibility",
            "short_description", "total_sales", "categories", "tags", "images", "default_attributes", "variations");
    /** An ampersand that does not start an entity: WordPress (kses) stores it as &amp;amp;. */
    private static final Pattern BARE_AMPERSAND = Pattern.compile("&(?!(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);)");
    private static final Pattern BLOCK_START = Pattern.compile("^<(p|div|ul|ol|table|h[1-6]|blockquote|pre)[\\s>]",
            Pattern.CASE_INSENSITIVE);

    private WooSandboxViews() {
    }

    /** A product title as the store saves it. */
    public static String storedTitle(String title) {
        return title == null ? null : BARE_AMPERSAND.matcher(title).replaceAll("&amp;");
    }

    /**
     * A variation's title as the store generates it on every save (WC_Product_Variation_Data_Store_CPT::
     * generate_product_title): the parent's title, then " - " and the options joined by ", ", unless the variation
     * has three or more attributes, or two or more with a dash in an attribute's key (its slug).
     */
    public static String variationTitle(String parentTitle, JsonNode attributes) {
        int n = attributes.size();
        boolean withOptions = n > 0 && n < 3;
        if (withOptions && n > 1) {
            for (JsonNode a : attributes) {
                if (a.path("slug").asText(a.path("name").asText().toLowerCase().replace(' ', '-')).contains("-")) {
                    withOptions = false;
                }
            }
        }
        return withOptions ? parentTitle + " - " + formattedOptions(attributes) : parentTitle;
    }

    /**
     * A variation as the variations endpoints answer it (list, read, write, batch): named by its options alone
     * (wc_get_formatted_variation), and without the product-only fields ({@code type}, categories, tags, images,
     * short description...). Reads through {@code /products/{id}} and webhook bodies keep the stored title and type.
     */
    public static JsonNode variationEndpoint(JsonNode stored) {
        if (!(stored instanceof ObjectNode o) || o.path("parent_id").asLong() == 0 || o.has("error")) {
            return stored;
        }
        ObjectNode v = o.deepCopy();
        v.put("name", formattedOptions(v.path("attributes")));
        for (String f : VARIATION_ABSENT) {
            v.remove(f);
        }
        JsonNode images = o.path("images");
        v.set("image", images.isArray() && !images.isEmpty() ? images.get(0) : null);
        return v;
    }

    private static String formattedOptions(JsonNode attributes) {
        List<String> options = new ArrayList<>();
        attributes.forEach(a -> options.add(a.path("option").asText()));
        return String.join(", ", options);
    }

    /** The {@code view} context of a stored record (a copy for products; other records are the same in both). */
    public static JsonNode view(JsonNode stored) {
        if (!(stored instanceof ObjectNode o) || !o.has("sku") || o.has("delivery_url")) {
            return stored;
        }
        for (String field : AUTOP_FIELDS) {
            if (o.path(field).isTextual()) {
                o.put(field, wpautop(o.path(field).asText()));
            }
        }
        return o;
    }

    /**
     * WordPress's wpautop for plain text: paragraphs (split on blank lines) wrapped in {@code <p>..</p>\n}, single
     * line breaks inside one as {@code <br />\n}; a paragraph that already is a block element is left as it is.
     */
    public static String wpautop(String text) {
        String t = text.replace("\r\n", "\n").replace("\r", "\n");
        if (t.isBlank()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (String paragraph : t.trim().split("\n\\s*\n")) {
            String p = paragraph.trim();
            if (p.isEmpty()) {
                continue;
            }
            if (BLOCK_START.matcher(p).find()) {
                out.append(p).append('\n');
            } else {
                out.append("<p>").append(p.replace("\n", "<br />\n")).append("</p>\n");
            }
        }
        return out.toString();
    }
}
