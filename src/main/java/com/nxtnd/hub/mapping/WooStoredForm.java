package com.nxtnd.hub.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
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

    /**
     * {@code product} as jsonata-java evaluates it ({@link JsonataValues}), in the stored form: the fields are undone
     * in the converted copy, so the tree is neither copied first nor converted twice.
     */
    @SuppressWarnings("unchecked")
    static Object values(JsonNode product) {
        Object values = JsonataValues.of(product);
        if (values instanceof Map<?, ?> map) {
            Map<String, Object> out = (Map<String, Object>) map;
            if (out.get("name") instanceof String name) {
                out.put("name", HtmlUtils.htmlUnescape(name));
            }
            for (String field : AUTOP_FIELDS) {
                if (out.get(field) instanceof String text) {
                    out.put(field, unautop(text));
                }
            }
            for (String taxonomy : List.of("categories", "tags")) { // term names are stored escaped like titles
                if (out.get(taxonomy) instanceof List<?> terms) {
                    for (Object term : terms) {
                        if (term instanceof Map<?, ?> t && t.get("name") instanceof String name) {
                            ((Map<String, Object>) t).put("name", HtmlUtils.htmlUnescape(name));
                        }
                    }
                }
            }
        }
        return values;
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
