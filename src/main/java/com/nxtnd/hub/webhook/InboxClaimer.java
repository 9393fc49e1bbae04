package com.nxtnd.hub.webhook;

import com.nxtnd.hub.peer.PeerGuards;
import com.nxtnd.hub.store.WebhookEvent;
import com.nxtnd.hub.store.WebhookEventRepository;
import java.util.List;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Claims the next due events for this hub instance; tells the greedy scheduler whether to poll again at once. */
@Component
public class InboxClaimer implements Processor {

    private static final Logger log = LoggerFactory.getLogger(InboxClaimer.class);

    private final WebhookEventRepository events;
    private final WebhookProperties properties;
    private final String owner = "hub-" + UUID.randomUUID();
    private final PeerGuards guards;
    private final IntakePressure intake;
    private volatile boolean steppingBack;

    public InboxClaimer(WebhookEventRepository events, WebhookProperties properties, PeerGuards guards,
                        IntakePressure intake) {
        this.events = events;
        this.properties = properties;
        this.guards = guards;
        this.intake = intake;
    }

    /** The lock owner of this instance's claims (a clean stop releases what it still holds). */
    public String owner() {
        return owner;
    }

    @Override
    public void process(Exchange exchange) {
        // behind on answering deliveries: one batch (one NXT-ND call) per poll delay, so that answering comes first
        // (IntakePressure) and the inbox still keeps up: one event per poll delay let a flood of 20,000 pile up
        boolean stepBack = intake.busy();
        if (stepBack != steppingBack) {
            steppingBack = stepBack;
            if (stepBack) {
                log.info("Deliveries wait {} ms on average for the intake: the inbox steps back to one batch of {} per {} ms",
                        String.format("%.1f", intake.averageWaitMillis()), properties.applyBatchSize(),
                        properties.pollDelayMs());
            } else {
                log.info("Deliveries are answered without waiting again: the inbox claims {} at a time", properties.claimBatch());
            }
        }
        // NXT-ND's breaker is open or its credentials refused: the events wait in the store, unclaimed
        List<WebhookEvent> claimed = guards.unavailable("nxt") ? List.of()
                : events.claim(owner, stepBack ? properties.applyBatchSize() : properties.claimBatch());
        // an exchange property (a header of that name is ignored): false lets the greedy scheduler wait for its delay
        exchange.setProperty(Exchange.SCHEDULER_POLLED_MESSAGES, !claimed.isEmpty() && !stepBack);
        exchange.getMessage().setBody(claimed);
    }
}
