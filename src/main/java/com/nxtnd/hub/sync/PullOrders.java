package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.store.EntityMappingRepository;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Per-order step of routes/pull.camel.yaml (bean {@code pullOrders}): orders go to NXT-ND one by one through
 * {@link WooToNxtWriter} (an order's stock moves with its lifecycle; there is no batch for orders). Answers what
 * was written, as JSON text ({@code {"wooId","nxtId","result"}}), or null when nothing was (unchanged, planned,
 * failed): what a route may tap. A failed order is counted and stored under the route; NXT-ND down stops the run.
 */
@Component("pullOrders")
public class PullOrders {

    private final WooToNxtWriter writer;
    private final EntityMappingRepository pairs;
    private final PullErrors errors;
    private final ObjectMapper json;

    public PullOrders(WooToNxtWriter writer, EntityMappingRepository pairs, PullErrors errors, ObjectMapper json) {
        this.writer = writer;
        this.pairs = pairs;
        this.errors = errors;
        this.json = json;
    }

    public String apply(PullRun run, JsonNode order) {
        long wooId = order.path("id").asLong();
        if (run.dryRun()) {
            boolean known = pairs.byWooId("order", wooId).isPresent();
            run.plan().add(Map.of("entity", "order", "wooId", wooId, "action", known ? "update-if-changed" : "create"));
            run.count("planned");
            return null;
        }
        try {
            ApplyOutcome outcome = writer.apply("order", order, "batch");
            run.count(outcome.result());
            if (!"created".equals(outcome.result()) && !"updated".equals(outcome.result())) {
                return null;
            }
            return json.createObjectNode().put("wooId", wooId).put("nxtId", outcome.nxtId())
                    .put("result", outcome.result()).toString();
        } catch (RuntimeException e) {
            if (SyncService.peerUnavailable(e)) {
                throw e; // NXT-ND is down: the run stops before its watermark moves and is resumed, not recorded
            }
            run.count("errors");
            errors.record(e instanceof PermanentFailure ? "hub" : "nxt", e.getClass().getSimpleName(), "order",
                    "/orders", PullRun.ref(order), e.getMessage(), order);
            return null;
        }
    }
}
