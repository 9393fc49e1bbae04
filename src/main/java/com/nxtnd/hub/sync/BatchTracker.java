package com.nxtnd.hub.sync;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Counts writes handed to the batch writer and those it has finished, so a run can wait for its own. */
public class BatchTracker {

    private final AtomicLong sent = new AtomicLong();
    private final int batchSize;

    /** @param batchSize items per WooCommerce /batch call for this run; 0 = the configured default */
    public BatchTracker(int batchSize) {
        this.batchSize = batchSize;
    }

    public int batchSize() {
        return batchSize;
    }
    private final AtomicLong finished = new AtomicLong();

    private volatile RuntimeException peerUnavailable;

    /** A call failed because WooCommerce was unavailable: the run stops and is resumed later, nothing is lost. */
    public void peerUnavailable(RuntimeException e) {
        peerUnavailable = e;
    }

    /** The failure that stopped the run's writes, if any. */
    public RuntimeException peerFailure() {
        return peerUnavailable;
    }

    public void sent() {
        sent.incrementAndGet();
    }

    public synchronized void finished() {
        finished.incrementAndGet();
        notifyAll();
    }

    /** Waits until every write sent so far is finished; false when {@code limit} passed first. */
    public synchronized boolean awaitAll(Duration limit) throws InterruptedException {
        long deadline = System.currentTimeMillis() + limit.toMillis();
        while (finished.get() < sent.get()) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(Math.min(left, 200));
        }
        return true;
    }
}
