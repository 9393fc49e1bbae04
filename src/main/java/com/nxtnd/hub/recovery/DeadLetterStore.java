package com.nxtnd.hub.recovery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nxtnd.hub.mapping.OutsideText;
import com.nxtnd.hub.nxt.NxtApiException;
import com.nxtnd.hub.peer.PeerApiException;
import com.nxtnd.hub.store.ErrorLogRepository;
import com.nxtnd.hub.woo.WooApiException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * The step of route dead-letter (routes/dead-letter.camel.yaml): keeps a failed message in wc_error_log under the
 * route it failed in (Exchange.FAILURE_ROUTE_ID), with the error, the attempt count and the original message and
 * headers, so that ErrorReplay can send it back to that route.
 */
@Component("deadLetterStore")
public class DeadLetterStore implements Processor {

    /** Id of the route configuration (routes/dead-letter.camel.yaml) every route without its own failure handling uses. */
    public static final String CONFIGURATION = "dead-letter";
    /** Exchange property with the id of the stored error, for the log line and for a replay that failed again. */
    public static final String ERROR_ID = "hubErrorId";
    /** Exchange property counting the failed attempts (a dead letter channel drops CamelRedeliveryCounter). */
    static final String ATTEMPTS = "hubFailedAttempts";

    private static final int MAX_HEADERS = 50;
    private static final int MAX_HEADER_CHARS = 1000;
    /** Credentials never go into the store (an admin reads and replays it). */
    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "proxy-authorization", "cookie", "set-cookie");

    private final ErrorLogRepository errors;
    private final ObjectMapper json;

    public DeadLetterStore(ErrorLogRepository errors, ObjectMapper json) {
        this.errors = errors;
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        StringWriter trace = new StringWriter();
        if (cause != null) {
            cause.printStackTrace(new PrintWriter(trace));
        }
        Object body = exchange.getMessage().getBody();
        byte[] original = body == null ? null : body instanceof byte[] b ? b
                : exchange.getMessage().getBody(String.class).getBytes(StandardCharsets.UTF_8);
        Integer attempts = exchange.getProperty(ATTEMPTS, Integer.class);
        long id = errors.record(new ErrorLogRepository.NewError(system(cause),
                cause == null ? "Unknown" : cause.getClass().getSimpleName(),
                exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class),
                exchange.getProperty(Exchange.FAILURE_ENDPOINT, String.class), null, exchange.getExchangeId(),
                cause == null ? "unknown error" : cause.getMessage(), trace.toString(), original,
                headers(exchange.getMessage().getHeaders()), attempts == null ? 1 : attempts));
        exchange.setProperty(ERROR_ID, id);
    }

    private static String system(Throwable cause) {
        return cause instanceof WooApiException ? "woo" : cause instanceof NxtApiException ? "nxt"
                : cause instanceof PeerApiException p && p.getMessage().startsWith("woo") ? "woo" : "hub";
    }

    /**
     * The message's own headers for the replay: plain values only, without Camel's (CamelRedeliveryCounter, timer
     * and HTTP internals, set again when the message re-enters its route) and without credentials.
     */
    private String headers(Map<String, Object> headers) {
        ObjectNode kept = json.createObjectNode();
        for (Map.Entry<String, Object> h : headers.entrySet()) {
            String name = h.getKey();
            Object value = h.getValue();
            if (kept.size() >= MAX_HEADERS) {
                break;
            }
            if (name.startsWith("Camel") || SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT))
                    || !(value instanceof CharSequence || value instanceof Number || value instanceof Boolean)) {
                continue;
            }
            String text = OutsideText.safe(value.toString());
            kept.put(name, text.length() <= MAX_HEADER_CHARS ? text : text.substring(0, MAX_HEADER_CHARS));
        }
        return kept.isEmpty() ? null : kept.toString();
    }

    /**
     * onExceptionOccurred of the dead-letter configuration: counts each failed attempt in an exchange property,
     * because the dead letter channel removes the redelivery headers before the store sees the message.
     */
    @Component("deadLetterAttempts")
    public static class AttemptCounter implements Processor {
        @Override
        public void process(Exchange exchange) {
            exchange.setProperty(ATTEMPTS, exchange.getProperty(ATTEMPTS, 0, Integer.class) + 1);
        }
    }
}
