package com.nxtnd.hub.peer;

import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries one outbound call (Resilience4j): transient failures with exponential backoff and jitter, a 429 after its
 * Retry-After. A 4xx other than 429 is never retried. A call that is not safe to repeat (a write without an
 * idempotency key) is only retried when the peer surely did not act on it: no connection, 429, 503.
 */
public class RetryPolicy {

    /** Exceptions that say how long to wait (Retry-After), in seconds. */
    public interface RetryAfter {
        long retryAfterSeconds();
    }

    /** Totals since start: calls made, HTTP attempts they took, and how many of those were retries. */
    public record Stats(long calls, long attempts, long retries) {
    }

    private static final Logger log = LoggerFactory.getLogger(RetryPolicy.class);

    /** Consecutive 429s one attempt waits out before it counts as a failed attempt. */
    static final int RATE_LIMITED_ATTEMPTS = 20;

    private final long maxRetryAfterMillis;
    private final Retry safe;
    private final Retry unsafe;
    private final LongAdder calls = new LongAdder();
    private final LongAdder attempts = new LongAdder();

    public RetryPolicy(String name, RetrySettings settings) {
        this.maxRetryAfterMillis = Math.max(1, settings.maxRetryAfter().toMillis());
        this.safe = Retry.of(name, config(settings, PeerApiException::isTransient));
        this.unsafe = Retry.of(name + "-unsafe", config(settings, PeerApiException::surelyNotProcessed));
        for (Retry retry : List.of(safe, unsafe)) {
            // exception messages are credential-free by construction, so they can be logged
            retry.getEventPublisher().onRetry(event -> log.info("{}: attempt {} failed ({}), retrying in {} ms", name,
                    event.getNumberOfRetryAttempts(), event.getLastThrowable().getMessage(),
                    event.getWaitInterval().toMillis()));
        }
    }

    /**
     * Runs {@code call} until it succeeds, fails for good or runs out of retries. A {@link PeerApiException} thrown
     * out of here carries the number of attempts made.
     */
    public <T> T call(boolean safeToRepeat, Supplier<T> call) {
        AtomicInteger made = new AtomicInteger();
        calls.increment();
        try {
            return Retry.decorateSupplier(safeToRepeat ? safe : unsafe, () -> {
                // a 429 says "not now": waited out (Retry-After) without using up the retries meant for failures
                for (int limited = 0; ; limited++) {
                    made.incrementAndGet();
                    attempts.increment();
                    try {
                        return call.get();
                    } catch (PeerApiException e) {
                        if (!e.isRateLimited() || limited >= RATE_LIMITED_ATTEMPTS) {
                            throw e;
                        }
                        long wait = e.retryAfterSeconds() > 0 ? e.retryAfterSeconds() * 1000
                                : Math.min(5000, 100L << Math.min(limited, 6));
                        sleep(Math.min(maxRetryAfterMillis, wait));
                    }
                }
            }).get();
        } catch (PeerApiException e) {
            e.attempts(made.get());
            throw e;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting out a 429", e);
        }
    }

    public Stats stats() {
        long c = calls.sum();
        long a = attempts.sum();
        return new Stats(c, a, a - c);
    }

    private static RetryConfig config(RetrySettings settings, Predicate<PeerApiException> retryable) {
        long first = Math.max(1, settings.firstDelay().toMillis());
        long max = Math.max(first, settings.maxDelay().toMillis());
        long maxRetryAfter = settings.maxRetryAfter().toMillis();
        IntervalBiFunction<Object> interval = (attempt, outcome) -> {
            if (outcome.isLeft() && outcome.getLeft() instanceof RetryAfter r && r.retryAfterSeconds() > 0) {
                return Math.max(1, Math.min(maxRetryAfter, r.retryAfterSeconds() * 1000));
            }
            long backoff = Math.min(max, first << Math.min(attempt - 1, 20));
            // jitter spreads the retries of many calls that failed together
            return Math.max(1, backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
        };
        return RetryConfig.custom()
                .maxAttempts(settings.maxRetries() + 1)
                .intervalBiFunction(interval)
                .retryOnException(t -> t instanceof PeerApiException e && retryable.test(e))
                .failAfterMaxAttempts(false)
                .build();
    }
}
