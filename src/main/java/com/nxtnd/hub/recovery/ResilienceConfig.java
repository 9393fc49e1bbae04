package com.nxtnd.hub.recovery;

import com.nxtnd.hub.peer.PeerApiException;
import com.nxtnd.hub.peer.PeerGuards;
import com.nxtnd.hub.peer.ResilienceProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The peers' guards (breakers, pacing, credential watch) and their breaker registry, for metrics, health and API. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ResilienceProperties.class)
public class ResilienceConfig {

    @Bean
    PeerGuards peerGuards(ResilienceProperties properties, MeterRegistry meters, ApplicationEventPublisher events) {
        return new PeerGuards(properties, meters, events);
    }

    @Bean
    CircuitBreakerRegistry circuitBreakerRegistry(PeerGuards guards) {
        return guards.registry();
    }

    /**
     * The breaker of route webhook-event (Camel circuitBreaker EIP, id webhook-apply-breaker): it counts events that
     * failed because a peer was unwell, not events with bad data.
     */
    @Bean(ResilienceRoutes.WEBHOOK_APPLY_BREAKER)
    CircuitBreaker webhookApplyBreaker(PeerGuards guards, ResilienceProperties p) {
        return guards.registry().circuitBreaker("webhook-apply", CircuitBreakerConfig.from(guards.registry()
                .getDefaultConfig()).recordException(t -> t instanceof PeerApiException e
                        && (e.isTransient() && !e.isRateLimited())).build());
    }
}
