package com.nxtnd.hub.sync;

/**
 * What applying one record did: {@code created}, {@code updated}, {@code unchanged}, {@code echo} (the hub's own
 * write coming back), {@code deactivated}, {@code conflict} (held for resolution) or {@code skipped}.
 */
public record ApplyOutcome(String result, String nxtId, String detail) {

    public static ApplyOutcome of(String result, String nxtId) {
        return new ApplyOutcome(result, nxtId, null);
    }
}
