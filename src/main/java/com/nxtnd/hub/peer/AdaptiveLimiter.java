package com.nxtnd.hub.peer;

import java.time.Duration;

/**
 * How many calls one peer gets at once, following its answers (additive increase, multiplicative decrease): a 429
 * halves the limit and holds every call until its Retry-After has passed; a slow answer shrinks it a little; a
 * quick one grows it back towards the maximum. The hub slows down for a struggling store and speeds up again.
 */
public class AdaptiveLimiter {

    private final int min;
    private final int max;
    private final long slowMillis;
    private final long slowBatchMillis;
    private double limit;
    private int inFlight;
    private long pausedUntil;

    public AdaptiveLimiter(int initial, int min, int max, Duration slow, Duration slowBatch) {
        this.min = Math.max(1, min);
        this.max = Math.max(this.min, max);
        this.limit = Math.min(this.max, Math.max(this.min, initial));
        this.slowMillis = slow.toMillis();
        this.slowBatchMillis = slowBatch.toMillis();
    }

    /** The longest a Retry-After may hold every call (a store asking for an hour is asked again sooner). */
    static final long MAX_PAUSE_MILLIS = 60_000;

    private boolean pauses = true;

    /** No limit and no pauses: for clients built by hand (tests, tools), whose retry policy alone waits. */
    public static AdaptiveLimiter unlimited() {
        AdaptiveLimiter limiter = new AdaptiveLimiter(1024, 1024, 1024, Duration.ofDays(1), Duration.ofDays(1));
        limiter.pauses = false;
        return limiter;
    }

    /** Waits for a slot (at most {@code maxWait}, so a stuck peer cannot hold a caller forever). */
    public synchronized void acquire(Duration maxWait) throws InterruptedException {
        long deadline = System.currentTimeMillis() + maxWait.toMillis();
        while (true) {
            long now = System.currentTimeMillis();
            if (now >= deadline) {
                break;
            }
            if (now < pausedUntil) {
                wait(Math.min(pausedUntil, deadline) - now);
            } else if (inFlight >= (int) limit) {
                wait(deadline - now);
            } else {
                break;
            }
        }
        inFlight++;
    }

    /**
     * A call ended after {@code latencyMillis}. A {@code batch} call (up to 100 records in one request) counts as slow
     * only past the batch threshold: a healthy store's /batch takes seconds, and pacing it down as slow kept a push
     * at one call in flight.
     */
    public synchronized void release(long latencyMillis, boolean batch, boolean rateLimited, long retryAfterSeconds) {
        inFlight = Math.max(0, inFlight - 1);
        if (rateLimited) {
            limit = Math.max(min, limit / 2);
            if (retryAfterSeconds > 0 && pauses) {
                pausedUntil = Math.max(pausedUntil, System.currentTimeMillis()
                        + Math.min(MAX_PAUSE_MILLIS, retryAfterSeconds * 1000));
            }
        } else if (latencyMillis > (batch ? slowBatchMillis : slowMillis)) {
            limit = Math.max(min, limit * 0.9);
        } else {
            limit = Math.min(max, limit + 1 / limit);
        }
        notifyAll();
    }

    public synchronized int limit() {
        return (int) limit;
    }

    public synchronized int inFlight() {
        return inFlight;
    }
}
