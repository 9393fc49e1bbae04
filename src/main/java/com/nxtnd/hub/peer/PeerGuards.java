package com.nxtnd.hub.peer;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
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
    private final HubPeers peers;
    private final ApplicationEventPublisher events;
    private final Map<String, Boolean> refused = new ConcurrentHashMap<>();
    private final PeerGuard woo;
    private final PeerGuard nxt;

    public PeerGuards(HubPeers peers, MeterRegistry meters, ApplicationEventPublisher events) {
        // one registry for metrics and the API; each peer's breakers take that peer's configuration
        this.registry = CircuitBreakerRegistry.ofDefaults();
        this.peers = peers;
        for (String system : List.of("woo", "nxt")) {
            registry.addConfiguration(system, peers.of(system).breaker());
            registry.circuitBreaker(system + "-read", system);
            registry.circuitBreaker(system + "-write", system);
        }
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
        this.events = events;
        this.woo = guard("woo", peers.woo(), meters);
        this.nxt = guard("nxt", peers.nxt(), meters);
    }

    private PeerGuard guard(String system, PeerSettings settings, MeterRegistry meters) {
        AdaptiveLimiter limiter = settings.limiter();
        Gauge.builder("hub.peer.concurrency.limit", limiter, AdaptiveLimiter::limit)
                .description("Calls the hub allows in flight to the peer (adaptive pacing)").tag("system", system)
                .register(meters);
        Gauge.builder("hub.peer.credentials.refused", refused, r -> r.getOrDefault(system, false) ? 1 : 0)
                .description("1 while the peer refuses the hub's credentials").tag("system", system).register(meters);
        return new PeerGuard(system, registry, limiter, meters, e -> refused(system, e), () -> accepted(system),
                Duration.ofMinutes(2));
    }

    /** The settings each peer's guard was built with. */
    public HubPeers settings() {
        return peers;
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
