package com.nxtnd.hub.conflict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Field-by-field three-way merge of canonical records: base (last synced), WooCommerce and NXT-ND. A field changed
 * on one side only is taken from that side; a field changed on both sides to different values is a conflict,
 * settled by the strategy. Nothing of either side's edit is lost silently: every conflict is reported.
 */
@Component
public class ThreeWayMerge {

    private static final Map<String, String> ALIASES = Map.of("price", "unitPrice", "inventory", "quantityAvailable");
    private static final Set<String> ADDRESS_FIELDS = Set.of("billingAddress", "shippingAddress");
    /**
     * Not merged. metadata is: the records merged are the synced projections, whose metadata holds only what a mapping
     * carries in it (a customer's billing e-mail), not the hub's woo* bookkeeping (CanonicalRecords).
     */
    private static final Set<String> IGNORED = Set.of("id", "version", "updatedAt", "createdAt");

    private final ConflictProperties properties;

    public ThreeWayMerge(ConflictProperties properties) {
        this.properties = properties;
    }

    public MergeResult merge(String entity, JsonNode base, JsonNode woo, JsonNode nxt, Instant wooModified,
                             Instant nxtModified) {
        return merge(entity, properties.strategyFor(entity), base, woo, nxt, wooModified, nxtModified);
    }

    public MergeResult merge(String entity, Strategy strategy, JsonNode base, JsonNode woo, JsonNode nxt,
                             Instant wooModified, Instant nxtModified) {
        ObjectNode merged = JsonNodeFactory.instance.objectNode();
        List<String> wooChanged = new ArrayList<>();
        List<String> nxtChanged = new ArrayList<>();
        List<FieldConflict> conflicts = new ArrayList<>();
        boolean held = false;
        for (String field : fields(woo, nxt)) {
            JsonNode b = value(base, field);
            JsonNode w = value(woo, field);
            JsonNode n = value(nxt, field);
            boolean wChanged = !same(b, w);
            boolean nChanged = !same(b, n);
            if (wChanged) {
                wooChanged.add(field);
            }
            if (nChanged) {
                nxtChanged.add(field);
            }
            JsonNode chosen;
            if (wChanged && nChanged && !same(w, n)) {
                Strategy rule = ruleFor(entity, field, strategy);
                String winner = winner(rule, entity, field, b, w, n, wooModified, nxtModified);
                if (winner == null) {
                    held = true;
                    chosen = n;
                } else if ("merge".equals(winner)) {
                    chosen = mergeObjects(b, w, n, wooModified, nxtModified);
                } else {
                    chosen = "woo".equals(winner) ? w : n;
                }
                conflicts.add(new FieldConflict(field, b, w, n, winner, rule));
            } else {
                chosen = wChanged ? w : n;
            }
            if (!chosen.isMissingNode()) {
                merged.set(field, chosen);
            }
        }
        return new MergeResult(merged, wooChanged, nxtChanged, conflicts, held, strategy);
    }

    private Strategy ruleFor(String entity, String field, Strategy strategy) {
        if (strategy != Strategy.MERGE && strategy != Strategy.PRIORITY) {
            return strategy;
        }
        Map<String, Strategy> rules = properties.fieldRules().getOrDefault(entity, Map.of());
        for (Map.Entry<String, Strategy> rule : rules.entrySet()) {
            String name = ALIASES.getOrDefault(rule.getKey(), rule.getKey());
            if (name.equals(field) || ("address".equals(rule.getKey()) && ADDRESS_FIELDS.contains(field))) {
                return rule.getValue();
            }
        }
        // no rule for this field: the most recent edit wins, so neither side is preferred blindly
        return strategy == Strategy.MERGE ? Strategy.TIMESTAMP : Strategy.MANUAL;
    }

    /** "woo", "nxt", "merge" (object fields merged key by key) or null (held for a person). */
    private static String winner(Strategy rule, String entity, String field, JsonNode b, JsonNode w, JsonNode n,
                                 Instant wooModified, Instant nxtModified) {
        return switch (rule) {
            case WC_WINS -> "woo";
            case NXT_WINS -> "nxt";
            case TIMESTAMP -> newer(wooModified, nxtModified);
            case MERGE -> w.isObject() && n.isObject() ? "merge" : newer(wooModified, nxtModified);
            case PRIORITY, MANUAL -> null;
        };
    }

    private static String newer(Instant wooModified, Instant nxtModified) {
        if (wooModified == null && nxtModified == null) {
            return null;
        }
        if (nxtModified == null) {
            return "woo";
        }
        if (wooModified == null) {
            return "nxt";
        }
        return wooModified.isAfter(nxtModified) ? "woo" : "nxt";
    }

    /** Object-valued fields (addresses): key by key, the changed side wins; both changed: the newer side. */
    private static JsonNode mergeObjects(JsonNode b, JsonNode w, JsonNode n, Instant wooModified, Instant nxtModified) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        String tieBreak = Objects.requireNonNullElse(newer(wooModified, nxtModified), "nxt");
        for (String key : fields(w, n)) {
            JsonNode bk = value(b, key);
            JsonNode wk = value(w, key);
            JsonNode nk = value(n, key);
            JsonNode chosen = !same(bk, wk) && !same(bk, nk) ? ("woo".equals(tieBreak) ? wk : nk)
                    : !same(bk, wk) ? wk : nk;
            if (!chosen.isMissingNode()) {
                out.set(key, chosen);
            }
        }
        return out;
    }

    private static Set<String> fields(JsonNode a, JsonNode b) {
        Set<String> names = new LinkedHashSet<>();
        if (a != null) {
            a.fieldNames().forEachRemaining(names::add);
        }
        if (b != null) {
            b.fieldNames().forEachRemaining(names::add);
        }
        names.removeAll(IGNORED);
        return names;
    }

    private static JsonNode value(JsonNode record, String field) {
        if (record == null) {
            return MissingNode.getInstance();
        }
        JsonNode v = record.path(field);
        return v.isNull() ? MissingNode.getInstance() : v;
    }

    /** Equal values; money strings compare by number ("12.5" = "12.50"). */
    public static boolean same(JsonNode a, JsonNode b) {
        if (a.equals(b)) {
            return true;
        }
        if (a.isValueNode() && b.isValueNode() && !a.isMissingNode() && !b.isMissingNode()) {
            try {
                return new java.math.BigDecimal(a.asText()).compareTo(new java.math.BigDecimal(b.asText())) == 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return false;
    }
}
