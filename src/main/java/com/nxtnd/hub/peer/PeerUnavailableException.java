package com.nxtnd.hub.peer;

/**
 * A peer gave no answer or a 5xx (not a 429, which is pacing): what a circuit breaker declared in routes/ counts, by
 * class ({@code recordException}), as Camel's circuitBreaker EIP takes it. Wraps the peer's own exception, which is
 * what failure handling and the error store look at ({@link #unwrap}).
 */
public class PeerUnavailableException extends RuntimeException {

    public PeerUnavailableException(PeerApiException cause) {
        super(cause.getMessage(), cause);
    }

    /** {@code e} wrapped when it says its peer is unavailable, otherwise {@code e} itself. */
    public static RuntimeException ifUnavailable(RuntimeException e) {
        return e instanceof PeerApiException peer && peer.isPeerUnwell() ? new PeerUnavailableException(peer) : e;
    }

    /** The peer's own exception when {@code t} is this wrapper. */
    public static Throwable unwrap(Throwable t) {
        return t instanceof PeerUnavailableException && t.getCause() != null ? t.getCause() : t;
    }
}
