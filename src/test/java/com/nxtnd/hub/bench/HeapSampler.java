package com.nxtnd.hub.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Samples the hub's heap (actuator) a few times a second while a benchmark runs: in use (garbage included: its peak
 * says how close the run came to -Xmx), and every few seconds live (after a full collection, Peers.liveHeapAfterGc:
 * what the hub keeps, flat when it streams).
 */
final class HeapSampler implements AutoCloseable {

    record Sample(long atMs, long bytes, long liveBytes) {
    }

    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private final long started = System.currentTimeMillis();

    private static long liveOrZero(Peers peers) {
        try {
            return peers.liveHeapAfterGc();
        } catch (RuntimeException e) {
            // hub busy, or started without hub.bench.enabled (no route bench-live-heap): the heap in use is still taken
            return 0;
        }
    }

    /**
     * @param liveEveryMs how often the live heap is taken: after a full collection (Peers.liveHeapAfterGc), which
     *                    stops the hub for a moment, so a few times a quarter rather than every sample
     */
    HeapSampler(Peers peers, long everyMs, long liveEveryMs) {
        thread = new Thread(() -> {
            long liveAt = 0;
            while (running) {
                try {
                    long used = peers.heapUsed();
                    long live = 0; // not taken this time
                    if (System.currentTimeMillis() - liveAt >= liveEveryMs) {
                        liveAt = System.currentTimeMillis();
                        live = liveOrZero(peers);
                    }
                    synchronized (samples) {
                        samples.add(new Sample(System.currentTimeMillis() - started, used, live));
                    }
                    Thread.sleep(everyMs);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // hub busy or restarting: skip this sample
                }
            }
        }, "heap-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    long peak() {
        return samples().stream().mapToLong(Sample::bytes).max().orElse(0);
    }

    /** Highest heap in use in each quarter of the run so far. */
    long[] quarterPeaks() {
        return quarterPeaks(Sample::bytes);
    }

    /** Highest live heap (after a full collection) in each quarter of the run so far. */
    long[] liveQuarterPeaks() {
        return quarterPeaks(Sample::liveBytes);
    }

    /** The live heap of the last quarter at most 1.2 times that of the second (the first is still warming up). */
    boolean flat() {
        long[] q = liveQuarterPeaks();
        return q[1] > 0 && q[3] <= 1.2 * q[1];
    }

    private long[] quarterPeaks(java.util.function.ToLongFunction<Sample> value) {
        List<Sample> s = samples();
        long[] q = new long[4];
        if (s.isEmpty()) {
            return q;
        }
        long end = s.get(s.size() - 1).atMs() + 1;
        for (Sample x : s) {
            int i = (int) Math.min(3, x.atMs() * 4 / end);
            q[i] = Math.max(q[i], value.applyAsLong(x));
        }
        return q;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
