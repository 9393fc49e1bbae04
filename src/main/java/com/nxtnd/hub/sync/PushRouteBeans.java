package com.nxtnd.hub.sync;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.processor.aggregate.GroupedBodyAggregationStrategy;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What routes/push.camel.yaml names besides its steps: the page threads and the /batch grouping. */
@Configuration(proxyBeanMethods = false)
public class PushRouteBeans {

    public static final String PAGE_THREADS = "pushPageThreads";
    public static final String BATCH_THREADS = "wooBatchThreads";

    /**
     * Pages of a push are planned side by side on thread pool profile pushPageThreads, and the aggregator of route
     * woo-batch-writer makes their /batch calls on wooBatchThreads: hub.sync.concurrency WooCommerce /batch calls in
     * flight, each page waiting for its own (WooWriteGroups.await). Thread pool profiles, not Spring beans: an
     * ExecutorService bean would stand in for Spring Boot's own task executor, which the web layer needs.
     */
    @Bean
    CamelContextConfiguration pushPageThreads(SyncProperties properties) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                camel.getExecutorServiceManager().registerThreadPoolProfile(new ThreadPoolProfileBuilder(PAGE_THREADS)
                        .poolSize(properties.concurrency()).maxPoolSize(properties.concurrency())
                        // a short queue, and the split's own thread runs a page when it is full: the streaming
                        // split reads NXT-ND only a few pages ahead of the writes instead of the whole catalogue
                        .maxQueueSize(properties.concurrency())
                        .rejectedPolicy(org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy.CallerRuns).build());
                // a page's completed groups wait here for a thread; the pages in flight bound how many
                camel.getExecutorServiceManager().registerThreadPoolProfile(new ThreadPoolProfileBuilder(BATCH_THREADS)
                        .poolSize(properties.concurrency()).maxPoolSize(properties.concurrency()).maxQueueSize(-1)
                        .build());
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
            }
        };
    }

    /** The writes of one group, as a list, for one /batch call. */
    @Bean
    AggregationStrategy wooBatchGrouping() {
        return new GroupedBodyAggregationStrategy();
    }
}
