package com.nxtnd.hub.woo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.nxtnd.hub.peer.PeerApiException;

/** A WooCommerce REST error ({@code {"code","message","data":{"status"}}}) or no answer at all (status 0). */
public class WooApiException extends PeerApiException {

    private final JsonNode data;

    public WooApiException(int status, String code, String message, JsonNode data, long retryAfterSeconds) {
        this(status, code, message, data, retryAfterSeconds, null);
    }

    public WooApiException(int status, String code, String message, JsonNode data, long retryAfterSeconds, Throwable cause) {
        super("WooCommerce", status, code, message, retryAfterSeconds, cause);
        this.data = data == null ? MissingNode.getInstance() : data;
    }

    /**
     * From an error body; {@code status} is the HTTP status, or 0 to take {@code data.status} (a batch item's error).
     * {@code context} (method and path) goes in front of WooCommerce's message.
     */
    public static WooApiException fromBody(int status, JsonNode body, long retryAfterSeconds, String context) {
        JsonNode data = body.path("data");
        int effective = status > 0 ? status : data.path("status").asInt(0);
        String message = body.path("message").asText(null);
        if (message == null) {
            message = body.isMissingNode() || body.isEmpty() ? "no error body" : body.toString();
        }
        return new WooApiException(effective, body.path("code").asText(null),
                context == null ? message : context + ": " + message, data, retryAfterSeconds);
    }

    /** WooCommerce's {@code data} object (status, params, resource_id, unique_sku, ...); missing when none. */
    public JsonNode data() {
        return data;
    }
}
