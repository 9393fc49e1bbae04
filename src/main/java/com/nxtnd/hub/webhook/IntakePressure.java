package com.nxtnd.hub.webhook;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Whether the hub is behind on answering deliveries: how long, on average over a quarter of a second, a delivery
 * waited between arriving and the intake getting to it. Once a quarter averages {@code hub.webhooks.busy-wait} or more,
 * the hub counts as busy for the next two seconds, and the inbox steps back (see {@link InboxClaimer}) so that
 * answering WooCommerce comes first: a delivery answered late may be lost for good (WooCommerce never re-sends and
 * disables a failing webhook), one processed late is only late. A wait rather than a rate, so that a machine that keeps
 * up with a high rate is not slowed down for it; short windows and a hold, so that the inbox does not take the CPU back
 * the moment answers are quick again and make them wait once more.
 */
@Component
public class IntakePressure {

    static final long WINDOW_MS = 250;
    static final long HOLD_MS = 2_000;

    private final long busyWaitNanos;
    private final LongSupplier millis;
    private final AtomicLong window = new AtomicLong();
    private final AtomicLong deliveries = new AtomicLong();
    private final AtomicLong waitedNanos = new AtomicLong();
    private volatile long lastWindowAverageNanos;
    private volatile long lastBusyWindow = -1;

    @Autowired
    public IntakePressure(WebhookProperties properties) {
        this(properties.busyWait(), System::currentTimeMillis);
    }

    IntakePressure(Duration busyWait, LongSupplier millis) {
        this.busyWaitNanos = busyWait.toNanos();
        this.millis = millis;
    }

    /** One delivery, which waited {@code nanos} between arriving and the intake getting to it. */
    public void received(long nanos) {
        roll(millis.getAsLong() / WINDOW_MS);
        waitedNanos.addAndGet(Math.max(0, nanos));
        deliveries.incrementAndGet();
    }

    /** Whether a window in the last two seconds averaged busy-wait or more (never when busy-wait is 0). */
    public boolean busy() {
        long now = millis.getAsLong() / WINDOW_MS;
        roll(now);
        return lastBusyWindow >= 0 && (now - lastBusyWindow) * WINDOW_MS <= HOLD_MS;
    }

    /** The last whole window's average wait, ms. */
    public double averageWaitMillis() {
        return lastWindowAverageNanos / 1e6;
    }

    private void roll(long now) {
        long current = window.get();
        if (now != current && window.compareAndSet(current, now)) {
            long count = deliveries.getAndSet(0);
            long waited = waitedNanos.getAndSet(0);
            // a window without deliveries in between: no wait
            lastWindowAverageNanos = now == current + 1 && count > 0 ? waited / count : 0;
            if (busyWaitNanos > 0 && lastWindowAverageNanos >= busyWaitNanos) {
                lastBusyWindow = now;
            }
        }
    }
}
