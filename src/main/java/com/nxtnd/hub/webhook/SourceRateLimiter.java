package com.nxtnd.hub.webhook;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Fixed-window counter per source IP. */
final class SourceRateLimiter {

    private record Window(long start, AtomicInteger count) {
    }

    private final long windowMs;
    private final int max;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    SourceRateLimiter(Duration window, int max) {
        this.windowMs = Math.max(1, window.toMillis());
        this.max = max;
    }

    /** 0 when allowed, else the seconds until the window resets. */
    long acquire(String ip) {
        long now = System.currentTimeMillis();
        long start = now - now % windowMs;
        Window w = windows.compute(ip, (k, old) -> old == null || old.start() != start ? new Window(start, new AtomicInteger()) : old);
        if (windows.size() > 10_000) {
            windows.entrySet().removeIf(e -> e.getValue().start() != start);
        }
        if (w.count().incrementAndGet() <= max) {
            return 0;
        }
        return Math.max(1, (start + windowMs - now + 999) / 1000);
    }
}
