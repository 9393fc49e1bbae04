package com.nxtnd.hub.woo;

import com.fasterxml.jackson.databind.JsonNode;

/** A WooCommerce REST error ({@code {"code","message","data":{"status"}}}) or no answer at all (status 0). */
public class WooApiException extends RuntimeException implements RetryPolicy.RetryAfter {

    private final int status;
    private final String code;
    private final JsonNode data;
    private final long retryAfterSeconds;

    public WooApiException(int status, String code, String message, JsonNode data, long retryAfterSeconds, Throwable cause) {
        super("WooCommerce " + (status > 0 ? status + " " : "") + (code == null ? "" : code + ": ") + message, cause);
        this.status = status;
        this.code = code;
        this.data = data;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public JsonNode data() {
        return data;
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
}
