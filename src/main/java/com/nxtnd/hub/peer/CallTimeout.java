package com.nxtnd.hub.peer;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.boot.convert.DurationStyle;

/**
 * A call's timeout as a route file names it ({@code '{{nxt.read-timeout:30s}}'}, or a value an operator wrote in its
 * place): {@code 30s}, {@code 2m}, ISO {@code PT30S}, or a plain number of milliseconds, as application.yml takes it.
 * <p>
 * A route step that makes many kinds of calls (the inbox's apply, a reconcile run) names its timeouts once: the step
 * runs {@link #within} them, and each call a client makes on that thread, or on a thread reading ahead for it
 * ({@link #carried}), takes the step's timeout instead of the client's setting ({@link #of}).
 */
public final class CallTimeout {

    /** Per thread: peer ("woo", "nxt") -> the timeout of the route step running on it. */
    private static final ThreadLocal<Map<String, Duration>> SCOPE = new ThreadLocal<>();

    private CallTimeout() {
    }

    public static Duration parse(String text) {
        Duration timeout;
        try {
            timeout = DurationStyle.detectAndParse(text == null ? "" : text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("A call's timeout is written 30s, 2m or milliseconds, not '" + text + "'", e);
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("A call's timeout must be above zero, not '" + text + "'");
        }
        return timeout;
    }

    /** What a route step names for its calls: WooCommerce's timeout and NXT-ND's, each checked ({@link #parse}). */
    public static Map<String, Duration> named(String woo, String nxt) {
        return Map.of("woo", parse(woo), "nxt", parse(nxt));
    }

    /** Work that may throw what its caller throws. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run() throws E;
    }

    /**
     * Runs {@code work} with each peer's calls on this thread given the timeout named for it ({@link #named}); what
     * was in force before is put back afterwards.
     */
    public static <T, E extends Exception> T within(Map<String, Duration> timeouts, Work<T, E> work) throws E {
        Map<String, Duration> before = SCOPE.get();
        SCOPE.set(timeouts);
        try {
            return work.run();
        } finally {
            if (before == null) {
                SCOPE.remove();
            } else {
                SCOPE.set(before);
            }
        }
    }

    /** The timeout of a call to {@code peer} on this thread: the route step's, else the client's {@code setting}. */
    public static Duration of(String peer, Duration setting) {
        Map<String, Duration> scope = SCOPE.get();
        Duration named = scope == null ? null : scope.get(peer);
        return named != null ? named : setting;
    }

    /** {@code task}, to run on another thread with the timeouts in force on this one (a page read ahead). */
    public static <T> Supplier<T> carried(Supplier<T> task) {
        Map<String, Duration> scope = SCOPE.get();
        return scope == null ? task : () -> within(scope, task::get);
    }
}
