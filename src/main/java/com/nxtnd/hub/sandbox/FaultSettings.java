package com.nxtnd.hub.sandbox;

/**
 * Faults a sandbox injects, settable at run time through {@code /sandbox/{woo|nxt}/_faults}.
 *
 * @param latencyMs      added to every request
 * @param readLatencyMs  added to GET requests
 * @param batchLatencyMs added to {@code /batch} requests
 * @param errorRate      share of requests (0..1) answered with {@code errorStatus}
 * @param errorStatus    500, 502 or 503
 * @param rateLimitRate  share of requests (0..1) answered 429 with {@code Retry-After: retryAfterSeconds}
 * @param outage         when true every request fails with 503 (a down system)
 * @param refuseCredentials when true every request is refused 401 (a revoked key or token)
 */
public record FaultSettings(long latencyMs, long readLatencyMs, long batchLatencyMs, double errorRate,
                            int errorStatus, double rateLimitRate, int retryAfterSeconds, boolean outage,
                            boolean refuseCredentials) {

    public static final FaultSettings NONE = new FaultSettings(0, 0, 0, 0, 500, 0, 1, false, false);

    public FaultSettings(long latencyMs, long readLatencyMs, long batchLatencyMs, double errorRate, int errorStatus,
                         double rateLimitRate, int retryAfterSeconds, boolean outage) {
        this(latencyMs, readLatencyMs, batchLatencyMs, errorRate, errorStatus, rateLimitRate, retryAfterSeconds,
                outage, false);
    }

    public FaultSettings {
        if (errorRate < 0 || errorRate > 1 || rateLimitRate < 0 || rateLimitRate > 1) {
            throw new IllegalArgumentException("errorRate and rateLimitRate must be between 0 and 1");
        }
        if (errorStatus == 0) {
            errorStatus = 500;
        }
        if (errorStatus != 500 && errorStatus != 502 && errorStatus != 503) {
            throw new IllegalArgumentException("errorStatus must be 500, 502 or 503");
        }
        if (latencyMs < 0 || readLatencyMs < 0 || batchLatencyMs < 0 || retryAfterSeconds < 0) {
            throw new IllegalArgumentException("latencies and retryAfterSeconds must be >= 0");
        }
    }
}
