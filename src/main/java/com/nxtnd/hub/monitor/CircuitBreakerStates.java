package com.nxtnd.hub.monitor;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.Comparator;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** Read-only view of the hub's Resilience4j circuit breakers; none when no registry bean is defined. */
@Component
public class CircuitBreakerStates {

    /** One breaker as shown by the status API and the dashboard. */
    public record State(String name, String system, String state, float failureRate, float slowCallRate,
                        int bufferedCalls, int failedCalls, long notPermittedCalls) {

        public boolean open() {
            return !"CLOSED".equals(state) && !"DISABLED".equals(state) && !"METRICS_ONLY".equals(state);
        }
    }

    private final ObjectProvider<CircuitBreakerRegistry> registry;

    public CircuitBreakerStates(ObjectProvider<CircuitBreakerRegistry> registry) {
        this.registry = registry;
    }

    public List<State> states() {
        CircuitBreakerRegistry r = registry.getIfAvailable();
        if (r == null) {
            return List.of();
        }
        return r.getAllCircuitBreakers().stream().sorted(Comparator.comparing(CircuitBreaker::getName))
                .map(CircuitBreakerStates::state).toList();
    }

    public List<State> states(String system) {
        return states().stream().filter(s -> s.system().equals(system)).toList();
    }

    static State state(CircuitBreaker cb) {
        CircuitBreaker.Metrics m = cb.getMetrics();
        return new State(cb.getName(), systemOf(cb.getName()), cb.getState().name(), m.getFailureRate(),
                m.getSlowCallRate(), m.getNumberOfBufferedCalls(), m.getNumberOfFailedCalls(),
                m.getNumberOfNotPermittedCalls());
    }

    /** woo-read -> woo, nxt-write -> nxt, anything else -> hub. */
    static String systemOf(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        if (n.startsWith("woo")) {
            return "woo";
        }
        if (n.startsWith("nxt")) {
            return "nxt";
        }
        return "hub";
    }

    /** 0 closed, 1 half-open, 2 open (forced open too), -1 otherwise: one number per breaker for snapshots. */
    static int code(String state) {
        return switch (state) {
            case "CLOSED" -> 0;
            case "HALF_OPEN" -> 1;
            case "OPEN", "FORCED_OPEN" -> 2;
            default -> -1;
        };
    }
}
