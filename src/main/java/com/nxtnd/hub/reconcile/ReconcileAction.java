package com.nxtnd.hub.reconcile;

/** One repair a run made, or in a dry run would make: {@code action} on {@code entity} for the given ids. */
public record ReconcileAction(String entity, String action, Long wooId, String nxtId, String reason) {
}
