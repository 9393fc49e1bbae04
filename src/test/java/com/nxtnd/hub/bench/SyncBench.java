package com.nxtnd.hub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Benchmarks 2-4, full sync: N products (and customers) pulled WooCommerce -> NXT-ND, then every one of them changed
 * in NXT-ND and pushed back. Counts the HTTP calls each sandbox received against the minimum (one per page or batch
 * of 100) and samples the hub's heap. The reference is the physical limit: this driver copying the same records
 * itself with the minimum calls (same concurrency), no hub in between.
 */
final class SyncBench {

    /**
     * @param readLatencyMs  WooCommerce sandbox latency per GET; @param batchLatencyMs per /batch call
     * @param concurrency    hub.sync.concurrency the hub runs with (WooCommerce batches in flight)
     * @param warmUp         a dry run of the same pull, and of the same push, before each is timed: the hub is a fresh
     *                       JVM, and during a cold run its JIT compiler threads were busy for about as long as the run
     *                       (JFR: 20 s of C2 compilations over 100 ms each in a 39 s sync; /proc: the compiler threads'
     *                       CPU of the same order as the other threads'), work done once per start and not per record.
     *                       A dry run maps and plans every record and writes nothing.
     */
    record Params(String name, String title, int products, int customers, long readLatencyMs, long batchLatencyMs,
                  int concurrency, boolean measureReference, boolean warmUp) {
    }

    private SyncBench() {
    }

    static long pages(long n) {
        return (n + 99) / 100;
    }

