package com.nxtnd.hub.sandbox.woo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
