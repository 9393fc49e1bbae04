package com.nxtnd.hub.recovery;

import com.nxtnd.hub.monitor.ExternalSystemHealth;
import com.nxtnd.hub.peer.PeerGuards;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/** /actuator/health "circuitBreakers": every breaker's state, pacing, refused credentials; DEGRADED while one is open. */
@Component("circuitBreakers")
public class CircuitHealth implements HealthIndicator {

    private final PeerGuards guards;

    public CircuitHealth(PeerGuards guards) {
        this.guards = guards;
    }

    @Override
    public Health health() {
        var states = guards.allStates();
        boolean open = states.values().stream().anyMatch(s -> s.equals("OPEN") || s.equals("FORCED_OPEN"));
        boolean refused = guards.credentialsRefused("woo") || guards.credentialsRefused("nxt");
        return Health.status(open || refused ? ExternalSystemHealth.DEGRADED : org.springframework.boot.actuate.health.Status.UP)
                .withDetail("breakers", states)
                .withDetail("concurrency", java.util.Map.of("woo", guards.woo().limiter().limit(),
                        "nxt", guards.nxt().limiter().limit()))
                .withDetail("credentialsRefused", java.util.Map.of("woo", guards.credentialsRefused("woo"),
                        "nxt", guards.credentialsRefused("nxt")))
                .build();
    }
}
