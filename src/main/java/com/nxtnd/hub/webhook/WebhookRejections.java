package com.nxtnd.hub.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** Counts deliveries the hub refused or rejected, by reason (metric hub.webhooks.rejected). */
@Component
public class WebhookRejections {

    private final MeterRegistry registry;

    public WebhookRejections(MeterRegistry registry) {
        this.registry = registry;
    }

    public void count(String reason) {
        Counter.builder("hub.webhooks.rejected").tag("reason", reason).register(registry).increment();
    }
}
