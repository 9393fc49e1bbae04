package com.nxtnd.hub.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Metrics;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Text that came from outside (WooCommerce, NXT-ND, a delivery) made safe to store and to quote.
 * <ul>
 * <li>{@link #clean}: NUL (which PostgreSQL text and jsonb cannot hold: one such name once failed every later pull)
 * is removed and an unpaired UTF-16 surrogate (not valid Unicode, refused by jsonb) becomes U+FFFD, in values and
 * field names; each record changed is logged with the fields and counted ({@code hub.records.cleaned}).</li>
 * <li>{@link #quote}: at most a few hundred characters of outside text, control characters escaped, for log lines
 * and messages.</li>
 * </ul>
 */
public final class OutsideText {

    private static final Logger log = LoggerFactory.getLogger(OutsideText.class);
    /** Longest piece of outside text a log line or message quotes. */
    public static final int QUOTE_MAX = 200;

    private OutsideText() {
    }

    /**
     * Whether a JSON body may hold what {@link #clean} removes: an escaped NUL or surrogate ({@code \}{@code u0000},
     * {@code \}{@code ud800}...). Raw control bytes are not valid JSON and fail parsing anyway. A cheap scan, so that
     * the usual page of records is not walked twice.
     */
    public static boolean mayNeedCleaning(byte[] json) {
        for (int i = 0; i + 5 < json.length; i++) {
            if (json[i] == '\\' && json[i + 1] == 'u') {
                byte a = json[i + 2];
                byte b = json[i + 3];
                if ((a == '0' && b == '0' && json[i + 4] == '0' && json[i + 5] == '0') || ((a == 'd' || a == 'D')
                        && ((b >= '8' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F')))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The node with NUL removed and lone surrogates replaced; the same node when nothing needed it. */
    public static JsonNode clean(JsonNode node, String source) {
        if (node == null) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        JsonNode cleaned = clean(node, "", fields);
        if (!fields.isEmpty()) {
            Metrics.counter("hub.records.cleaned", "source", source).increment();
            log.warn("Removed characters PostgreSQL cannot store (NUL, unpaired surrogates) from a {} record: {}",
                    source, quote(String.join(", ", fields)));
        }
        return cleaned;
    }

    private static JsonNode clean(JsonNode node, String path, List<String> fields) {
        if (node.isTextual()) {
            String text = node.textValue();
            String safe = safe(text);
            if (!safe.equals(text)) {
                fields.add(path.isEmpty() ? "(value)" : path);
                return JsonNodeFactory.instance.textNode(safe);
            }
            return node;
        }
        if (node.isObject()) {
            ObjectNode out = null;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String name = safe(e.getKey());
                String child = path.isEmpty() ? name : path + "." + name;
                JsonNode value = clean(e.getValue(), child, fields);
                if (!name.equals(e.getKey()) && !fields.contains(child)) {
                    fields.add(child);
                }
                if (out == null && (value != e.getValue() || !name.equals(e.getKey()))) {
                    out = JsonNodeFactory.instance.objectNode();
                    for (Iterator<Map.Entry<String, JsonNode>> before = node.fields(); before.hasNext(); ) {
                        Map.Entry<String, JsonNode> b = before.next();
                        if (b.getKey().equals(e.getKey())) {
                            break;
                        }
                        out.set(b.getKey(), b.getValue());
                    }
                }
                if (out != null) {
                    out.set(name, value);
                }
            }
            return out == null ? node : out;
        }
        if (node.isArray()) {
            ArrayNode out = null;
            for (int i = 0; i < node.size(); i++) {
                JsonNode value = clean(node.get(i), path + "[" + i + "]", fields);
                if (out == null && value != node.get(i)) {
                    out = JsonNodeFactory.instance.arrayNode();
                    for (int j = 0; j < i; j++) {
                        out.add(node.get(j));
                    }
                }
                if (out != null) {
                    out.add(value);
                }
            }
            return out == null ? node : out;
        }
        return node;
    }

    /** NUL removed, unpaired surrogates replaced by U+FFFD. */
    public static String safe(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = null;
            if (c == '\u0000') {
                replacement = "";
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    if (out != null) {
                        out.append(c).append(text.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
                replacement = "\uFFFD";
            } else if (Character.isLowSurrogate(c)) {
                replacement = "\uFFFD";
            }
            if (replacement != null && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                out.append(replacement != null ? replacement : String.valueOf(c));
            }
        }
        return out == null ? text : out.toString();
    }

    /** At most {@link #QUOTE_MAX} characters of outside text, control characters escaped, the cut marked. */
    public static String quote(String text) {
        return quote(text, QUOTE_MAX);
    }

    public static String quote(String text, int max) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 16);
        int i = 0;
        for (; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (i < text.length()) {
            out.append("... (").append(text.length()).append(" chars)");
        }
        return out.toString();
    }
}
