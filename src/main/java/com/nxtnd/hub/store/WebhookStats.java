package com.nxtnd.hub.store;

import java.util.Map;

/**
 * Webhook deliveries over all time: received (pings excluded), processed (echoes included), pending (processing
 * included), superseded (closed unapplied: a newer pending event of the same record was applied instead), rejected
 * by reason, and the inbox's processing time percentiles (ms; null before the first event).
 */
public record WebhookStats(long received, long processed, long echoes, long duplicates, long pending, long failed,
                           long superseded, long pings, long rejected, Map<String, Long> rejectedByReason, Double processingMsP50,
                           Double processingMsP95) {
}
