package com.nxtnd.hub.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.store.WebhookEvent;
import com.nxtnd.hub.store.WebhookEventRepository;
import com.nxtnd.hub.sync.ApplyOutcome;
import com.nxtnd.hub.sync.WooRecordApplier;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Applies one claimed event to NXT-ND through the shared {@link WooRecordApplier} and closes it. */
@Component
public class WebhookEventApplier implements Processor {

    /** The header routes/webhook-inbox.camel.yaml keys its idempotent consumer on. */
    static final String DEDUPE_KEY = "hubDedupeKey";
    private static final Logger log = LoggerFactory.getLogger(WebhookEventApplier.class);

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

    @Override
    public void process(Exchange exchange) throws Exception {
        WebhookEvent event = exchange.getMessage().getBody(WebhookEvent.class);
        long started = System.nanoTime();
        ApplyOutcome outcome = "deleted".equals(event.event())
                ? records.delete(event.resource(), event.resourceId(), "webhook")
                : records.apply(event.resource(), payload(event.payload()), "webhook");
        long ms = (System.nanoTime() - started) / 1_000_000;
        events.markDone(event.id(), "echo".equals(outcome.result()) ? "echo" : "processed", ms,
                outcome.result() + (outcome.detail() == null ? "" : ": " + outcome.detail()));
        Timer.builder("hub.webhooks.latency").description("Time from receipt to processed")
                .tag("resource", event.resource()).publishPercentileHistogram().register(meters)
                .record(Duration.between(event.receivedAt(), Instant.now()));
        meters.counter("hub.webhooks.processed", "resource", event.resource(), "result", outcome.result()).increment();
        log.debug("Webhook event {} ({} {}) -> {}", event.id(), event.topic(), event.resourceId(), outcome.result());
    }

    /** The delivery's record, NUL and lone surrogates out before anything is stored or sent on (issue 17). */
    private JsonNode payload(byte[] raw) throws java.io.IOException {
        JsonNode parsed = json.readTree(raw);
        return com.nxtnd.hub.mapping.OutsideText.mayNeedCleaning(raw)
                ? com.nxtnd.hub.mapping.OutsideText.clean(parsed, "webhook") : parsed;
    }

    public void markDuplicate(Exchange exchange) {
        WebhookEvent event = exchange.getMessage().getBody(WebhookEvent.class);
        events.markDone(event.id(), "duplicate", 0, "same content as an event already processed");
        meters.counter("hub.webhooks.duplicates", "resource", event.resource()).increment();
    }
}
