package com.nxtnd.hub.webhook;

import com.nxtnd.hub.recovery.ResilienceRoutes;
import com.nxtnd.hub.store.WebhookEventRepository;
import java.util.concurrent.ExecutorService;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.stereotype.Component;

/**
 * Processes stored deliveries: claims due events (ordered per resource, SKIP LOCKED), runs each once through
 * Camel's JDBC idempotent consumer keyed on the delivery's content, and applies it to NXT-ND. A failure goes back to
 * the inbox with a growing delay, and into the dead letter store when its attempts are used up.
 */
@Component
public class WebhookInboxRoutes extends RouteBuilder {

    static final String IDEMPOTENT_PROCESSOR = "webhook-events";

    private final WebhookProperties properties;
    private final WebhookEventRepository events;
    private final InboxClaimer claimer;
    private final WebhookEventApplier applier;
    private final WebhookEventFailureHandler failures;
    private final DataSource dataSource;

    public WebhookInboxRoutes(WebhookProperties properties, WebhookEventRepository events, InboxClaimer claimer,
                              WebhookEventApplier applier, WebhookEventFailureHandler failures, DataSource dataSource) {
        this.properties = properties;
        this.events = events;
        this.claimer = claimer;
        this.applier = applier;
        this.failures = failures;
        this.dataSource = dataSource;
    }

    @Override
    public void configure() {
        JdbcMessageIdRepository processed = new JdbcMessageIdRepository(dataSource, IDEMPOTENT_PROCESSOR);
        processed.setCreateTableIfNotExists(false); // created by Flyway, with a primary key
        ExecutorService workers = getContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "webhook-inbox-worker", properties.consumers());

        // synchronous: the next poll waits until the claimed events are done. Without it the parallel split hands the
        // claim to the workers and returns, the greedy scheduler claims again at once, and a backlog is claimed into
        // memory (OutOfMemoryError at 20,000 deliveries with -Xmx512m), outlives its lease and is claimed twice.
        from("scheduler:webhook-inbox?initialDelay=1000&greedy=true&synchronous=true&delay=" + properties.pollDelayMs())
                .routeId("webhook-inbox")
                .process(claimer)
                .split(body()).parallelProcessing().executorService(workers)
                    .to("direct:webhook-event")
                .end();

        from("direct:webhook-event")
                .routeId("webhook-event")
                .onException(Exception.class).handled(true).process(failures).end()
                .setHeader(WebhookEventApplier.DEDUPE_KEY, simple("${body.dedupeKey}"))
                .idempotentConsumer(header(WebhookEventApplier.DEDUPE_KEY)).idempotentRepository(processed)
                        .skipDuplicate(false).removeOnFailure(true)
                    .choice()
                        .when(exchangeProperty(Exchange.DUPLICATE_MESSAGE).isEqualTo(true))
                            .bean(applier, "markDuplicate")
                        .otherwise()
                            // a breaker of its own, so that a run of failed events stops the inbox from hammering NXT-ND
                            .circuitBreaker().id("webhook-apply-breaker")
                                .resilience4jConfiguration().circuitBreaker(ResilienceRoutes.WEBHOOK_APPLY_BREAKER)
                                    .throwExceptionWhenHalfOpenOrOpenState(true).end()
                                .process(applier)
                            .end()
                    .end()
                .end();

        from("scheduler:webhook-inbox-leases?initialDelay=0&delay=30000")
                .routeId("webhook-inbox-leases")
                .process(e -> {
                    int released = events.releaseExpiredClaims(properties.lease());
                    if (released > 0) {
                        log.warn("Released {} webhook events whose processing outlived its lease", released);
                    }
                });
    }
}
