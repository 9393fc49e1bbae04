package com.nxtnd.hub.sync;

/**
 * Where a sync run is: the phase it is in (pull:product, pull:customer, pull:order, push, inventory) and the next
 * WooCommerce page of that phase. A job taken over after its hub died starts from here.
 */
public record SyncCheckpoint(String phase, int page) {

    public static final SyncCheckpoint START = new SyncCheckpoint(null, 1);
}
