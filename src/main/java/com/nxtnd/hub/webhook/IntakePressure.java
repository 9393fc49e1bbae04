package com.nxtnd.hub.webhook;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Whether the hub is behind on answering deliveries: how long, on average over the last whole second, a delivery
 * waited between arriving and the intake getting to it. At {@code hub.webhooks.busy-wait} or more the inbox steps back
 * (see {@link InboxClaimer}) so that answering WooCommerce comes first: a delivery answered late may be lost for good
 * (WooCommerce never re-sends and disables a failing webhook), one processed late is only late. A wait rather than a
 * rate, so that a machine that keeps up with a high rate is not slowed down for it.
 */
@Component
public class IntakePressure {

    private final long busyWaitNanos;
    private final LongSupplier millis;
    private final AtomicLong second = new AtomicLong();
    private final AtomicLong deliveries = new AtomicLong();
    private final AtomicLong waitedNanos = new AtomicLong();
    private volatile long lastSecondAverageNanos;

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
        roll(millis.getAsLong() / 1000);
        waitedNanos.addAndGet(Math.max(0, nanos));
        deliveries.incrementAndGet();
    }

    /** Whether deliveries waited busy-wait or longer on average in the last whole second (never when it is 0). */
    public boolean busy() {
        roll(millis.getAsLong() / 1000);
        return busyWaitNanos > 0 && lastSecondAverageNanos >= busyWaitNanos;
    }

    /** The last whole second's average wait, ms. */
    public double averageWaitMillis() {
        return lastSecondAverageNanos / 1e6;
    }

    private void roll(long now) {
        long current = second.get();
        if (now != current && second.compareAndSet(current, now)) {
            long count = deliveries.getAndSet(0);
            long waited = waitedNanos.getAndSet(0);
            // a second without deliveries in between: not busy
            lastSecondAverageNanos = now == current + 1 && count > 0 ? waited / count : 0;
        }
    }
}
