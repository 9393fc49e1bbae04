package com.nxtnd.hub.nxt;

/** An error answer from NXT-ND ({@code {"success":false,"error","code","data":{"existingId"}}}) or no answer at all. */
public class NxtApiException extends RuntimeException implements com.nxtnd.hub.woo.RetryPolicy.RetryAfter {

    private final int status;
    private final String code;
    private final String existingId;
    private final long retryAfterSeconds;

    public NxtApiException(int status, String code, String message, String existingId, long retryAfterSeconds,
                           Throwable cause) {
        super("NXT-ND " + (status > 0 ? status + " " : "") + (code == null ? "" : code + ": ") + message, cause);
        this.status = status;
        this.code = code;
        this.existingId = existingId;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String existingId() {
        return existingId;
    }

    @Override
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** No answer, 5xx or 429: worth another attempt later. */
    public boolean isTransient() {
        return status == 0 || status == 429 || status >= 500;
    }

    public boolean isAuthFailure() {
        return status == 401 || status == 403;
    }

    public boolean isRateLimited() {
        return status == 429;
    }
}
