package com.nxtnd.hub.peer;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.ApplicationEventPublisher;

/**
 * The guards of both peers and their breakers: woo-read, woo-write, nxt-read, nxt-write. Credential refusals and
 * recoveries are published as application events, so that recovery can stop and restart the affected routes.
 */
public class PeerGuards {

    /** A peer refused the hub's credentials (401/403). */
    public record CredentialsRefused(String system, int status, String message) {
    }

    /** A peer accepted the hub's credentials again after refusing them. */
    public record CredentialsAccepted(String system) {
    }

    public static final List<String> BREAKERS = List.of("woo-read", "woo-write", "nxt-read", "nxt-write");

    /** Every breaker the hub has, the peers' and the routes'. */
    public Map<String, String> allStates() {
        Map<String, String> out = new java.util.TreeMap<>();
        registry.getAllCircuitBreakers().forEach(b -> out.put(b.getName(), b.getState().name()));
        return out;
    }

    private final CircuitBreakerRegistry registry;
    private final ApplicationEventPublisher events;
    private final Map<String, Boolean> refused = new ConcurrentHashMap<>();
    private final PeerGuard woo;
    private final PeerGuard nxt;

    public PeerGuards(ResilienceProperties p, MeterRegistry meters, ApplicationEventPublisher events) {
        this.registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(p.failureRate())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(p.windowSize())
                .minimumNumberOfCalls(p.minimumCalls())
                .waitDurationInOpenState(p.openWait())
                .permittedNumberOfCallsInHalfOpenState(p.halfOpenCalls())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build());
        BREAKERS.forEach(registry::circuitBreaker);
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
        this.events = events;
        this.woo = guard("woo", p, meters);
        this.nxt = guard("nxt", p, meters);
    }

    private PeerGuard guard(String system, ResilienceProperties p, MeterRegistry meters) {
        AdaptiveLimiter limiter = new AdaptiveLimiter(p.concurrency(), 1, p.maxConcurrency(), p.slowCall(),
                p.slowBatchCall());
        Gauge.builder("hub.peer.concurrency.limit", limiter, AdaptiveLimiter::limit)
                .description("Calls the hub allows in flight to the peer (adaptive pacing)").tag("system", system)
                .register(meters);
        Gauge.builder("hub.peer.credentials.refused", refused, r -> r.getOrDefault(system, false) ? 1 : 0)
                .description("1 while the peer refuses the hub's credentials").tag("system", system).register(meters);
        return new PeerGuard(system, registry, limiter, meters, e -> refused(system, e), () -> accepted(system),
                Duration.ofMinutes(2));
    }

    private void refused(String system, PeerApiException e) {
        if (!Boolean.TRUE.equals(refused.put(system, true))) {
            events.publishEvent(new CredentialsRefused(system, e.status(), e.getMessage()));
        }
    }

    /** A call or a probe got through: if the credentials were refused before, they work again. */
    public void accepted(String system) {
        if (refused.replace(system, true, false)) {
            events.publishEvent(new CredentialsAccepted(system));
        }
    }

    public PeerGuard woo() {
        return woo;
    }

    public PeerGuard nxt() {
        return nxt;
    }

    public CircuitBreakerRegistry registry() {
        return registry;
    }

    public boolean credentialsRefused(String system) {
        return Boolean.TRUE.equals(refused.get(system));
    }

    /** Whether work that needs {@code system} should wait: its breakers are open or its credentials refused. */
    public boolean unavailable(String system) {
        return credentialsRefused(system) || isOpen(system + "-read") || isOpen(system + "-write");
    }

    public boolean isOpen(String breaker) {
        CircuitBreaker.State state = registry.circuitBreaker(breaker).getState();
        return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
    }

    public Map<String, String> states() {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        BREAKERS.forEach(b -> out.put(b, registry.circuitBreaker(b).getState().name()));
        return out;
    }
}
