package com.nxtnd.hub.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.web.util.HtmlUtils;

/**
 * One form for a WooCommerce product however it was read. A real store answers reads and webhooks in its
 * {@code view} context (description and short_description through wpautop) and writes in its {@code edit} context
 * (as stored), and keeps titles HTML-escaped in both (api-notes.md, "Two views of a product"). Compared raw, the
 * hub's own write would come back in its webhook echo as a change. Here wpautop and the escaping are undone, so
 * both views of one stored product map to the same canonical record and hash.
 */
public final class WooStoredForm {

    private static final List<String> AUTOP_FIELDS = List.of("description", "short_description");
    private static final Pattern BREAK = Pattern.compile("<br\\s*/?>\\n?", Pattern.CASE_INSENSITIVE);
    private static final Pattern PARAGRAPH_GAP = Pattern.compile("</p>\\s*<p>", Pattern.CASE_INSENSITIVE);
    private static final Pattern OUTER_P = Pattern.compile("^<p>(.*)</p>$", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private WooStoredForm() {
    }

    /** A copy of {@code product} in the stored form; anything that is not an object is returned as it is. */
    public static JsonNode of(JsonNode product) {
        if (!(product instanceof ObjectNode o)) {
            return product;
        }
        ObjectNode out = o.deepCopy();
        if (out.path("name").isTextual()) {
            out.put("name", HtmlUtils.htmlUnescape(out.path("name").asText()));
        }
        for (String field : AUTOP_FIELDS) {
            if (out.path(field).isTextual()) {
                out.put(field, unautop(out.path(field).asText()));
            }
        }
        for (String taxonomy : List.of("categories", "tags")) { // term names are stored escaped like titles
            for (JsonNode term : out.path(taxonomy)) {
                if (term instanceof ObjectNode t && t.path("name").isTextual()) {
                    t.put("name", HtmlUtils.htmlUnescape(t.path("name").asText()));
                }
            }
        }
        return out;
    }

    /** wpautop undone: paragraphs back to blank-line separated text, line breaks back to newlines. */
    static String unautop(String html) {
        String t = html.replace("\r\n", "\n").trim();
        t = BREAK.matcher(t).replaceAll("\n");
        t = PARAGRAPH_GAP.matcher(t).replaceAll("\n\n");
        var outer = OUTER_P.matcher(t);
        if (outer.matches()) {
            t = outer.group(1);
        }
        return t.trim();
    }
}
