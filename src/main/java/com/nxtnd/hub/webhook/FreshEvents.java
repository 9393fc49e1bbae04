package com.nxtnd.hub.webhook;

import com.nxtnd.hub.store.WebhookEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.springframework.stereotype.Component;

/**
 * Route webhook-batch's split through the idempotent consumer (route webhook-event-key) gathers with this: the events
 * to apply, that is neither marked duplicate nor failed (their failure handled, and recorded, on their own).
 */
@Component("webhookFreshEvents")
public class FreshEvents implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange gathered, Exchange next) {
        // an exchange of its own: none of an event's properties (duplicate, exception caught) reach the batch
        Exchange into = gathered != null ? gathered : new DefaultExchange(next.getContext());
        @SuppressWarnings("unchecked")
        List<WebhookEvent> fresh = gathered == null ? new ArrayList<>() : gathered.getMessage().getBody(List.class);
        boolean duplicate = Boolean.TRUE.equals(next.getProperty(Exchange.DUPLICATE_MESSAGE, Boolean.class));
        boolean failed = next.getProperty(Exchange.EXCEPTION_CAUGHT) != null || next.getException() != null;
        if (!duplicate && !failed) {
            fresh.add(next.getMessage().getBody(WebhookEvent.class));
        }
        into.getMessage().setBody(fresh);
        return into;
    }
}
