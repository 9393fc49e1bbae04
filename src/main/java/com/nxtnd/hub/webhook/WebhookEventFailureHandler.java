package com.nxtnd.hub.webhook;

import com.nxtnd.hub.sync.PermanentFailure;
import com.nxtnd.hub.store.ErrorLogRepository;
import com.nxtnd.hub.store.WebhookEvent;
import com.nxtnd.hub.store.WebhookEventRepository;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * An attempt at an event failed: back to the inbox with a doubling delay, or, once attempts are used up or the
 * failure cannot heal by waiting (a mapping error), into the dead letter store. Never dropped.
 */
@Component
public class WebhookEventFailureHandler implements Processor {

    private static final Logger log = LoggerFactory.getLogger(WebhookEventFailureHandler.class);

    private final WebhookEventRepository events;
    private final ErrorLogRepository errors;
    private final WebhookProperties properties;

    public WebhookEventFailureHandler(WebhookEventRepository events, ErrorLogRepository errors,
                                      WebhookProperties properties) {
        this.events = events;
        this.errors = errors;
        this.properties = properties;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        WebhookEvent event = exchange.getMessage().getBody(WebhookEvent.class);
        boolean permanent = cause instanceof PermanentFailure;
        boolean giveUp = permanent || event.attempts() >= properties.maxAttempts();
        Duration delay = properties.retryDelay().multipliedBy(1L << Math.min(event.attempts() - 1, 10));
        String message = cause == null ? "unknown error" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        events.markAttemptFailed(event.id(), message, delay, giveUp);
        if (giveUp) {
            StringWriter trace = new StringWriter();
            if (cause != null) {
                cause.printStackTrace(new PrintWriter(trace));
            }
            errors.record(new ErrorLogRepository.NewError(permanent ? "hub" : "nxt",
                    cause == null ? "Unknown" : cause.getClass().getSimpleName(), "webhook-event",
                    "direct:webhook-event", event.resource(), "webhook-event:" + event.id(), message, trace.toString(),
                    event.payload(), "{\"topic\":\"" + event.topic() + "\",\"eventId\":" + event.id() + "}",
                    event.attempts()));
            log.error("Webhook event {} ({} {}) failed after {} attempt(s), kept in the error store: {}",
                    event.id(), event.topic(), event.resourceId(), event.attempts(), message);
        } else {
            log.warn("Webhook event {} ({} {}) attempt {} failed, retrying in {}: {}", event.id(), event.topic(),
                    event.resourceId(), event.attempts(), delay, message);
        }
    }
}
