package com.nxtnd.hub.webhook;

import com.nxtnd.hub.store.WebhookEvent;
import com.nxtnd.hub.store.WebhookEventRepository;
import java.util.List;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/** Claims the next due events for this hub instance; tells the greedy scheduler whether to poll again at once. */
@Component
public class InboxClaimer implements Processor {

    private final WebhookEventRepository events;
    private final WebhookProperties properties;
    private final String owner = "hub-" + UUID.randomUUID();

    public InboxClaimer(WebhookEventRepository events, WebhookProperties properties) {
        this.events = events;
        this.properties = properties;
    }

    @Override
    public void process(Exchange exchange) {
        List<WebhookEvent> claimed = events.claim(owner, properties.claimBatch());
        // an exchange property (a header of that name is ignored): false lets the greedy scheduler wait for its delay
        exchange.setProperty(Exchange.SCHEDULER_POLLED_MESSAGES, !claimed.isEmpty());
        exchange.getMessage().setBody(claimed);
    }
}
