package com.nxtnd.hub.peer;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Every HTTP attempt to one peer passes here: its circuit breaker for the operation (read or write), its adaptive
 * concurrency limit, its latency metric ({@code hub.peer.calls}), and the watch for refused credentials.
 * Breakers count answers that say the peer is unwell (no answer, 5xx); a 4xx is the peer working; a 429 slows the
 * hub down instead.
 */
public class PeerGuard {

    private final String system;
    private final CircuitBreakerRegistry breakers;
    private final String readBreaker;
    private final String writeBreaker;
    private final AdaptiveLimiter limiter;
    private final MeterRegistry meters;
    private final Consumer<PeerApiException> onCredentialsRefused;
    private final Runnable onSuccess;
    private final Duration maxQueueWait;

    public PeerGuard(String system, CircuitBreakerRegistry breakers, AdaptiveLimiter limiter, MeterRegistry meters,
                     Consumer<PeerApiException> onCredentialsRefused, Runnable onSuccess, Duration maxQueueWait) {
        this.system = system;
        this.breakers = breakers;
        this.readBreaker = system + "-read";
        this.writeBreaker = system + "-write";
        this.limiter = limiter;
        this.meters = meters;
        this.onCredentialsRefused = onCredentialsRefused;
        this.onSuccess = onSuccess;
        this.maxQueueWait = maxQueueWait;
    }

    /** No breaking, no limit, metrics kept apart: for clients built by hand (tests, tools). */
    public static PeerGuard none(String system) {
        return new PeerGuard(system, CircuitBreakerRegistry.of(io.github.resilience4j.circuitbreaker.CircuitBreakerConfig
                .custom().failureRateThreshold(100).minimumNumberOfCalls(Integer.MAX_VALUE).build()),
                AdaptiveLimiter.unlimited(), new SimpleMeterRegistry(), e -> { }, () -> { }, Duration.ofMinutes(1));
    }

    public String system() {
        return system;
    }

    /** The peer's read or write breaker as the registry holds it now (route peer-breakers may have replaced it). */
    public CircuitBreaker breaker(boolean writes) {
        return breakers.circuitBreaker(writes ? writeBreaker : readBreaker);
    }

    public AdaptiveLimiter limiter() {
        return limiter;
    }

    /** One attempt: {@code method} GET/HEAD are reads, anything else a write. */
    public <T> T attempt(String method, Supplier<T> call) {
        return attempt(method, false, call);
    }

    /** One attempt; a {@code batch} call is paced by its own slow threshold ({@link AdaptiveLimiter#release}). */
    public <T> T attempt(String method, boolean batch, Supplier<T> call) {
        boolean writes = !"GET".equals(method) && !"HEAD".equals(method);
        CircuitBreaker breaker = breaker(writes);
        try {
            breaker.acquirePermission();
        } catch (CallNotPermittedException e) {
            long waitSeconds = Math.max(1, breaker.getCircuitBreakerConfig()
                    .getWaitIntervalFunctionInOpenState().apply(1) / 1000);
            throw new CircuitOpenException(system, breaker.getName(), waitSeconds);
        }
        try {
            limiter.acquire(maxQueueWait);
        } catch (InterruptedException e) {
            breaker.releasePermission();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a " + system + " call slot", e);
        }
        long started = System.nanoTime();
        String status = "ok";
        try {
            T result = call.get();
            long nanos = System.nanoTime() - started;
            breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
            limiter.release(nanos / 1_000_000, batch, false, 0);
            onSuccess.run();
            return result;
        } catch (PeerApiException e) {
            long nanos = System.nanoTime() - started;
            status = e.status() > 0 ? String.valueOf(e.status()) : e.code();
            if (e.isPeerUnwell()) {
                breaker.onError(nanos, TimeUnit.NANOSECONDS, e);
            } else {
                breaker.onSuccess(nanos, TimeUnit.NANOSECONDS); // the peer answered: it is up
            }
            limiter.release(nanos / 1_000_000, batch, e.isRateLimited(), e.retryAfterSeconds());
            if (e.isAuthFailure()) {
                onCredentialsRefused.accept(e);
            }
            throw e;
        } catch (RuntimeException e) {
            long nanos = System.nanoTime() - started;
            status = "error";
            breaker.onError(nanos, TimeUnit.NANOSECONDS, e);
            limiter.release(nanos / 1_000_000, batch, false, 0);
            throw e;
        } finally {
            Timer.builder("hub.peer.calls").description("HTTP attempts to WooCommerce and NXT-ND")
                    .tag("system", system).tag("operation", writes ? "write" : "read").tag("status", status)
                    .publishPercentileHistogram().register(meters)
                    .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }
}
