package com.nxtnd.hub.webhook;

import com.nxtnd.hub.store.WebhookEventRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Route webhook-inbox-leases' step: puts back events whose claim outlived hub.webhooks.lease (their hub died). */
@Component("webhookInboxLeases")
public class InboxLeases {

    private static final Logger log = LoggerFactory.getLogger(InboxLeases.class);

    private final WebhookEventRepository events;
    private final WebhookProperties properties;

    public InboxLeases(WebhookEventRepository events, WebhookProperties properties) {
        this.events = events;
        this.properties = properties;
    }

    public void release() {
        int released = events.releaseExpiredClaims(properties.lease());
        if (released > 0) {
            log.warn("Released {} webhook events whose processing outlived its lease", released);
        }
    }
}
