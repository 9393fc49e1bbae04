package com.nxtnd.hub.recovery;

import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.peer.HubPeers;
import com.nxtnd.hub.peer.PeerGuards;
import com.nxtnd.hub.woo.WooCommerceClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * route credentials-probe: while a peer refuses the hub's credentials, one unretried request per interval
 * (hub.peers.woo/nxt.credential-probe-interval) checks whether they work again (a key re-enabled at the store, a
 * token renewed); then the stopped routes start again. One route ticks at the shorter interval and each peer is
 * asked only when its own interval has passed.
 */
@Component
public class ResilienceRoutes extends RouteBuilder {

    /** Bean name of the breaker the webhook-batch route runs NXT-ND work in (id webhook-apply-breaker). */
    public static final String WEBHOOK_APPLY_BREAKER = "webhookApplyBreaker";

    private final PeerGuards guards;
    private final WooCommerceClient woo;
    private final NxtClient nxt;
    private final HubPeers peers;
    private final Map<String, Long> lastProbe = new ConcurrentHashMap<>();

    public ResilienceRoutes(PeerGuards guards, WooCommerceClient woo, NxtClient nxt, HubPeers peers) {
        this.guards = guards;
        this.woo = woo;
        this.nxt = nxt;
        this.peers = peers;
    }

    @Override
    public void configure() {
        from("timer:credentials-probe?delay=5000&period=" + tickMillis())
                .routeId("credentials-probe")
                .process(exchange -> {
                    probe("woo", () -> woo.probe().up());
                    probe("nxt", () -> nxt.probe().up());
                });
    }

    private long tickMillis() {
        return Math.min(peers.woo().credentialProbeInterval().toMillis(),
                peers.nxt().credentialProbeInterval().toMillis());
    }

    private void probe(String system, BooleanSupplier up) {
        if (!guards.credentialsRefused(system)) {
            return;
        }
        long now = System.currentTimeMillis();
        // half a tick of slack: timer ticks drift by a few ms and must not skip a due probe
        long due = peers.of(system).credentialProbeInterval().toMillis() - tickMillis() / 2;
        if (now - lastProbe.getOrDefault(system, 0L) < due) {
            return;
        }
        lastProbe.put(system, now);
        if (up.getAsBoolean()) {
            guards.accepted(system);
        }
    }
}
