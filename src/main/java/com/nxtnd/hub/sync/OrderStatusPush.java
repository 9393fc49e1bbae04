package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nxtnd.hub.mapping.MappingService;
import com.nxtnd.hub.store.EntityMapping;
import com.nxtnd.hub.store.EntityMappingRepository;
import com.nxtnd.hub.woo.WooCommerceClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * An order's status decided in NXT-ND (shipped, cancelled...) goes back to WooCommerce. Compared in NXT-ND terms,
 * so a WooCommerce status that maps to the same NXT-ND status (on-hold and pending) is left as it is.
 */
@Component
public class OrderStatusPush {

    private final EntityMappingRepository pairs;
    private final MappingService mappings;
    private final WooCommerceClient woo;
    private final PushErrors errors;

    public OrderStatusPush(EntityMappingRepository pairs, MappingService mappings, WooCommerceClient woo,
                           PushErrors errors) {
        this.pairs = pairs;
        this.mappings = mappings;
        this.woo = woo;
        this.errors = errors;
    }

    public List<WooWrite> plan(PushPage page) {
        List<WooWrite> out = new ArrayList<>();
        page.records().forEach(order -> plan(page.run(), order, out));
        return out;
    }

    private void plan(PushRun run, JsonNode order, List<WooWrite> out) {
        Optional<EntityMapping> pair = pairs.byNxtId("order", order.path("id").asText());
        if (pair.isEmpty() || pair.get().wooId() == null) {
            return; // orders are born in WooCommerce; an unmapped NXT-ND order is not the shop's
        }
        String nxtStatus = order.path("status").asText();
        JsonNode wooOrder = pair.get().wooSnapshot();
        String wooAsNxt = wooOrder == null ? null
                : mappings.map("order.woo-to-nxt", wooOrder, Map.of("customerId", "")).path("status").asText(null);
        JsonNode toWoo = mappings.map("order-status.nxt-to-woo", order, Map.of());
        String wooStatus = toWoo.path("status").asText();
        String customerNote = toWoo.path("customerNote").asText(null);
        if (nxtStatus.equals(wooAsNxt) || (wooOrder != null && wooStatus.equals(wooOrder.path("status").asText()))) {
            run.counts().add("order", "push", "unchanged");
            return;
        }
        long wooId = pair.get().wooId();
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("id", wooId).put("status", wooStatus);
        if (run.dryRun()) {
            run.plan().add(Map.of("entity", "order", "wooId", wooId, "action", "update", "status", wooStatus));
            run.counts().add("order", "push", "planned");
            return;
        }
        out.add(new WooWrite("orders", "update", body, saved -> {
            pairs.rememberSeen(pair.get().id(), "woo", saved);
            if (customerNote != null) {
                // the tracking number and carrier reach the customer as a note on the order
                woo.create("orders/" + wooId + "/notes", JsonNodeFactory.instance.objectNode()
                        .put("note", customerNote).put("customer_note", true));
            }
            run.counts().add("order", "push", "updated");
        }, (code, message) -> {
            run.counts().add("order", "push", "errors");
            errors.record("order", order.path("id").asText(), code, message, body);
        }, run));
    }
}
