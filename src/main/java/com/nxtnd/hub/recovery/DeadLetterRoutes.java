package com.nxtnd.hub.recovery;

import com.nxtnd.hub.nxt.NxtApiException;
import com.nxtnd.hub.peer.PeerApiException;
import com.nxtnd.hub.store.ErrorLogRepository;
import com.nxtnd.hub.woo.WooApiException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.stereotype.Component;

/**
 * The shared error handling of the routes without their own (route configuration {@code dead-letter}): a failure
 * is retried, then its original message goes to route dead-letter, which keeps it in wc_error_log with the route,
 * the error and the attempt count, ready for the replay API. Routes opt in with routeConfigurationId("dead-letter").
 */
@Component
public class DeadLetterRoutes extends RouteBuilder {

    public static final String CONFIGURATION = "dead-letter";

    private final ErrorLogRepository errors;

    public DeadLetterRoutes(ErrorLogRepository errors) {
        this.errors = errors;
    }

    /** Route configuration beans are picked up by Camel on start. */
    @Component
    public static class DeadLetterConfiguration extends RouteConfigurationBuilder {
        @Override
        public void configuration() {
            routeConfiguration(CONFIGURATION).errorHandler(deadLetterChannel("direct:dead-letter")
                    .useOriginalMessage().maximumRedeliveries(2).redeliveryDelay(1000).useExponentialBackOff()
                    .retryAttemptedLogLevel(org.apache.camel.LoggingLevel.WARN));
        }
    }

    @Override
    public void configure() {
        from("direct:dead-letter").routeId("dead-letter")
                .process(this::store)
                .log(org.apache.camel.LoggingLevel.ERROR, "Kept in the dead letter store: ${exchangeProperty.hubErrorId} "
                        + "from route ${exchangeProperty.CamelFailureRouteId}");
    }

    void store(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String system = cause instanceof WooApiException ? "woo" : cause instanceof NxtApiException ? "nxt"
                : cause instanceof PeerApiException p && p.getMessage().startsWith("woo") ? "woo" : "hub";
        StringWriter trace = new StringWriter();
        if (cause != null) {
            cause.printStackTrace(new PrintWriter(trace));
        }
        Object body = exchange.getMessage().getBody();
        byte[] original = body == null ? null : body instanceof byte[] b ? b
                : String.valueOf(body).getBytes(StandardCharsets.UTF_8);
        Integer redeliveries = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class);
        long id = errors.record(new ErrorLogRepository.NewError(system,
                cause == null ? "Unknown" : cause.getClass().getSimpleName(),
                exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class),
                exchange.getProperty(Exchange.FAILURE_ENDPOINT, String.class), null, exchange.getExchangeId(),
                cause == null ? "unknown error" : cause.getMessage(), trace.toString(), original, null,
                1 + (redeliveries == null ? 0 : redeliveries)));
        exchange.setProperty("hubErrorId", id);
    }
}
