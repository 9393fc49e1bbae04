package com.nxtnd.hub.store;

import java.time.LocalDateTime;

/**
 * A delivery as received, before it is stored. For a delivery kept as a digest (unsigned, or a ping) {@code payload}
 * is its first KiB, and {@code payloadSize}, {@code payloadSha256} and {@code requestHeaders} (JSON) describe the
 * whole; they are null for a delivery kept whole.
 */
public record NewWebhookEvent(String deliveryId, String webhookId, String source, String topic, String resource,
                              String event, Long resourceId, LocalDateTime dateModifiedGmt, String dedupeKey,
                              byte[] payload, String contentType, String signatureStatus, String sourceIp,
                              String status, String rejectReason, Long payloadSize, String payloadSha256,
                              String requestHeaders) {

    /** A delivery kept whole. */
    public NewWebhookEvent(String deliveryId, String webhookId, String source, String topic, String resource,
                           String event, Long resourceId, LocalDateTime dateModifiedGmt, String dedupeKey,
                           byte[] payload, String contentType, String signatureStatus, String sourceIp,
                           String status, String rejectReason) {
        this(deliveryId, webhookId, source, topic, resource, event, resourceId, dateModifiedGmt, dedupeKey, payload,
                contentType, signatureStatus, sourceIp, status, rejectReason, null, null, null);
    }
}
