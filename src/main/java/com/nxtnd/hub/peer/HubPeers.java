package com.nxtnd.hub.peer;

import jakarta.validation.Valid;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Retries, breakers and pacing of each peer, set apart (hub.peers.woo.*, hub.peers.nxt.*): a slow or strict store
 * must not change how NXT-ND is called, nor the other way round. Unset, each peer gets the built-in defaults.
 */
@Validated
@ConfigurationProperties("hub.peers")
public record HubPeers(@Valid @DefaultValue PeerSettings woo, @Valid @DefaultValue PeerSettings nxt) {

    /** Both peers with the built-in defaults: for guards built by hand (tests, tools). */
    public static HubPeers defaults() {
        return new HubPeers(PeerSettings.defaults(), PeerSettings.defaults());
    }

    /** The settings of {@code system} ("woo" or "nxt"). */
    public PeerSettings of(String system) {
        return switch (system) {
            case "woo" -> woo;
            case "nxt" -> nxt;
            default -> throw new IllegalArgumentException("no peer " + system);
        };
    }
}
