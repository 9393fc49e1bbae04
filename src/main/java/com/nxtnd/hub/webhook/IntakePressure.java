package com.nxtnd.hub.webhook;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * How fast deliveries are arriving: the count of the last whole second. While it is at or above
 * {@code hub.webhooks.flood-rate}, the inbox steps back (see {@link InboxClaimer}) so that answering WooCommerce comes
 * first: a delivery answered late may be lost for good (WooCommerce never re-sends), one processed late is only late.
 */
@Component
public class IntakePressure {

    private final int floodRate;
    private final LongSupplier clock;
    private final AtomicLong second = new AtomicLong();
    private final AtomicLong inSecond = new AtomicLong();
    private volatile long lastSecondCount;

    @Autowired
    public IntakePressure(WebhookProperties properties) {
        this(properties.floodRate(), System::currentTimeMillis);
    }

    IntakePressure(int floodRate, LongSupplier clock) {
        this.floodRate = floodRate;
        this.clock = clock;
    }

    /** One delivery received. */
    public void received() {
        roll(clock.getAsLong() / 1000).incrementAndGet();
    }

    /** Whether the last whole second brought at least flood-rate deliveries (never, when flood-rate is 0). */
    public boolean flooded() {
        long now = clock.getAsLong() / 1000;
        roll(now);
        return floodRate > 0 && lastSecondCount >= floodRate;
    }

    private AtomicLong roll(long now) {
        long current = second.get();
        if (now != current && second.compareAndSet(current, now)) {
            long count = inSecond.getAndSet(0);
            lastSecondCount = now == current + 1 ? count : 0; // a quiet second in between: no flood
        }
        return inSecond;
    }
}
