package com.nxtnd.hub.peer;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.stereotype.Component;

/**
 * Step of route {@code peer-breakers} (routes/peer-breakers.camel.yaml): gives a peer's two breakers (woo-read and
 * woo-write, nxt-read and nxt-write; every flow's calls to that peer pass them, see {@link PeerGuard}) the settings the
 * route file names. The file's placeholders name the same settings {@link PeerSettings} binds, so an unedited file
 * changes nothing. A breaker given other settings is made anew, closed, its counts started again (as Camel does for a
 * breaker a route declares); one whose settings are unchanged is left as it is. A value that is not one is refused with
 * its name, and the breakers keep what they had.
 */
@Component
public class PeerBreakers {

    private static final Logger log = LoggerFactory.getLogger(PeerBreakers.class);

    private final CircuitBreakerRegistry registry;

    public PeerBreakers(PeerGuards guards) {
        this.registry = guards.registry();
    }

    /** What the route names for {@code system} ("woo" or "nxt"); answers what the breakers have afterwards. */
    public String configure(String system, String failureRate, String windowSize, String minimumCalls, String openWait,
                            String halfOpenCalls) {
        if (!PeerGuards.BREAKERS.contains(system + "-read")) {
            throw new IllegalArgumentException("peer-breakers: no peer '" + system + "' (woo or nxt)");
        }
        CircuitBreakerConfig config;
        try {
            config = PeerSettings.breaker(number(system, "failure-rate", failureRate),
                    whole(system, "window-size", windowSize), whole(system, "minimum-calls", minimumCalls),
                    duration(system, "open-wait", openWait), whole(system, "half-open-calls", halfOpenCalls));
        } catch (IllegalArgumentException e) {
            throw e.getMessage() != null && e.getMessage().startsWith("peer-breakers") ? e
                    : new IllegalArgumentException("peer-breakers: " + system + "'s breaker settings refused: "
                            + e.getMessage(), e);
        }
        String described = describe(config);
        for (String name : new String[] {system + "-read", system + "-write"}) {
            CircuitBreaker current = registry.circuitBreaker(name);
            if (!described.equals(describe(current.getCircuitBreakerConfig()))) {
                registry.replace(name, CircuitBreaker.of(name, config));
                log.info("Breaker {} now {} (routes/peer-breakers.camel.yaml); it starts closed", name, described);
            }
        }
        return system + ": " + described;
    }

    /** The settings the route file can name, as one comparable text. */
    static String describe(CircuitBreakerConfig c) {
        return "failure rate " + c.getFailureRateThreshold() + "%, window " + c.getSlidingWindowSize()
                + ", minimum calls " + c.getMinimumNumberOfCalls() + ", open wait "
                + c.getWaitIntervalFunctionInOpenState().apply(1) + " ms, half-open calls "
                + c.getPermittedNumberOfCallsInHalfOpenState();
    }

    private static float number(String system, String name, String text) {
        try {
            return Float.parseFloat(text.trim());
        } catch (RuntimeException e) {
            throw refused(system, name, text, "a percentage");
        }
    }

    private static int whole(String system, String name, String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (RuntimeException e) {
            throw refused(system, name, text, "a whole number");
        }
    }

    private static Duration duration(String system, String name, String text) {
        try {
            return DurationStyle.detectAndParse(text.trim());
        } catch (RuntimeException e) {
            throw refused(system, name, text, "a duration (30s, 2m or milliseconds)");
        }
    }

    private static IllegalArgumentException refused(String system, String name, String text, String what) {
        return new IllegalArgumentException("peer-breakers: hub.peers." + system + "." + name + " must be " + what
                + ", not '" + text + "'");
    }
}