    static BenchReport run(Peers peers, Params p) throws Exception {
        BenchReport report = new BenchReport(p.name(), p.title());
        report.params().put("products", p.products()).put("customers", p.customers())
                .put("wooReadLatencyMs", p.readLatencyMs()).put("wooBatchLatencyMs", p.batchLatencyMs())
                .put("concurrency", p.concurrency()).put("batchSize", 100);
        List<String> entities = p.customers() > 0 ? List.of("product", "customer") : List.of("product");
        long records = p.products() + p.customers();
        long minimum = pages(p.products()) + pages(p.customers());

        peers.clearFaults();
        peers.seed(p.products(), p.customers(), 0, 0);
        Map<String, Object> latency = Map.of("readLatencyMs", p.readLatencyMs(), "batchLatencyMs", p.batchLatencyMs());
        peers.faults("woo", latency);

        double warmPullSeconds = p.warmUp() ? dryRun(peers, "pull", entities) : 0;
        // the live heap after a full collection: every 4 s in a 20 s sync; every 15 s in a 100,000-record run at
        // -Xmx256m, where one every 4 s made its push take 109 s against 74 to 85 (jcmd every 15 s did not)
        long liveEveryMs = p.products() + p.customers() >= 50_000 ? 15_000 : 4_000;
        try (HeapSampler heap = new HeapSampler(peers, 250, liveEveryMs)) {
            // pull: WooCommerce -> NXT-ND (creates)
            peers.resetCalls();
            long t = System.nanoTime();
            JsonNode pull = peers.sync(Map.of("direction", "pull", "entityTypes", entities, "batchSize", 100));
            double pullSeconds = (System.nanoTime() - t) / 1e9;
            Map<String, Long> pullWoo = peers.calls("woo");
            Map<String, Long> pullNxt = peers.calls("nxt");

            // every record changed in NXT-ND (driver, not measured), then pushed back: NXT-ND -> WooCommerce (updates)
            peers.touchNxt("products", 100);
            if (p.customers() > 0) {
                peers.touchNxt("customers", 0);
            }
            double warmPushSeconds = p.warmUp() ? dryRun(peers, "push", entities) : 0;
            peers.resetCalls();
            t = System.nanoTime();
            JsonNode push = peers.sync(Map.of("direction", "push", "entityTypes", entities, "batchSize", 100));
            double pushSeconds = (System.nanoTime() - t) / 1e9;
            Map<String, Long> pushWoo = peers.calls("woo");
            Map<String, Long> pushNxt = peers.calls("nxt");
            heap.close();

            // reference: the same copy done by this driver with the minimum calls
            double[] ref = p.measureReference() ? reference(peers, p) : new double[] {0, 0};
            peers.clearFaults();

            long pulled = count(pull, "pull", "created") + count(pull, "pull", "updated");
            long pushed = count(push, "push", "updated") + count(push, "push", "created");
            long errors = count(pull, "pull", "errors") + count(push, "push", "errors")
                    + count(pull, "pull", "conflicts") + count(push, "push", "conflicts");
            double pullRate = records / pullSeconds;
            double pushRate = records / pushSeconds;
            double overall = 2 * records / (pullSeconds + pushSeconds);
            double refOverall = ref[0] + ref[1] == 0 ? 0 : 2 * records / (ref[0] + ref[1]);
            long wooPull = sum(pullWoo);
            long nxtPull = sum(pullNxt);
            long wooPush = sum(pushWoo);
            long nxtPush = sum(pushNxt);
            boolean complete = pulled == records && pushed == records && errors == 0
                    && "completed".equals(pull.path("status").asText()) && "completed".equals(push.path("status").asText());

            ObjectNode m = report.metrics();
            m.put("records", records).put("pullSeconds", pullSeconds).put("pushSeconds", pushSeconds)
                    .put("pullRecordsPerSecond", pullRate).put("pushRecordsPerSecond", pushRate)
                    .put("recordsPerSecond", overall).put("referencePullSeconds", ref[0])
                    .put("referencePushSeconds", ref[1]).put("referenceRecordsPerSecond", refOverall)
                    .put("pulled", pulled).put("pushed", pushed).put("errorsOrConflicts", errors)
                    .put("minimumCallsPerSide", minimum).put("peakHeapBytes", heap.peak())
                    .put("warmUpDryRunPullSeconds", warmPullSeconds).put("warmUpDryRunPushSeconds", warmPushSeconds);
            m.set("pullCallsWoo", Peers.JSON.valueToTree(pullWoo));
            m.set("pullCallsNxt", Peers.JSON.valueToTree(pullNxt));
            m.set("pushCallsWoo", Peers.JSON.valueToTree(pushWoo));
            m.set("pushCallsNxt", Peers.JSON.valueToTree(pushNxt));
            m.set("heapQuarterPeaksBytes", Peers.JSON.valueToTree(heap.quarterPeaks()));
            m.set("liveHeapQuarterPeaksBytes", Peers.JSON.valueToTree(heap.liveQuarterPeaks()));
            m.put("liveHeapFlat", heap.flat());
            m.set("pullCounts", pull.path("counts"));
            m.set("pushCounts", push.path("counts"));

            boolean noLatency = p.readLatencyMs() + p.batchLatencyMs() == 0; // rate targets without latency, the bound with it
            report.row("records/s, pull + push (" + records + " records each way)", BenchReport.f(overall),
                    refOverall == 0 ? "" : BenchReport.f(refOverall), BenchReport.ratio(overall, refOverall),
                    noLatency ? ">= 1,000" : "", noLatency ? overall >= 1000 : null);
            if (refOverall > 0 && noLatency) {
                report.row("records/s against the driver's own copy", BenchReport.f(overall), BenchReport.f(refOverall),
                        BenchReport.ratio(overall, refOverall), ">= 0.5 x the driver", overall >= 0.5 * refOverall);
            }
            report.row("pull: seconds, records/s", String.format("%.1f s, %s/s", pullSeconds, BenchReport.f(pullRate)),
                    ref[0] == 0 ? "" : String.format("%.1f s", ref[0]), BenchReport.ratio(pullSeconds, ref[0]), "", null);
            report.row("push: seconds, records/s", String.format("%.1f s, %s/s", pushSeconds, BenchReport.f(pushRate)),
                    ref[1] == 0 ? "" : String.format("%.1f s", ref[1]), BenchReport.ratio(pushSeconds, ref[1]), "", null);
            if (p.warmUp()) {
                report.row("warm-up before each: dry-run pull, push (s)", String.format("%.1f s, %.1f s",
                        warmPullSeconds, warmPushSeconds), "", "", "", null);
            }
            callRow(report, "pull, WooCommerce calls", wooPull, minimum);
            callRow(report, "pull, NXT-ND calls", nxtPull, minimum);
            callRow(report, "push, NXT-ND calls", nxtPush, minimum);
            callRow(report, "push, WooCommerce calls", wooPush, minimum);
            report.row("every record pulled and pushed, no errors", pulled + " + " + pushed + " of " + records
                    + " each, " + errors + " errors", "", "", "all", complete);
            report.row("peak heap", BenchReport.mb(heap.peak()), "", "", "", null);
            long[] q = heap.quarterPeaks();
            report.row("heap peak per quarter of the run", String.format("%s / %s / %s / %s", BenchReport.mb(q[0]),
                    BenchReport.mb(q[1]), BenchReport.mb(q[2]), BenchReport.mb(q[3])));
            long[] live = heap.liveQuarterPeaks();
            report.row("live heap after GC, peak per quarter", String.format("%s / %s / %s / %s", BenchReport.mb(live[0]),
                    BenchReport.mb(live[1]), BenchReport.mb(live[2]), BenchReport.mb(live[3])), "", "",
                    "flat: last <= 1.2 x second", heap.flat());
            if (!noLatency) {
                latencyBound(report, p, pullWoo, pushWoo, pullSeconds, pushSeconds);
            }
            return report;
        }
    }

