package com.nxtnd.hub.bench;

import java.util.ArrayList;
import java.util.List;

/** Samples the hub's heap in use (actuator) a few times a second while a benchmark runs. */
final class HeapSampler implements AutoCloseable {

    record Sample(long atMs, long bytes) {
    }

    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private final long started = System.currentTimeMillis();

    HeapSampler(Peers peers, long everyMs) {
        thread = new Thread(() -> {
            while (running) {
                try {
                    long used = peers.heapUsed();
                    synchronized (samples) {
                        samples.add(new Sample(System.currentTimeMillis() - started, used));
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

    /** Highest sample in each quarter of the run so far. */
    long[] quarterPeaks() {
        List<Sample> s = samples();
        long[] q = new long[4];
        if (s.isEmpty()) {
            return q;
        }
        long end = s.get(s.size() - 1).atMs() + 1;
        for (Sample x : s) {
            int i = (int) Math.min(3, x.atMs() * 4 / end);
            q[i] = Math.max(q[i], x.bytes());
        }
        return q;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
