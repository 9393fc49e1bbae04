package com.nxtnd.hub.sync;

/** Marks failures that waiting will not heal (a broken mapping, invalid data): no retries, straight to the error store. */
public interface PermanentFailure {
}
