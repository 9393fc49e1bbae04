package com.nxtnd.hub.monitor;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The status answer: overall status, each service (the hub, WooCommerce, NXT-ND), queue depths, the last sync per
 * entity and direction, and the active alerts.
 */
public record StatusReport(String status, Instant checkedAt, StatusServices services, Queues queues,
                           Map<String, Map<String, StoreQueries.LastSync>> lastSync, AlertCounts alerts) {

    public record StatusServices(HubState hub, PeerState woocommerce, PeerState nxt) {
    }

    /** The hub itself: up when its store is, and its Camel context. */
    public record HubState(String status, String database, ServiceStatus.CamelState camel) {
    }

    /**
     * A peer as last probed (latency and error when the probe gave them), its circuit (OPEN, HALF_OPEN, CLOSED or
     * NONE) and breakers, and this instance's calls per operation.
     */
    public record PeerState(String status, String health, Long latencyMs, String error, String circuit,
                            List<CircuitBreakerStates.State> circuits, Map<String, PeerCallStats.OperationCalls> calls) {
    }

    public record Queues(WebhookQueue webhooks, JobQueue jobs, ConflictQueue conflicts, ErrorQueue errors) {
    }

    public record WebhookQueue(long pending, long processing, long failed) {
    }

    public record JobQueue(long queued, long running) {
    }

    public record ConflictQueue(long pending) {
    }

    public record ErrorQueue(long open) {
    }

    /** Active alerts, in all and per severity. */
    public record AlertCounts(long active, Map<String, Long> bySeverity) {
    }
}
