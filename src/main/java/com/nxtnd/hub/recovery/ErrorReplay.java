package com.nxtnd.hub.recovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.store.ErrorLogRepository;
import com.nxtnd.hub.store.ErrorLogRepository.Filter;
import com.nxtnd.hub.store.ErrorLogRepository.StoredError;
import com.nxtnd.hub.store.WebhookEventRepository;
import com.nxtnd.hub.sync.PushSync;
import com.nxtnd.hub.sync.SyncCounts;
import com.nxtnd.hub.sync.WooRecordApplier;
import com.nxtnd.hub.woo.WooCommerceClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.ServiceStatus;
import org.apache.camel.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Puts failed work from the dead letter store (wc_error_log) back through its route: a webhook event back into the
 * inbox, a pulled record through the WooCommerce -> NXT-ND writer, a pushed record through the batch writer, and
 * by default any failure stored by route dead-letter back into the route it failed in. Every path is keyed and
 * hash-compared, so a replay of work that meanwhile succeeded writes nothing twice.
 */
@Component
public class ErrorReplay {

    private static final Logger log = LoggerFactory.getLogger(ErrorReplay.class);

    /** The outcome of one replay. */
    public record Replayed(long id, String routeId, String outcome, String detail) {
    }

    private final ErrorLogRepository errors;
    private final WebhookEventRepository events;
    private final WooRecordApplier writer;
    private final PushSync push;
    private final WooCommerceClient woo;
    private final NxtClient nxt;
    private final CamelContext camel;
    private final ObjectMapper json;

    public ErrorReplay(ErrorLogRepository errors, WebhookEventRepository events, WooRecordApplier writer,
                       PushSync push, WooCommerceClient woo, NxtClient nxt, CamelContext camel, ObjectMapper json) {
        this.errors = errors;
        this.events = events;
        this.writer = writer;
        this.push = push;
        this.woo = woo;
        this.nxt = nxt;
        this.camel = camel;
        this.json = json;
    }

    public Optional<Replayed> replay(long id) {
        return errors.find(id).map(this::replay);
    }

    public List<Replayed> replay(Filter filter, int limit) {
        List<Replayed> out = new ArrayList<>();
        for (StoredError e : errors.open(filter, limit)) {
            out.add(replay(e));
        }
        return out;
    }

    private Replayed replay(StoredError e) {
        if (!"open".equals(e.status())) {
            return new Replayed(e.id(), e.routeId(), "skipped", "status is " + e.status() + ", only open errors are replayed");
        }
        try {
            String detail = switch (e.routeId() == null ? "" : e.routeId()) {
                case "webhook-event" -> replayWebhookEvent(e);
                case "sync-pull" -> replayPull(e);
                case "sync-push" -> replayPush(e);
                default -> replayThroughRoute(e);
            };
            errors.markReplayed(e.id());
            log.info("Replayed error {} ({}): {}", e.id(), e.routeId(), detail);
            return new Replayed(e.id(), e.routeId(), "replayed", detail);
        } catch (FailedAgain again) {
            // the new error holds the message now: this one is closed so that a bulk replay does not send it twice
            errors.markReplayed(e.id());
            log.warn("Replay of error {} ({}) failed again, kept as error {}", e.id(), e.routeId(), again.newId);
            return new Replayed(e.id(), e.routeId(), "failed", again.getMessage());
        } catch (Exception failure) {
            if (failure instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("Replay of error {} ({}) failed: {}", e.id(), e.routeId(), failure.getMessage());
            return new Replayed(e.id(), e.routeId(), "failed", failure.getMessage());
        }
    }

    private String replayWebhookEvent(StoredError e) {
        long eventId = headers(e).path("eventId").asLong(0);
        if (eventId == 0) {
            throw new IllegalStateException("the error does not name its webhook event");
        }
        int requeued = events.requeueFailed(List.of(eventId), null);
        return requeued == 1 ? "webhook event " + eventId + " back in the inbox" : "webhook event " + eventId
                + " is no longer failed; nothing to do";
    }

    /** A pulled record: read again from WooCommerce (its current state) and written through the same writer. */
    private String replayPull(StoredError e) {
        long wooId = Long.parseLong(e.entityRef().replace("woo:", ""));
        String entity = e.entityType();
        JsonNode current = woo.find(entity + "s", wooId)
                .orElseThrow(() -> new IllegalStateException("WooCommerce " + entity + " " + wooId + " no longer exists"));
        return writer.apply(entity, current, "replay").result();
    }

    /** A pushed record: read again from NXT-ND and written through route woo-batch-writer. */
    private String replayPush(StoredError e) throws InterruptedException {
        String ref = e.entityRef().replace("nxt:", "");
        String entity = e.entityType();
        if (!"product".equals(entity) && !"customer".equals(entity)) {
            return replayThroughRoute(e);
        }
        JsonNode current = nxt.get(entity + "s", ref)
                .orElseThrow(() -> new IllegalStateException("NXT-ND " + entity + " " + ref + " no longer exists"));
        SyncCounts counts = push.pushRecords(entity, List.of(current));
        return counts.asTree().toString();
    }

    /**
     * Any other failure stored by route dead-letter: its original message and headers go back into the route it
     * failed in, through the route's own consumer, as if its endpoint had received them again. Sending to the
     * endpoint would not do: a timer, scheduler, quartz or platform-http endpoint takes no message from a producer.
     */
    private String replayThroughRoute(StoredError e) {
        Route route = e.routeId() == null ? null : camel.getRoute(e.routeId());
        if (route == null) {
            throw new IllegalStateException("route " + e.routeId() + " does not exist; nothing to send the message to");
        }
        ServiceStatus status = camel.getRouteController().getRouteStatus(route.getRouteId());
        if (status == null || !status.isStarted()) {
            throw new IllegalStateException("route " + e.routeId() + " is " + status + "; replay it once it runs");
        }
        // created by the route's consumer, so that it counts as the route's own (from route id, events, metrics)
        Consumer consumer = route.getConsumer();
        Exchange exchange = consumer.createExchange(false);
        exchange.getMessage().setBody(e.originalBody() == null ? null : new String(e.originalBody(), StandardCharsets.UTF_8));
        headers(e).fields().forEachRemaining(f -> exchange.getMessage().setHeader(f.getKey(), f.getValue().asText()));
        Exception failure;
        Long again;
        try {
            consumer.getProcessor().process(exchange);
            failure = exchange.getException();
            again = exchange.getProperty(DeadLetterStore.ERROR_ID, Long.class);
        } catch (Exception thrown) {
            failure = thrown;
            again = null;
        } finally {
            consumer.releaseExchange(exchange, false);
        }
        if (failure != null) {
            throw new IllegalStateException("route " + e.routeId() + " failed again: " + failure.getMessage(), failure);
        }
        if (again != null) {
            throw new FailedAgain(again);
        }
        return "sent back into route " + e.routeId() + " (" + route.getEndpoint().getEndpointUri() + ")";
    }

    /** The replayed message failed again and the dead letter store kept it anew, as error {@code newId}. */
    static final class FailedAgain extends RuntimeException {
        final long newId;

        FailedAgain(long newId) {
            super("failed again; kept as error " + newId);
            this.newId = newId;
        }
    }

    private JsonNode headers(StoredError e) {
        try {
            return e.originalHeaders() == null ? json.createObjectNode() : json.readTree(e.originalHeaders());
        } catch (Exception ex) {
            return json.createObjectNode();
        }
    }
}
