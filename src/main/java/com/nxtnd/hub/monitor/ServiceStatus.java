package com.nxtnd.hub.monitor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * Up or down per service (the hub with its database and Camel, WooCommerce, NXT-ND), from the same health
 * indicators as /actuator/health. The peers are probed at most every 15 seconds whoever asks (status API,
 * dashboard refreshes, the open health summary), so polling the hub does not poll the peers.
 */
@Component
public class ServiceStatus {

    static final Duration PROBE_TTL = Duration.ofSeconds(15);

    /** A health component's state: up, degraded or down, with its details when asked. */
    public record Probe(String status, String health, Map<String, Object> details, Instant checkedAt) {
    }

    private final HealthEndpoint health;
    private final CamelContext camel;
    private final Clock clock = Clock.systemUTC();
    private final AtomicReference<Map<String, Probe>> cached = new AtomicReference<>();

    public ServiceStatus(HealthEndpoint health, CamelContext camel) {
        this.health = health;
        this.camel = camel;
    }

    /** {woocommerce, nxt, db} -> probe, from cache when fresh. */
    public Map<String, Probe> probes() {
        Map<String, Probe> last = cached.get();
        if (last != null && last.values().stream().allMatch(p -> p.checkedAt().plus(PROBE_TTL).isAfter(clock.instant()))) {
            return last;
        }
        CompletableFuture<Probe> woo = CompletableFuture.supplyAsync(() -> probe("woocommerce"));
        CompletableFuture<Probe> nxt = CompletableFuture.supplyAsync(() -> probe("nxt"));
        Map<String, Probe> fresh = new LinkedHashMap<>();
        fresh.put("db", probe("db"));
        fresh.put("woocommerce", woo.join());
        fresh.put("nxt", nxt.join());
        cached.set(fresh);
        return fresh;
    }

    /** Forget the cached probes (tests that change a peer's state). */
    public void refresh() {
        cached.set(null);
    }

    private Probe probe(String component) {
        Instant now = clock.instant();
        try {
            HealthComponent c = health.healthForPath(component);
            if (c == null) {
                return new Probe("unknown", "UNKNOWN", Map.of(), now);
            }
            Status s = c.getStatus();
            Map<String, Object> details = c instanceof Health h ? h.getDetails() : Map.of();
            return new Probe(Status.UP.equals(s) ? "up" : "down", s.getCode(), details, now);
        } catch (RuntimeException e) {
            return new Probe("down", "DOWN", Map.of("error", e.getClass().getSimpleName()), now);
        }
    }

    /** Camel's context state (Started, Stopping, ...), its routes and how many of them are started. */
    public record CamelState(String status, int routes, long routesStarted) {
    }

    /** Camel context state and its routes. */
    public CamelState camel() {
        long started = camel.getRoutes().stream().map(Route::getRouteId)
                .filter(id -> camel.getRouteController().getRouteStatus(id) != null
                        && camel.getRouteController().getRouteStatus(id).isStarted()).count();
        return new CamelState(camel.getStatus().name(), camel.getRoutes().size(), started);
    }

    /** UP when the hub and both peers are up, DEGRADED when a peer is not, DOWN when the hub's store or Camel is not. */
    public String overall(Map<String, Probe> probes) {
        if (!"up".equals(probes.get("db").status()) || !camel.getStatus().isStarted()) {
            return "DOWN";
        }
        return "up".equals(probes.get("woocommerce").status()) && "up".equals(probes.get("nxt").status()) ? "UP" : "DEGRADED";
    }
}
