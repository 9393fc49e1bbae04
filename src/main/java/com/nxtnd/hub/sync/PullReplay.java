package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.nxtnd.hub.woo.WooCommerceClient;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * A stored pull error sent back to its route (bean {@code pullReplay}): the record is read again from WooCommerce
 * (its current state, which may hold the fix) and written through the same writer a webhook uses.
 */
@Component("pullReplay")
public class PullReplay {

    private final WooCommerceClient woo;
    private final WooToNxtWriter writer;

    public PullReplay(WooCommerceClient woo, WooToNxtWriter writer) {
        this.woo = woo;
        this.writer = writer;
    }

    public String replay(@Header(PullErrors.REPLAY_OF) String ref, @Header(PullErrors.ENTITY) String entity) {
        long wooId = Long.parseLong(ref.replace("woo:", ""));
        JsonNode current = woo.find(entity + "s", wooId)
                .orElseThrow(() -> new IllegalStateException("WooCommerce " + entity + " " + wooId + " no longer exists"));
        return writer.apply(entity, current, "replay").result();
    }
}
