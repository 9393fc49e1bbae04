package com.nxtnd.hub.peer;

import java.time.Duration;
import org.springframework.boot.convert.DurationStyle;

/**
 * A call's timeout as a route file names it ({@code '{{nxt.read-timeout:30s}}'}, or a value an operator wrote in its
 * place): {@code 30s}, {@code 2m}, ISO {@code PT30S}, or a plain number of milliseconds, as application.yml takes it.
 */
public final class CallTimeout {

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
}
