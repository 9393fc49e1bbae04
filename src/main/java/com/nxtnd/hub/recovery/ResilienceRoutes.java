package com.nxtnd.hub.recovery;

import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.peer.PeerGuards;
import com.nxtnd.hub.peer.ResilienceProperties;
import com.nxtnd.hub.woo.WooCommerceClient;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * route credentials-probe: while a peer refuses the hub's credentials, one unretried request per interval checks
 * whether they work again (a key re-enabled at the store, a token renewed); then the stopped routes start again.
 */
@Component
public class ResilienceRoutes extends RouteBuilder {

    /** Bean name of the breaker the webhook-event route runs NXT-ND work in (id webhook-apply-breaker). */
    public static final String WEBHOOK_APPLY_BREAKER = "webhookApplyBreaker";

    private final PeerGuards guards;
    private final WooCommerceClient woo;
    private final NxtClient nxt;
    private final ResilienceProperties properties;

    public ResilienceRoutes(PeerGuards guards, WooCommerceClient woo, NxtClient nxt, ResilienceProperties properties) {
        this.guards = guards;
        this.woo = woo;
        this.nxt = nxt;
        this.properties = properties;
    }

    @Override
    public void configure() {
        from("timer:credentials-probe?delay=5000&period=" + properties.credentialProbeInterval().toMillis())
                .routeId("credentials-probe")
                .process(exchange -> {
                    if (guards.credentialsRefused("woo") && woo.probe().up()) {
                        guards.accepted("woo");
                    }
                    if (guards.credentialsRefused("nxt") && nxt.probe().up()) {
                        guards.accepted("nxt");
                    }
                });
    }
}
