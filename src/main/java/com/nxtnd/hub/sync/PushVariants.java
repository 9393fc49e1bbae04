package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nxtnd.hub.mapping.CanonicalRecords;
import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.woo.WooCommerceClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Steps push-variant-parents and push-variations of routes sync-push and push-records (routes/push.camel.yaml): the
 * new NXT-ND variants of a run (a product with {@code parentSku}), once every page is written. Their parent becomes a
 * variable product in the shop with each option the variants name (created so when it is not there, made so when it
 * is simple, its attribute options completed when it is variable); then each variant is created as a variation of it
 * through the variations batch. A WooCommerce variation exists only under a variable parent that has its attribute
 * for variations: a real store drops an attribute its parent lacks, and a simple product has no variations.
 */
@Component("pushVariants")
public class PushVariants {

    /** A new variant waiting for its parent: the planned record and its WooCommerce body. */
    public record Waiting(PushWrites.Planned planned, ObjectNode body) {

        String parentSku() {
            return planned.nxtRecord().path("parentSku").asText();
        }
    }

    private final WooCommerceClient woo;
    private final NxtClient nxt;
    private final CanonicalRecords canonical;
    private final PushTargets targets;
    private final PushWrites writes;
    private final PushErrors errors;

    public PushVariants(WooCommerceClient woo, NxtClient nxt, CanonicalRecords canonical, PushTargets targets,
                        PushWrites writes, PushErrors errors) {
        this.woo = woo;
        this.nxt = nxt;
        this.canonical = canonical;
        this.targets = targets;
        this.writes = writes;
        this.errors = errors;
    }

    /**
     * The parents' writes: each parent the waiting variants need, created or updated as a variable product with their
     * options. Variants whose parent cannot be (none in NXT-ND, a variation in the shop) are errors and stop waiting.
     */
    public List<WooWrite> parents(PushRun run) {
        run.throwIfStopped();
        List<WooWrite> out = new ArrayList<>();
        Map<String, List<Waiting>> byParent = byParent(run);
        if (byParent.isEmpty()) {
            return out;
        }
        Map<String, JsonNode> inShop = inShop(byParent.keySet());
        List<Waiting> ready = new ArrayList<>();
        byParent.forEach((parentSku, waiting) -> {
            List<Waiting> named = new ArrayList<>();
            waiting.forEach(w -> {
                if (w.planned().nxtRecord().path("variantAttributes").isEmpty()) {
                    fail(run, List.of(w), "variant " + w.planned().nxtRecord().path("sku").asText()
                            + " has no variantAttributes: a variation is told from its siblings by its options");
                } else {
                    named.add(w);
                }
            });
            if (named.isEmpty()) {
                return;
            }
            JsonNode existing = inShop.get(parentSku);
            String type = existing == null ? null : existing.path("type").asText();
            if (existing != null && !"simple".equals(type) && !"variable".equals(type)) {
                fail(run, named, "parentSku " + parentSku + " is a " + type + " product in the shop, not a variable one");
                return;
            }
            Optional<JsonNode> parent = nxt.findProductBySku(parentSku);
            if (parent.isEmpty()) {
                fail(run, named, "parentSku " + parentSku + " names no product in NXT-ND");
                return;
            }
            ready.addAll(named);
            ArrayNode attributes = attributes(existing, named);
            if ("variable".equals(type) && attributes == null) {
                return; // variable already, with every option
            }
            Optional<ObjectNode> body = targets.payload(run, "product", parent.get());
            if (body.isEmpty()) {
                return; // its mapping error is recorded; its variants find no variable parent and say so
            }
            body.get().put("type", "variable").set("attributes", attributes != null ? attributes
                    : existing.path("attributes").deepCopy()); // a simple product with them all: only its type changes
            if (existing != null) {
                body.get().put("id", existing.path("id").asLong());
            }
            JsonNode projection = canonical.project(parent.get(), canonical.fields("product"));
            writes.add(run, new PushWrites.Planned("product", parent.get(), projection, canonical.hash(projection)),
                    existing == null ? "create" : "update", body.get(), null, out);
        });
        synchronized (run.waitingVariants()) {
            run.waitingVariants().clear();
            run.waitingVariants().addAll(ready);
        }
        return out;
    }

