package com.nxtnd.hub.store;

import java.time.LocalDateTime;

/** A delivery as received, before it is stored. */
public record NewWebhookEvent(String deliveryId, String webhookId, String source, String topic, String resource,
                              String event, Long resourceId, LocalDateTime dateModifiedGmt, String dedupeKey,
                              byte[] payload, String contentType, String signatureStatus, String sourceIp,
                              String status, String rejectReason) {
}