    private static void callRow(BenchReport report, String what, long calls, long minimum) {
        report.row(what + " (minimum " + minimum + ")", Long.toString(calls), Long.toString(minimum),
                BenchReport.ratio(calls, minimum), "<= 1.05 x minimum", calls <= 1.05 * minimum);
    }

    /** Benchmark 3: wall time against calls x latency / concurrency (reads one at a time, batches concurrency at once). */
    private static void latencyBound(BenchReport report, Params p, Map<String, Long> pullWoo, Map<String, Long> pushWoo,
                                     double pullSeconds, double pushSeconds) {
        long reads = pullWoo.entrySet().stream().filter(e -> e.getKey().startsWith("GET")).mapToLong(Map.Entry::getValue).sum()
                + pushWoo.entrySet().stream().filter(e -> e.getKey().startsWith("GET")).mapToLong(Map.Entry::getValue).sum();
        long batches = pushWoo.entrySet().stream().filter(e -> e.getKey().endsWith("/batch")).mapToLong(Map.Entry::getValue).sum();
        double readBound = reads * p.readLatencyMs() / 1000.0;            // the hub reads pages one after another
        double batchBound = batches * p.batchLatencyMs() / 1000.0 / p.concurrency();
        double bound = readBound + batchBound;
        double wall = pullSeconds + pushSeconds;
        double allParallel = (reads * p.readLatencyMs() + batches * p.batchLatencyMs()) / 1000.0 / p.concurrency();
        report.metrics().put("wooReads", reads).put("wooBatches", batches).put("boundSeconds", bound)
                .put("boundAllParallelSeconds", allParallel).put("wallSeconds", wall);
        report.row(String.format("wall time vs bound (%d reads x %d ms / 1 + %d batches x %d ms / %d)", reads,
                        p.readLatencyMs(), batches, p.batchLatencyMs(), p.concurrency()), String.format("%.1f s", wall),
                String.format("%.1f s", bound), BenchReport.ratio(wall, bound), "<= 1.2 x bound", wall <= 1.2 * bound);
        report.row("wall time vs bound with reads in parallel too (/" + p.concurrency() + ")",
                String.format("%.1f s", wall), String.format("%.1f s", allParallel), BenchReport.ratio(wall, allParallel),
                "<= 1.1 x", wall <= 1.1 * allParallel);
    }

