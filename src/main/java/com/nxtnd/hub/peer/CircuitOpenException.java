package com.nxtnd.hub.peer;

/**
 * The call was not made: the peer's circuit breaker is open after too many failures. Work that meets it waits in
 * the hub's store and is resumed when the breaker closes; it is not a failure of the work itself.
 */
public class CircuitOpenException extends PeerApiException {

    private final String breaker;

    public CircuitOpenException(String system, String breaker, long retryAfterSeconds) {
        super(system, 0, "circuit_open", "circuit breaker " + breaker + " is open; the call was not made",
                retryAfterSeconds, null);
        this.breaker = breaker;
    }

    public String breaker() {
        return breaker;
    }

    @Override
    public boolean isTransient() {
        return false; // do not retry into an open breaker; the work waits instead
    }

    @Override
    public boolean surelyNotProcessed() {
        return true;
    }
}
