package com.nxtnd.hub.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.peer.CallTimeout;
import com.nxtnd.hub.peer.PeerUnavailableException;
import com.nxtnd.hub.store.WebhookEvent;
import com.nxtnd.hub.store.WebhookEventRepository;
import com.nxtnd.hub.sync.ApplyOutcome;
import com.nxtnd.hub.sync.WooRecordApplier;
import com.nxtnd.hub.sync.WooRecordApplier.Applied;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Route webhook-batch's and webhook-event's steps: applies a batch of claimed events to NXT-ND through the shared
 * {@link WooRecordApplier} ({@link #apply}), then closes each event on its own ({@link #close}).
 */
@Component
public class WebhookEventApplier {

    private static final Logger log = LoggerFactory.getLogger(WebhookEventApplier.class);

    /** One event of a batch and what became of it: an outcome, or its own failure. */
    public record EventApplied(WebhookEvent event, ApplyOutcome outcome, RuntimeException failure, long ms) {
    }

    private final WebhookEventRepository events;
    private final WooRecordApplier records;
    private final ObjectMapper json;
    private final MeterRegistry meters;

    public WebhookEventApplier(WebhookEventRepository events, WooRecordApplier records, ObjectMapper json,
                               MeterRegistry meters) {
        this.events = events;
        this.records = records;
        this.json = json;
        this.meters = meters;
    }

    /**
     * Body: the batch's events (not duplicates). Products and customers are written in NXT-ND batch upserts; an order
     * or a deletion (a batch of its own, InboxBatches) is applied alone. A failing record fails alone, in its answer;
     * what fails the whole call (NXT-ND unavailable) is thrown, for the breaker and every event's retry: a peer's
     * no-answer or 5xx as a {@link PeerUnavailableException}, the class the route's breaker counts. Any other failure
     * of the whole batch is answered as every event's own failure, not thrown: Camel's circuitBreaker takes an
     * exception it does not record for a success and drops it, and the route went on with the events as if applied
     * (a ClassCastException in close-applied, the events held until their lease ran out, the cause lost). Each call to
     * WooCommerce and NXT-ND is given the timeout the route names for that peer ({@link CallTimeout}).
     */
    public List<EventApplied> apply(List<WebhookEvent> batch, String wooTimeout, String nxtTimeout) {
        try {
            Map<String, Duration> timeouts = CallTimeout.named(wooTimeout, nxtTimeout);
            return CallTimeout.within(timeouts, () -> applyBatch(batch));
        } catch (RuntimeException e) {
            RuntimeException unavailable = PeerUnavailableException.ifUnavailable(e);
            if (unavailable instanceof PeerUnavailableException) {
                throw unavailable;
            }
            return batch.stream().map(event -> new EventApplied(event, null, e, 0)).toList();
        }
    }

    private List<EventApplied> applyBatch(List<WebhookEvent> batch) {
        long started = System.nanoTime();
        if (batch.isEmpty()) {
            return List.of();
        }
        if (batch.size() == 1 && !InboxBatches.batchable(batch.get(0))) {
            WebhookEvent event = batch.get(0);
            ApplyOutcome outcome = "deleted".equals(event.event())
                    ? records.delete(event.resource(), event.resourceId(), "webhook")
                    : records.apply(event.resource(), payload(event.payload()), "webhook");
            return List.of(new EventApplied(event, outcome, null, (System.nanoTime() - started) / 1_000_000));
        }
        List<WebhookEvent> parsedEvents = new ArrayList<>();
        List<JsonNode> parsed = new ArrayList<>();
        List<EventApplied> unreadable = new ArrayList<>();
        for (WebhookEvent event : batch) {
            try {
                parsed.add(payload(event.payload()));
                parsedEvents.add(event);
            } catch (RuntimeException e) {
                unreadable.add(new EventApplied(event, null, e, 0));
            }
        }
        List<Applied> applied = parsed.isEmpty() ? List.of()
                : records.applyAll(batch.get(0).resource(), parsed, "webhook");
        // each event carries the batch's time: what it took to get it into NXT-ND
        long ms = (System.nanoTime() - started) / 1_000_000;
        List<EventApplied> result = new ArrayList<>(unreadable);
        for (int i = 0; i < parsedEvents.size(); i++) {
            result.add(new EventApplied(parsedEvents.get(i), applied.get(i).outcome(), applied.get(i).failure(), ms));
        }
        return result;
    }

    /**
     * Body: a batch's {@link EventApplied}. Marks the applied events done in one statement batch and one commit (one
     * UPDATE and commit per event before, about a tenth of the inbox's statements), and answers the events still to be
     * closed one by one through route webhook-event: those that failed, or all of them when the batch could not be
     * written (each is then closed, or its failure handled, alone).
     */
    public List<EventApplied> closeApplied(List<EventApplied> batch) {
        List<EventApplied> alone = new ArrayList<>();
        List<EventApplied> applied = new ArrayList<>();
        for (EventApplied a : batch) {
            (a.failure() != null ? alone : applied).add(a);
        }
        try {
            events.markAllDone(applied.stream().map(a -> new WebhookEventRepository.Done(a.event().id(),
                    status(a.outcome()), a.ms(), note(a.outcome()))).toList());
        } catch (org.springframework.dao.DataAccessException e) {
            log.warn("Could not close {} applied webhook events in one batch, closing them one by one: {}",
                    applied.size(), e.getMessage());
            alone.addAll(applied);
            return alone;
        }
        applied.forEach(a -> counted(a.event(), a.outcome()));
        return alone;
    }

    /**
     * Body: one {@link EventApplied}. Marks its event done, or throws its failure with the event as the body, so that
     * route webhook-event's failure handler retries or keeps that event alone.
     */
    public void close(Exchange exchange) {
        EventApplied applied = exchange.getMessage().getBody(EventApplied.class);
        WebhookEvent event = applied.event();
        exchange.getMessage().setBody(event);
        if (applied.failure() != null) {
            throw applied.failure();
        }
        ApplyOutcome outcome = applied.outcome();
        events.markDone(event.id(), status(outcome), applied.ms(), note(outcome));
        counted(event, outcome);
    }

    private static String status(ApplyOutcome outcome) {
        return "echo".equals(outcome.result()) ? "echo" : "processed";
    }

    private static String note(ApplyOutcome outcome) {
        return outcome.result() + (outcome.detail() == null ? "" : ": " + outcome.detail());
    }

    private void counted(WebhookEvent event, ApplyOutcome outcome) {
        Timer.builder("hub.webhooks.latency").description("Time from receipt to processed")
                .tag("resource", event.resource()).publishPercentileHistogram().register(meters)
                .record(Duration.between(event.receivedAt(), Instant.now()));
        meters.counter("hub.webhooks.processed", "resource", event.resource(), "result", outcome.result()).increment();
        log.debug("Webhook event {} ({} {}) -> {}", event.id(), event.topic(), event.resourceId(), outcome.result());
    }

    /** The delivery's record, NUL and lone surrogates out before anything is stored or sent on (issue 17). */
    private JsonNode payload(byte[] raw) {
        try {
            JsonNode parsed = json.readTree(raw);
            return com.nxtnd.hub.mapping.OutsideText.mayNeedCleaning(raw)
                    ? com.nxtnd.hub.mapping.OutsideText.clean(parsed, "webhook") : parsed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void markDuplicate(Exchange exchange) {
        WebhookEvent event = exchange.getMessage().getBody(WebhookEvent.class);
        events.markDone(event.id(), "duplicate", 0, "same content as an event already processed");
        meters.counter("hub.webhooks.duplicates", "resource", event.resource()).increment();
    }
}
