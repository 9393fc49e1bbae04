package com.nxtnd.hub.webhook;

import com.nxtnd.hub.peer.CircuitOpenException;
import com.nxtnd.hub.peer.PeerApiException;
import com.nxtnd.hub.peer.PeerUnavailableException;
import com.nxtnd.hub.sync.PermanentFailure;
import com.nxtnd.hub.store.ErrorLogRepository;
import com.nxtnd.hub.store.WebhookEvent;
import com.nxtnd.hub.store.WebhookEventRepository;
import com.nxtnd.hub.woo.WooApiException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Optional;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.apache.camel.spi.CircuitBreakerConstants;
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

    /**
     * The work did not fail, its peer is unavailable: a breaker is open (the route's own, read through
     * CircuitBreakerConstants, or a client's) or the credentials were refused. Then the event waits, uncounted.
     */
    static Optional<Duration> peerUnavailable(Exchange exchange, Throwable cause) {
        // the EIP also flags a failed call as short-circuited when it has no fallback: only a refused call counts
        boolean shortCircuited = Boolean.TRUE.equals(exchange.getProperty(CircuitBreakerConstants.RESPONSE_SHORT_CIRCUITED,
                Boolean.class));
        if (cause instanceof CallNotPermittedException || (shortCircuited && cause == null)) {
            return Optional.of(Duration.ofSeconds(5));
        }
        if (cause instanceof CircuitOpenException open) {
            return Optional.of(Duration.ofSeconds(Math.max(1, open.retryAfterSeconds())));
        }
        if (cause instanceof PeerApiException peer && peer.isAuthFailure()) {
            return Optional.of(Duration.ofSeconds(30));
        }
        return Optional.empty();
    }

    /**
     * The failure may be the database itself (connections dropped): the pool replaces them within moments, so the
     * event's state is written again a few times before giving up. Unwritten, the event would wait for its claim's
     * lease to run out (minutes) before anyone took it up again.
     */
    private static void recordDespiteDroppedConnections(Runnable write) {
        for (int attempt = 1; ; attempt++) {
            try {
                write.run();
                return;
            } catch (org.springframework.dao.DataAccessResourceFailureException
                     | org.springframework.transaction.TransactionSystemException e) {
                if (attempt == 4) {
                    throw e;
                }
                log.warn("Could not record a webhook event's failure ({}), trying again", e.getMessage());
                try {
                    Thread.sleep(250L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    @Override
    public void process(Exchange exchange) {
        // the batch's breaker counts a peer's no-answer by its wrapper; the peer's own exception is what is kept
        Throwable cause = PeerUnavailableException.unwrap(
                exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        WebhookEvent event = exchange.getMessage().getBody(WebhookEvent.class);
        Optional<Duration> wait = peerUnavailable(exchange, cause);
        if (wait.isPresent()) {
            recordDespiteDroppedConnections(() -> events.release(event.id(),
                    "waiting: " + (cause == null ? "circuit open" : cause.getMessage()), wait.get()));
            log.info("Webhook event {} ({} {}) waits {} for its peer: {}", event.id(), event.topic(),
                    event.resourceId(), wait.get(), cause == null ? "circuit open"
                            : com.nxtnd.hub.mapping.OutsideText.quote(cause.getMessage()));
            return;
        }
        // a mapping error, or data a peer refused (400): waiting cannot mend it, a person can, so it is kept at once
        boolean refused = cause instanceof PeerApiException peer && peer.isRefusedData();
        boolean permanent = cause instanceof PermanentFailure || refused;
        boolean giveUp = permanent || event.attempts() >= properties.maxAttempts();
        Duration delay = properties.retryDelay().multipliedBy(1L << Math.min(event.attempts() - 1, 10));
        // a peer's answer may echo the record: bounded and with control characters escaped, for the store and the log
        String message = com.nxtnd.hub.mapping.OutsideText.quote(
                cause == null ? "unknown error" : cause.getClass().getSimpleName() + ": " + cause.getMessage(), 2000);
        recordDespiteDroppedConnections(() -> events.markAttemptFailed(event.id(), message, delay, giveUp));
        if (giveUp) {
            StringWriter trace = new StringWriter();
            if (cause != null) {
                cause.printStackTrace(new PrintWriter(trace));
            }
            errors.record(new ErrorLogRepository.NewError(cause instanceof WooApiException ? "woo"
                    : cause instanceof PermanentFailure ? "hub" : "nxt",
                    cause == null ? "Unknown" : cause.getClass().getSimpleName(), "webhook-event",
                    "direct:webhook-event", event.resource(), "webhook-event:" + event.id(), message, trace.toString(),
                    event.payload(), "{\"topic\":\"" + event.topic() + "\",\"eventId\":" + event.id() + "}",
                    event.attempts()));
            log.error("Webhook event {} ({} {}) failed after {} attempt(s), kept in the error store: {}",
                    event.id(), event.topic(), event.resourceId(), event.attempts(),
                    com.nxtnd.hub.mapping.OutsideText.quote(message));
        } else {
            log.warn("Webhook event {} ({} {}) attempt {} failed, retrying in {}: {}", event.id(), event.topic(),
                    event.resourceId(), event.attempts(), delay, com.nxtnd.hub.mapping.OutsideText.quote(message));
        }
    }
}
