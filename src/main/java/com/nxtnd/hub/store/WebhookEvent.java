package com.nxtnd.hub.store;

import java.time.Instant;
import java.time.LocalDateTime;

/** One stored webhook delivery (a row of wc_webhook_events). */
public record WebhookEvent(long id, String topic, String resource, String event, Long resourceId,
                           LocalDateTime dateModifiedGmt, String dedupeKey, byte[] payload, String status,
                           int attempts, String sourceIp, Instant receivedAt) {
}
