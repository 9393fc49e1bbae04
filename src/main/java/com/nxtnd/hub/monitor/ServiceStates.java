package com.nxtnd.hub.monitor;

/** Up, down or unknown per service: the store, Camel's context state, and the two peers. */
public record ServiceStates(String database, String camel, String woocommerce, String nxt) {
}