    /** A dry run of the whole sync in this direction (maps and plans, writes nothing); its seconds. */
    private static double dryRun(Peers peers, String direction, List<String> entities) {
        long t = System.nanoTime();
        JsonNode run = peers.sync(Map.of("direction", direction, "entityTypes", entities, "batchSize", 100,
                "dryRun", true));
        if (!"completed".equals(run.path("status").asText())) {
            throw new IllegalStateException("warm-up dry run " + direction + " did not complete: " + run);
        }
        return (System.nanoTime() - t) / 1e9;
    }

    /**
     * The physical limit: read the same pages and write the same batches directly (pull: WooCommerce pages into NXT-ND
     * batch upserts, one after another as the hub does; push: NXT-ND pages into WooCommerce /batch updates,
     * {@code concurrency} in flight). Returns {pullSeconds, pushSeconds}.
     */
    static double[] reference(Peers peers, Params p) throws Exception {
        long t = System.nanoTime();
        copyWooToNxt(peers, "products", p.products());
        copyWooToNxt(peers, "customers", p.customers());
        double pull = (System.nanoTime() - t) / 1e9;
        ExecutorService inFlight = Executors.newFixedThreadPool(p.concurrency());
        t = System.nanoTime();
        try {
            List<Future<?>> writes = new ArrayList<>();
            copyNxtToWoo(peers, "products", p.products(), inFlight, writes);
            copyNxtToWoo(peers, "customers", p.customers(), inFlight, writes);
            for (Future<?> w : writes) {
                w.get();
            }
        } finally {
            inFlight.shutdown();
        }
        return new double[] {pull, (System.nanoTime() - t) / 1e9};
    }

    private static void copyWooToNxt(Peers peers, String resource, int count) {
        for (int page = 1; page <= pages(count); page++) {
            JsonNode items = peers.woo("GET", resource + "?per_page=100&orderby=id&order=asc&page=" + page, null);
            List<JsonNode> upserts = new ArrayList<>();
            for (JsonNode w : items) {
                ObjectNode r = Peers.JSON.createObjectNode();
                if ("products".equals(resource)) {
                    r.put("sku", w.path("sku").asText()).put("name", w.path("name").asText())
                            .put("unitPrice", w.path("regular_price").asText());
                } else {
                    r.put("customerCode", "WC" + w.path("id").asLong()).put("email", w.path("email").asText())
                            .put("firstName", w.path("first_name").asText()).put("lastName", w.path("last_name").asText());
                }
                upserts.add(r);
            }
            peers.upsertNxt(resource, upserts);
        }
    }

    private static void copyNxtToWoo(Peers peers, String entity, int count, ExecutorService inFlight,
                                     List<Future<?>> writes) {
        for (int page = 1; page <= pages(count); page++) {
            JsonNode items = peers.nxt("GET", "/" + entity + "?pageSize=100&page=" + page, null).path("data");
            ObjectNode batch = Peers.JSON.createObjectNode();
            var update = batch.putArray("update");
            for (JsonNode n : items) {
                long wooId = n.path("metadata").path("wooId").asLong();
                if ("products".equals(entity)) {
                    update.addObject().put("id", wooId).put("regular_price", n.path("unitPrice").asText());
                } else {
                    update.addObject().put("id", wooId).put("last_name", n.path("lastName").asText());
                }
            }
            writes.add(inFlight.submit(() -> peers.woo("POST", entity + "/batch", batch)));
        }
    }

    static long count(JsonNode result, String direction, String what) {
        long n = 0;
        for (JsonNode entity : result.path("counts")) {
            n += entity.path(direction).path(what).asLong();
        }
        return n;
    }

    static long sum(Map<String, Long> calls) {
        return calls.values().stream().mapToLong(Long::longValue).sum();
    }

    static Map<String, Long> only(Map<String, Long> calls, String contains) {
        Map<String, Long> out = new LinkedHashMap<>();
        calls.forEach((k, v) -> {
            if (k.contains(contains)) {
                out.put(k, v);
            }
        });
        return out;
    }
}
