package com.nxtnd.hub.sync;

/** A record that cannot be synced as it is (no SKU, no e-mail...): waiting will not fix it. */
public class InvalidRecordException extends RuntimeException implements PermanentFailure {

    public InvalidRecordException(String message) {
        super(message);
    }
}
