package com.nxtnd.hub.peer;

import java.time.Duration;

/**
 * How one outbound call retries: up to {@code maxRetries} more attempts, waits growing from {@code firstDelay}
 * (doubling, with jitter) up to {@code maxDelay}; a 429's Retry-After is honoured up to {@code maxRetryAfter}.
 */
public record RetrySettings(int maxRetries, Duration firstDelay, Duration maxDelay, Duration maxRetryAfter) {

    public RetrySettings {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0");
        }
        if (firstDelay.isNegative() || maxDelay.isNegative() || maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("retry delays must be >= 0");
        }
    }

    /** {@code maxRetries} retries from {@code firstDelay}; waits of at most 30 s, a Retry-After of at most 60 s. */
    public static RetrySettings of(int maxRetries, Duration firstDelay) {
        return new RetrySettings(maxRetries, firstDelay, Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    public static RetrySettings none() {
        return new RetrySettings(0, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }
}