    /** The variations' writes: each waiting variant created under its parent, now variable in the shop. */
    public List<WooWrite> variations(PushRun run) {
        run.throwIfStopped();
        List<WooWrite> out = new ArrayList<>();
        Map<String, List<Waiting>> byParent = byParent(run);
        run.waitingVariants().clear();
        if (byParent.isEmpty()) {
            return out;
        }
        if (run.dryRun()) { // nothing was created: the plan lists the variations as it lists products
            byParent.values().forEach(ws -> ws.forEach(w -> writes.add(run, w.planned(), "create", w.body(), null, out)));
            return out;
        }
        Map<String, JsonNode> inShop = inShop(byParent.keySet());
        byParent.forEach((parentSku, waiting) -> {
            JsonNode parent = inShop.get(parentSku);
            if (parent == null || !"variable".equals(parent.path("type").asText())) {
                fail(run, waiting, "parent " + parentSku + " is not a variable product in the shop (its own error says why)");
                return;
            }
            waiting.forEach(w -> writes.add(run, w.planned(), "create", w.body(), parent.path("id").asLong(), out));
        });
        return out;
    }

    private static Map<String, List<Waiting>> byParent(PushRun run) {
        Map<String, List<Waiting>> byParent = new LinkedHashMap<>();
        synchronized (run.waitingVariants()) {
            run.waitingVariants().forEach(w -> byParent.computeIfAbsent(w.parentSku(), k -> new ArrayList<>()).add(w));
        }
        return byParent;
    }

    /** The shop's products with these SKUs (one call per 100). */
    private Map<String, JsonNode> inShop(Set<String> skus) {
        Map<String, JsonNode> found = new HashMap<>();
        woo.listBySkus(skus).forEach(x -> found.put(x.path("sku").asText(), x));
        return found;
    }

    /**
     * The parent's attributes with every option its variants name, each used for variations; null when the shop's
     * parent has them all already.
     */
    private static ArrayNode attributes(JsonNode existing, List<Waiting> variants) {
        Map<String, Set<String>> wanted = new LinkedHashMap<>();
        variants.forEach(w -> w.planned().nxtRecord().path("variantAttributes").fields().forEachRemaining(
                e -> wanted.computeIfAbsent(e.getKey(), k -> new LinkedHashSet<>()).add(e.getValue().asText())));
        ArrayNode out = existing == null || !existing.path("attributes").isArray()
                ? JsonNodeFactory.instance.arrayNode() : existing.path("attributes").deepCopy();
        boolean changed = false;
        for (Map.Entry<String, Set<String>> want : wanted.entrySet()) {
            ObjectNode attribute = null;
            for (JsonNode a : out) {
                if (a.path("name").asText().equalsIgnoreCase(want.getKey())) {
                    attribute = (ObjectNode) a;
                }
            }
            if (attribute == null) {
                attribute = out.addObject().put("name", want.getKey()).put("visible", true);
                attribute.putArray("options");
                changed = true;
            }
            if (!attribute.path("variation").asBoolean()) {
                attribute.put("variation", true);
                changed = true;
            }
            Set<String> has = new LinkedHashSet<>();
            attribute.path("options").forEach(o -> has.add(o.asText()));
            for (String option : want.getValue()) {
                if (has.add(option)) {
                    attribute.withArray("options").add(option);
                    changed = true;
                }
            }
        }
        return changed ? out : null;
    }

    /** Reported once (error store, replayable): counted as an error then, as skipped by later runs until it is fixed. */
    private void fail(PushRun run, List<Waiting> waiting, String message) {
        waiting.forEach(w -> {
            boolean reported = run.dryRun() || errors.recordOnce("product", w.planned().nxtRecord().path("id").asText(),
                    "VariantParent", message, w.planned().nxtRecord());
            run.counts().add("product", "push", reported ? "errors" : "skipped");
        });
    }
}
