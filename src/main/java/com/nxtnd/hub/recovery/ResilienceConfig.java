package com.nxtnd.hub.recovery;

import com.nxtnd.hub.peer.HubPeers;
import com.nxtnd.hub.peer.PeerApiException;
import com.nxtnd.hub.peer.PeerGuards;
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
@EnableConfigurationProperties(HubPeers.class)
public class ResilienceConfig {

    /** Bean name of the breaker the webhook-event route runs NXT-ND work in (id webhook-apply-breaker). */
    public static final String WEBHOOK_APPLY_BREAKER = "webhookApplyBreaker";

    @Bean
    PeerGuards peerGuards(HubPeers peers, MeterRegistry meters, ApplicationEventPublisher events) {
        return new PeerGuards(peers, meters, events);
    }

    @Bean
    CircuitBreakerRegistry circuitBreakerRegistry(PeerGuards guards) {
        return guards.registry();
    }

    /**
     * The breaker of route webhook-batch (Camel circuitBreaker EIP, id webhook-apply-breaker): it counts batches that
     * failed because a peer was unwell, not events with bad data. The events' work is done in NXT-ND, so it takes
     * NXT-ND's breaker settings (hub.peers.nxt.*).
     */
    @Bean(WEBHOOK_APPLY_BREAKER)
    CircuitBreaker webhookApplyBreaker(PeerGuards guards, HubPeers peers) {
        return guards.registry().circuitBreaker("webhook-apply", CircuitBreakerConfig.from(peers.nxt().breaker())
                .recordException(t -> t instanceof PeerApiException e && (e.isTransient() && !e.isRateLimited()))
                .build());
    }
}
