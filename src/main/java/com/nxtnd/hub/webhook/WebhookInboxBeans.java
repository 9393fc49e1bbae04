package com.nxtnd.hub.webhook;

import java.util.concurrent.ExecutorService;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What routes/webhook-inbox.camel.yaml names besides its steps (inboxClaimer, webhookEventApplier,
 * webhookEventFailureHandler, webhookInboxLeases): the inbox's idempotency keys and its worker pool. The breaker it
 * runs NXT-ND work in is recovery.ResilienceConfig's {@code webhookApplyBreaker}.
 */
@Configuration(proxyBeanMethods = false)
public class WebhookInboxBeans {

    /** Processor name of the inbox's keys in camel_messageprocessed: keys stored under it stay valid. */
    static final String IDEMPOTENT_PROCESSOR = "webhook-events";

    /** The idempotent consumer's keys, one per delivery content (the event's dedupe key). */
    @Bean("webhookEventKeys")
    JdbcMessageIdRepository webhookEventKeys(DataSource dataSource) {
        return new InboxEventKeys(dataSource, IDEMPOTENT_PROCESSOR);
    }

    /**
     * The split's workers (hub.webhooks.consumers), bound in Camel's registry under {@code webhookInboxWorkers}
     * rather than declared as a Spring bean: an Executor bean makes Spring Boot back off from its own task executor,
     * which platform-http needs. Made by Camel's executor service manager, which shuts it down when Camel stops.
     */
    @Bean
    CamelContextConfiguration webhookInboxWorkersRegistration(WebhookProperties properties) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                ExecutorService workers = camel.getExecutorServiceManager()
                        .newFixedThreadPool(WebhookInboxBeans.this, "webhook-inbox-worker", properties.consumers());
                camel.getRegistry().bind("webhookInboxWorkers", ExecutorService.class, workers);
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
            }
        };
    }
}
