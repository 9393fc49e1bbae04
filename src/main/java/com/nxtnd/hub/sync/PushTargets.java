package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nxtnd.hub.mapping.MappingException;
import com.nxtnd.hub.mapping.MappingService;
import com.nxtnd.hub.woo.WooCommerceClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Where a planned record goes in WooCommerce: its paired record, the customer with its e-mail, the product or
 * variation with its SKU (one lookup per page), or a new one. Each becomes one write (PushWrites); a new variant
 * waits for its parent (PushVariants).
 */
@Component
public class PushTargets {

    // the ProductTaxonomy step (catalogue fields) belongs where product bodies are made: in payload() below
    private final MappingService mappings;
    private final WooCommerceClient woo;
    private final PushWrites writes;
    private final PushErrors errors;

    public PushTargets(MappingService mappings, WooCommerceClient woo, PushWrites writes, PushErrors errors) {
        this.mappings = mappings;
        this.woo = woo;
        this.writes = writes;
        this.errors = errors;
    }

    /** The WooCommerce body of an NXT-ND record; empty (error counted and recorded) when its mapping fails. */
    public Optional<ObjectNode> payload(PushRun run, String entity, JsonNode record) {
        try {
            return Optional.of(((ObjectNode) mappings.map(entity + ".nxt-to-woo", record, Map.of())).deepCopy());
        } catch (MappingException e) {
            run.counts().add(entity, "push", "errors");
            errors.record(entity, record.path("id").asText(), "MappingException", e.getMessage(), record);
            return Optional.empty();
        }
    }

    /** The paired WooCommerce record is updated. */
    public void paired(PushRun run, PushWrites.Planned p, ObjectNode body, long wooId, Long parentId, List<WooWrite> out) {
        writes.add(run, p, "update", body.put("id", wooId), parentId, out);
    }

    /** An unpaired customer: the WooCommerce customer with its e-mail is updated, else one is created. */
    public void customer(PushRun run, PushWrites.Planned p, ObjectNode body, List<WooWrite> out) {
        Optional<JsonNode> existing = woo.list("customers", Map.of("email", p.nxtRecord().path("email").asText()), 1, 1)
                .items().stream().findFirst();
        existing.ifPresent(c -> body.put("id", c.path("id").asLong()));
        writes.add(run, p, existing.isPresent() ? "update" : "create", body, null, out);
    }

    /** Unpaired products of a page: one SKU lookup (it returns variations too), then update or create each. */
    public void products(PushRun run, Map<String, PushWrites.Planned> bySku, Map<String, ObjectNode> bodies,
                         List<WooWrite> out) {
        if (bySku.isEmpty()) {
            return;
        }
        Map<String, JsonNode> found = new HashMap<>();
        woo.listBySkus(bySku.keySet()).forEach(x -> found.put(x.path("sku").asText(), x));
        bySku.forEach((sku, p) -> {
            ObjectNode body = bodies.get(sku);
            JsonNode existing = found.get(sku);
            if (existing == null && !p.nxtRecord().path("parentSku").asText("").isEmpty()) {
                // a new variant: its parent may be on a later page, or not variable yet; made after every page
                run.waitingVariants().add(new PushVariants.Waiting(p, body));
                return;
            }
            Long parent = null;
            if (existing != null) {
                body.put("id", existing.path("id").asLong());
                parent = existing.path("parent_id").asLong(0) > 0 ? existing.path("parent_id").asLong() : null;
            }
            writes.add(run, p, existing != null ? "update" : "create", body, parent, out);
        });
    }
}
