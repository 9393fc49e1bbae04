package com.nxtnd.hub.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/** A small HTTP load driver: closed loop (N clients back to back) or open loop (a fixed rate). */
final class Load {

    private Load() {
    }

    /** What a load run saw: latency of each answered request (ns), answers by class, wall time. */
    record Outcome(long[] latencies, int ok, int failed, long wallNanos) {
        double perSecond() {
            return ok / (wallNanos / 1e9);
        }

        double percentileMs(double p) {
            if (latencies.length == 0) {
                return 0;
            }
            int i = (int) Math.ceil(p / 100.0 * latencies.length) - 1;
            return latencies[Math.max(0, Math.min(latencies.length - 1, i))] / 1e6;
        }
    }

    static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** {@code clients} threads each sending the next request as soon as the last one was answered. */
    static Outcome closed(HttpClient http, List<HttpRequest> requests, int clients) throws InterruptedException {
        long[] latencies = new long[requests.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            pool.execute(() -> {
                for (int i = next.getAndIncrement(); i < requests.size(); i = next.getAndIncrement()) {
                    long t = System.nanoTime();
                    try {
                        HttpResponse<Void> r = http.send(requests.get(i), HttpResponse.BodyHandlers.discarding());
                        latencies[i] = System.nanoTime() - t;
                        (r.statusCode() == 200 ? ok : failed).incrementAndGet();
                    } catch (Exception e) {
                        latencies[i] = -1;
                        failed.incrementAndGet();
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        return outcome(latencies, ok.get(), failed.get(), System.nanoTime() - started);
    }

    /** One request every 1/rate s whatever the answers do (latency counted from the planned send time). */
    static Outcome paced(HttpClient http, List<HttpRequest> requests, double perSecond) {
        long[] latencies = new long[requests.size()];
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        CompletableFuture<?>[] all = new CompletableFuture<?>[requests.size()];
        long started = System.nanoTime();
        long interval = (long) (1e9 / perSecond);
        for (int i = 0; i < requests.size(); i++) {
            long planned = started + i * interval;
            long wait = planned - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int index = i;
            all[i] = http.sendAsync(requests.get(i), HttpResponse.BodyHandlers.discarding()).handle((r, e) -> {
                latencies[index] = System.nanoTime() - planned;
                if (e == null && r.statusCode() == 200) {
                    ok.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
                return null;
            });
        }
        CompletableFuture.allOf(all).join();
        return outcome(latencies, ok.get(), failed.get(), System.nanoTime() - started);
    }

    private static Outcome outcome(long[] latencies, int ok, int failed, long wall) {
        long[] answered = Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();
        return new Outcome(answered, ok, failed, wall);
    }
}
