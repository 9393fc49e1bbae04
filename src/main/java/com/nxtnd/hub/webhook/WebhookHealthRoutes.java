package com.nxtnd.hub.webhook;

import com.nxtnd.hub.recovery.DeadLetterRoutes;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** route webhook-health: every hub.webhooks.health-interval, checks the store's webhooks (see {@link WebhookHealth}). */
@Component
public class WebhookHealthRoutes extends RouteBuilder {

    private final WebhookHealth health;
    private final WebhookProperties properties;

    public WebhookHealthRoutes(WebhookHealth health, WebhookProperties properties) {
        this.health = health;
        this.properties = properties;
    }

    @Override
    public void configure() {
        from("timer:webhook-health?delay=60000&period=" + properties.healthInterval().toMillis())
                .routeId("webhook-health").routeConfigurationId(DeadLetterRoutes.CONFIGURATION)
                .process(exchange -> exchange.getMessage().setBody(health.check()));
    }
}
