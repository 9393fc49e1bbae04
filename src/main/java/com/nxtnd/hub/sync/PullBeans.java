package com.nxtnd.hub.sync;

import java.util.concurrent.ExecutorService;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.util.concurrent.SynchronousExecutorService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What routes/pull.camel.yaml names beyond the step beans. */
@Configuration(proxyBeanMethods = false)
public class PullBeans {

    /** Registry name of the pull aggregators' executor. */
    public static final String INLINE = "pullBatchesInline";

    /**
     * The pull aggregators' executor: a completed batch is written in the thread that completed it. Camel 4.17 gives
     * a non-parallel aggregator a thread of its own by default, so a page's last batch would still be on its way
     * when the page's checkpoint is written, and a failed batch would not stop the run.
     */
    public static ExecutorService inline() {
        return new SynchronousExecutorService();
    }

    /**
     * Bound in Camel's registry rather than declared as a Spring bean: an Executor bean makes Spring Boot back off
     * from its own task executor, which platform-http needs (as webhook.WebhookInboxBeans does for its workers).
     */
    @Bean
    CamelContextConfiguration pullBatchesInlineRegistration() {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                camel.getRegistry().bind(INLINE, ExecutorService.class, inline());
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
            }
        };
    }
}
