package com.nxtnd.hub.recovery;

import com.nxtnd.hub.monitor.Alerts;
import com.nxtnd.hub.peer.PeerGuards;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** An opened breaker is an alert while it lasts; it clears when the breaker closes again. */
@Component
public class CircuitAlerts {

    private static final Logger log = LoggerFactory.getLogger(CircuitAlerts.class);

    public CircuitAlerts(PeerGuards guards, Alerts alerts) {
        guards.registry().getAllCircuitBreakers().forEach(b -> watch(b, alerts));
        guards.registry().getEventPublisher().onEntryAdded(e -> watch(e.getAddedEntry(), alerts));
        // a breaker made anew with other settings (route peer-breakers; Camel on a reload of a route that declares
        // one) starts closed: its predecessor's alert ends with it
        guards.registry().getEventPublisher().onEntryReplaced(e -> {
            alerts.clear("circuit:" + e.getNewEntry().getName());
            watch(e.getNewEntry(), alerts);
        });
        guards.registry().getEventPublisher().onEntryRemoved(e -> alerts.clear("circuit:" + e.getRemovedEntry().getName()));
    }

    private static void watch(CircuitBreaker breaker, Alerts alerts) {
        breaker.getEventPublisher().onStateTransition(e -> {
            CircuitBreaker.State to = e.getStateTransition().getToState();
            log.warn("Circuit breaker {}: {}", breaker.getName(), e.getStateTransition());
            if (to == CircuitBreaker.State.OPEN || to == CircuitBreaker.State.FORCED_OPEN) {
                alerts.raise("circuit:" + breaker.getName(), Alerts.Severity.WARNING,
                        "Circuit breaker " + breaker.getName() + " opened: calls wait until it closes",
                        Map.of("breaker", breaker.getName(),
                                "failureRate", breaker.getMetrics().getFailureRate()));
            } else if (to == CircuitBreaker.State.CLOSED) {
                alerts.clear("circuit:" + breaker.getName());
            }
        });
    }
}
