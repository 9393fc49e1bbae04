package com.nxtnd.hub.nxt;

import com.nxtnd.hub.woo.PeerApiException;

/** An error answer from NXT-ND ({@code {"success":false,"error","code","data":{"existingId"}}}) or no answer at all. */
public class NxtApiException extends PeerApiException {

    private final String existingId;

    public NxtApiException(int status, String code, String message, String existingId, long retryAfterSeconds,
                           Throwable cause) {
        super("NXT-ND", status, code, message, retryAfterSeconds, cause);
        this.existingId = existingId;
    }

    /** For 409 on a unique key: the id of the record that holds it. */
    public String existingId() {
        return existingId;
    }
}
