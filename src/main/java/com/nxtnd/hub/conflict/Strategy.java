package com.nxtnd.hub.conflict;

/** How a field changed on both sides is settled. */
public enum Strategy {
    /** the side modified most recently (each side's modified time, UTC) wins */
    TIMESTAMP,
    WC_WINS,
    NXT_WINS,
    /** fields changed on one side only are taken from that side; conflicting fields follow their field rule */
    MERGE,
    /** conflicting fields follow their field rule (customer email: wc_wins, phone: nxt_wins ...) */
    PRIORITY,
    /** held for a person; nothing is written until resolved */
    MANUAL;

    public String id() {
        return name().toLowerCase();
    }
}
