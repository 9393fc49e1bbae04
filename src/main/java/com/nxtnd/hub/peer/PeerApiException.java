package com.nxtnd.hub.peer;

/**
 * An error answer from WooCommerce or NXT-ND, or no answer at all (status 0): what retries, breakers and error
 * records need to know about it. Messages never carry credentials (see {@link Redaction}).
 */
public abstract class PeerApiException extends RuntimeException implements RetryPolicy.RetryAfter {

    /** Code of a status-0 failure where the connection was never made: the request surely did not arrive. */
    public static final String CONNECT_FAILED = "connect_failed";

    private final int status;
    private final String code;
    private final long retryAfterSeconds;
    private volatile int attempts = 1;

    protected PeerApiException(String system, int status, String code, String message, long retryAfterSeconds,
                               Throwable cause) {
        super(system + " " + (status > 0 ? status + " " : "") + (code == null ? "" : code + ": ") + message, cause);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    @Override
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** HTTP attempts made for the call that ended in this exception (retries included). */
    public int attempts() {
        return attempts;
    }

    void attempts(int attempts) {
        this.attempts = attempts;
    }

    /** No answer, 429, 500, 502, 503 or 504: worth another attempt later. */
    public boolean isTransient() {
        return status == 0 || status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }

    /** The peer did not act on the request (never connected, rate limited, unavailable): safe to send again. */
    public boolean surelyNotProcessed() {
        return (status == 0 && CONNECT_FAILED.equals(code)) || status == 429 || status == 503;
    }

    public boolean isAuthFailure() {
        return status == 401 || status == 403;
    }

    public boolean isRateLimited() {
        return status == 429;
    }

    /**
     * No answer or a 5xx, not a 429 (which is pacing, and says the peer is up): what a circuit breaker counts as a
     * failure (PeerGuard's breakers, and through {@link PeerUnavailableException} the ones routes/ declares).
     */
    public boolean isPeerUnwell() {
        return isTransient() && !isRateLimited();
    }

    /**
     * 400: the peer refused the request's data (WooCommerce: a duplicated SKU, an e-mail another customer has, an
     * unknown id; NXT-ND: validation). Sending the same again cannot succeed until a person changes one side, unlike a
     * 409 (stale version) or a 422 (a business rule such as stock, which may hold later).
     */
    public boolean isRefusedData() {
        return status == 400;
    }

    /** A Retry-After header in seconds (an unreadable or HTTP-date one counts as 1 s), 0 when absent. */
    public static long retryAfter(java.net.http.HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(value -> {
            try {
                return Math.max(0, Long.parseLong(value.trim()));
            } catch (NumberFormatException e) {
                return 1L;
            }
        }).orElse(0L);
    }
}
