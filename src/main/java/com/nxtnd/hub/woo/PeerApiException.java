package com.nxtnd.hub.woo;

/**
 * An error answer from WooCommerce or NXT-ND, or no answer at all (status 0): what retries, breakers and error
 * records need to know about it.
 */
public abstract class PeerApiException extends RuntimeException implements RetryPolicy.RetryAfter {

    private final int status;
    private final String code;
    private final long retryAfterSeconds;

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

    /** No answer, 5xx or 429: worth another attempt later. */
    public boolean isTransient() {
        return status == 0 || status == 429 || status >= 500;
    }

    public boolean isAuthFailure() {
        return status == 401 || status == 403;
    }

    public boolean isRateLimited() {
        return status == 429;
    }

    /** A Retry-After header in seconds (an unreadable one counts as 1 s). */
    public static long retryAfter(java.net.http.HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(value -> {
            try {
                return Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                return 1L;
            }
        }).orElse(0L);
    }
}
