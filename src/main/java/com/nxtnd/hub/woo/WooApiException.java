package com.nxtnd.hub.woo;

import com.fasterxml.jackson.databind.JsonNode;

/** A WooCommerce REST error ({@code {"code","message","data":{"status"}}}) or no answer at all (status 0). */
public class WooApiException extends PeerApiException {

    private final JsonNode data;

    public WooApiException(int status, String code, String message, JsonNode data, long retryAfterSeconds, Throwable cause) {
        super("WooCommerce", status, code, message, retryAfterSeconds, cause);
        this.data = data;
    }

    public JsonNode data() {
        return data;
    }
}
