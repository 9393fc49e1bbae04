package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.nxtnd.hub.peer.CallTimeout;
import com.nxtnd.hub.woo.WooBatchResult;
import com.nxtnd.hub.woo.WooCommerceClient;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Step of route woo-batch-writer: one aggregated group of writes becomes one WooCommerce /batch call. Returns each
 * write with its outcome inside the 200 (saved record, or the item's error), for the outcomes step.
 */
@Component("wooBatchCall")
public class WooBatchCall {

    /** One write and what WooCommerce answered for it. */
    public record Outcome(WooWrite write, boolean failed, String code, String message, JsonNode result) {
    }

    private final WooCommerceClient woo;

    public WooBatchCall(WooCommerceClient woo) {
        this.woo = woo;
    }

    /**
     * @param path the batch path, {@code %s} standing for the resource (products, customers, orders,
     *             products/{id}/variations), as placeholder hub.push.woo-batch-path in routes/push.camel.yaml
     * @param timeout each attempt's, as the route names it ({@code {{woocommerce.read-timeout}}}, see
     *             {@link CallTimeout})
     */
    public List<Outcome> call(List<WooWrite> writes, String path, String timeout) {
        List<WooWrite> creates = new ArrayList<>();
        List<WooWrite> updates = new ArrayList<>();
        for (WooWrite w : writes) {
            ("create".equals(w.action()) ? creates : updates).add(w);
        }
        List<WooWrite> ordered = new ArrayList<>(creates);
        ordered.addAll(updates);
        List<Outcome> outcomes = new ArrayList<>();
        try {
            WooBatchResult result = woo.batchAt(path.formatted(writes.get(0).resource()),
                    creates.stream().map(WooWrite::payload).toList(),
                    updates.stream().map(WooWrite::payload).toList(), null, CallTimeout.parse(timeout));
            List<WooBatchResult.Item> items = result.items();
            for (int i = 0; i < ordered.size(); i++) {
                WooBatchResult.Item item = items.get(i);
                outcomes.add(new Outcome(ordered.get(i), item.failed(), item.errorCode(), item.errorMessage(), item.result()));
            }
        } catch (RuntimeException e) {
            if (SyncService.peerUnavailable(e)) {
                // WooCommerce is down or behind an open breaker: the run stops and resumes, these writes included
                ordered.stream().map(WooWrite::run).filter(r -> r != null).distinct().forEach(r -> r.stop(e));
                return List.of();
            }
            // the whole call failed after its retries: every write in it is failed, none silently dropped
            ordered.forEach(w -> outcomes.add(new Outcome(w, true, "batch_failed", e.getMessage(), null)));
        }
        return outcomes;
    }
}
