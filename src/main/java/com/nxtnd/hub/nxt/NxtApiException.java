package com.nxtnd.hub.nxt;

import com.fasterxml.jackson.databind.JsonNode;
import com.nxtnd.hub.peer.PeerApiException;

/** An error answer from NXT-ND ({@code {"success":false,"error","code","data":{"existingId"}}}) or no answer at all. */
public class NxtApiException extends PeerApiException {

    private final String existingId;

    public NxtApiException(int status, String code, String message, String existingId) {
        this(status, code, message, existingId, 0, null);
    }

    public NxtApiException(int status, String code, String message, String existingId, long retryAfterSeconds,
                           Throwable cause) {
        super("NXT-ND", status, code, message, retryAfterSeconds, cause);
        this.existingId = existingId;
    }

    /** From an error body; {@code context} (method and path) goes in front of NXT-ND's message. */
    public static NxtApiException fromBody(int status, JsonNode body, long retryAfterSeconds, String context) {
        String message = body.path("error").isTextual() ? body.path("error").asText()
                : body.path("error").path("message").asText(body.isEmpty() ? "no error body" : body.toString());
        String code = body.path("code").isTextual() ? body.path("code").asText()
                : body.path("error").path("code").asText(null);
        return new NxtApiException(status, code, context == null ? message : context + ": " + message,
                body.path("data").path("existingId").asText(null), retryAfterSeconds, null);
    }

    /** For 409 on a unique key: the id of the record that holds it. */
    public String existingId() {
        return existingId;
    }

    public boolean isVersionConflict() {
        return status() == 409 && "VERSION_CONFLICT".equals(code());
    }
}
