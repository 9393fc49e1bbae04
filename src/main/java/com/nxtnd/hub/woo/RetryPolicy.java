package com.nxtnd.hub.woo;

import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Retries one outbound call: transient failures with exponential backoff and jitter, a 429 after its Retry-After.
 * Built on Resilience4j; the predicate decides what is transient (never a 4xx validation error).
 */
public class RetryPolicy {

    /** Exceptions that say how long to wait (Retry-After), in seconds. */
    public interface RetryAfter {
        long retryAfterSeconds();
    }

    private static final long MAX_RETRY_AFTER_MS = 60_000;

    private final Retry retry;

    public RetryPolicy(String name, int maxRetries, long firstDelayMs, Predicate<Throwable> transientFailure) {
        long base = Math.max(1, firstDelayMs);
        IntervalBiFunction<Object> interval = (attempt, outcome) -> {
            if (outcome.isLeft() && retryAfterMs(outcome.getLeft()) > 0) {
                return retryAfterMs(outcome.getLeft());
            }
            long backoff = base * (1L << Math.min(attempt - 1, 10));
            return backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
        };
        this.retry = Retry.of(name, RetryConfig.custom()
                .maxAttempts(maxRetries + 1)
                .intervalBiFunction(interval)
                .retryOnException(transientFailure)
                .failAfterMaxAttempts(false)
                .build());
    }

    public <T> T call(String operation, Supplier<T> call) {
        return Retry.decorateSupplier(retry, call).get();
    }

    private static long retryAfterMs(Throwable t) {
        if (t instanceof RetryAfter r && r.retryAfterSeconds() > 0) {
            return Math.min(MAX_RETRY_AFTER_MS, r.retryAfterSeconds() * 1000);
        }
        return 0;
    }

}
