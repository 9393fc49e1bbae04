package com.nxtnd.hub.sync;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The writes one call of route woo-batch-writer hands to its aggregator, counted down as their /batch calls settle
 * (saved, refused or failed), so that the call returns only when all of them are written. The calls run on the
 * aggregator's threads (wooBatchThreads), as the pull's batches are: with the calls in the thread that completed a
 * group (a nested split into an aggregator), Camel 4.17 chained each page's callbacks to the last one's and kept
 * every record of a pull alive to its end (OutOfMemoryError pulling 100,000 products at -Xmx256m).
 */
public final class PageWrites {

    private final CountDownLatch left;
    private volatile RuntimeException failure;

    PageWrites(int writes) {
        this.left = new CountDownLatch(writes);
    }

    void settled(int writes) {
        for (int i = 0; i < writes; i++) {
            left.countDown();
        }
    }

    /** A group's call or outcomes failed outside what WooCommerce answered per item: the waiting caller throws it. */
    void failed(RuntimeException e, int writes) {
        if (failure == null) {
            failure = e;
        }
        settled(writes);
    }

    void await(Duration atMost) throws InterruptedException {
        if (!left.await(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("The WooCommerce writes of a page were not settled within "
                    + atMost.toSeconds() + " s");
        }
        if (failure != null) {
            throw failure;
        }
    }
}
