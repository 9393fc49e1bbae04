package com.nxtnd.hub.recovery;

import com.nxtnd.hub.peer.HubPeers;
import com.nxtnd.hub.peer.PeerGuards;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The peers' guards (breakers, pacing, credential watch) and their breaker registry, for metrics, health and API. The
 * breakers that routes/ declares (webhook-apply-breaker in webhook-inbox.camel.yaml) are made by Camel in the same
 * registry, under their ids.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HubPeers.class)
public class ResilienceConfig {

    @Bean
    PeerGuards peerGuards(HubPeers peers, MeterRegistry meters, ApplicationEventPublisher events) {
        return new PeerGuards(peers, meters, events);
    }

    @Bean
    CircuitBreakerRegistry circuitBreakerRegistry(PeerGuards guards) {
        return guards.registry();
    }
}
