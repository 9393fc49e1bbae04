package com.nxtnd.hub.reconcile;

/**
 * One entity's result of a reconcile run, per pair: both sides equal to what was last synced ({@code inStep}), a
 * changed side carried over ({@code repaired}), a record re-created on the side that lacked it ({@code createdInWoo},
 * {@code createdInNxt}), deleted on one side and so deactivated on the other ({@code deactivated}), held for a
 * person ({@code flagged}: a conflict or a record that cannot be written), and what failed ({@code errors}).
 */
public record ReconcileFigures(long inStep, long repaired, long createdInWoo, long createdInNxt, long deactivated,
                               long flagged, long errors) {
}
