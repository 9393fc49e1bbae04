package com.nxtnd.hub.recovery;

import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.peer.HubPeers;
import com.nxtnd.hub.peer.PeerGuards;
import com.nxtnd.hub.woo.WooCommerceClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.springframework.stereotype.Component;

/**
 * The step of route credentials-probe (routes/credentials-probe.camel.yaml): while a peer refuses the hub's
 * credentials, one unretried request per hub.peers.woo/nxt.credential-probe-interval checks whether they work again
 * (a key re-enabled at the store, a token renewed); then the stopped routes start again. The route ticks often
 * (hub.peers.credential-probe-tick) and each peer is asked only when its own interval has passed.
 */
@Component
public class CredentialProbe {

    /** Timer ticks drift by a few ms and must not skip a due probe. */
    private static final long SLACK_MS = 100;

    private final PeerGuards guards;
    private final WooCommerceClient woo;
    private final NxtClient nxt;
    private final HubPeers peers;
    private final Map<String, Long> lastProbe = new ConcurrentHashMap<>();

    public CredentialProbe(PeerGuards guards, WooCommerceClient woo, NxtClient nxt, HubPeers peers) {
        this.guards = guards;
        this.woo = woo;
        this.nxt = nxt;
        this.peers = peers;
    }

    /** One tick: probes each peer that refuses the credentials and is due. */
    public void probe() {
        probe("woo", () -> woo.probe().up());
        probe("nxt", () -> nxt.probe().up());
    }

    private void probe(String system, BooleanSupplier up) {
        if (!guards.credentialsRefused(system)) {
            return;
        }
        long now = System.currentTimeMillis();
        long due = peers.of(system).credentialProbeInterval().toMillis() - SLACK_MS;
        if (now - lastProbe.getOrDefault(system, 0L) < due) {
            return;
        }
        lastProbe.put(system, now);
        if (up.getAsBoolean()) {
            guards.accepted(system);
        }
    }
}
