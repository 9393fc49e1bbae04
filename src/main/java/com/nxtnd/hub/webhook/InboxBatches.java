package com.nxtnd.hub.webhook;

import com.nxtnd.hub.store.WebhookEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Route webhook-inbox's grouping step: the claimed events, one per record, as the batches route webhook-batch applies.
 * Product and customer updates go per resource into batches of {@code hub.webhooks.apply-batch-size} (one NXT-ND batch
 * upsert each). An order is a batch of its own: NXT-ND has no order batch, and an order moves stock through its own
 * lifecycle calls (reserve, ship, cancel, refund: OrderWriter), one order at a time. So is a deletion (a rare event).
 */
@Component("webhookInboxBatches")
public class InboxBatches {

    private final WebhookProperties properties;

    public InboxBatches(WebhookProperties properties) {
        this.properties = properties;
    }

    public List<List<WebhookEvent>> group(List<WebhookEvent> claimed) {
        int size = Math.max(1, properties.applyBatchSize());
        Map<String, List<WebhookEvent>> open = new LinkedHashMap<>();
        List<List<WebhookEvent>> batches = new ArrayList<>();
        for (WebhookEvent event : claimed) {
            if (!batchable(event)) {
                batches.add(List.of(event));
                continue;
            }
            List<WebhookEvent> batch = open.computeIfAbsent(event.resource(), r -> new ArrayList<>());
            batch.add(event);
            if (batch.size() == size) {
                batches.add(batch);
                open.remove(event.resource());
            }
        }
        batches.addAll(open.values());
        return batches;
    }

    static boolean batchable(WebhookEvent event) {
        return ("product".equals(event.resource()) || "customer".equals(event.resource()))
                && !"deleted".equals(event.event());
    }
}
