package com.nxtnd.hub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Benchmark 5, fault drill: a queued full sync (both ways, products, customers, stock) while both sandboxes answer
 * 20% of calls with 500; in the middle the hub is killed with SIGKILL and started again on the same database. The
 * reference is the same faulted sync without the kill, on a fresh hub; time lost is the difference.
 */
final class FaultDrill {

    /** How the drill controls the hub: a fresh one, a kill -9, a restart on the same database. */
    interface HubControl {
        Peers peers();

        /** A new hub with an empty database (the reference and the drill start alike). */
        void fresh() throws Exception;

        /** SIGKILL, then start again on the same database; false when this hub cannot be killed (in-process). */
        boolean killAndRestart() throws Exception;
    }

    record Params(int products, int customers, double errorRate, double killAtProgress, long timeoutMs) {
        static Params full() {
            return new Params(2_000, 2_000, 0.2, 40, 1_800_000);
        }

        static Params smoke() {
            return new Params(120, 60, 0.2, 40, 300_000);
        }
    }

    private FaultDrill() {
    }

    static BenchReport run(HubControl hub, Params p, boolean kill) throws Exception {
        BenchReport report = new BenchReport("fault-drill", "Fault drill: 20% injected 500s and kill -9 mid-sync");
        report.params().put("wooProducts", p.products()).put("wooCustomers", p.customers())
                .put("nxtProducts", p.products() / 2).put("nxtCustomers", p.customers() / 2)
                .put("errorRate", p.errorRate()).put("errorStatus", 500).put("killAtProgressPercent", p.killAtProgress());

        // reference: the same faulted sync, not interrupted
        Run ref = once(hub, p, false);
        Run drill = null;
        if (kill) {
            hub.fresh();
            drill = once(hub, p, true);
        }
        Run shown = drill == null ? ref : drill;
        report.metrics().put("referenceSeconds", ref.seconds).put("referenceJobStatus", ref.status);
        report.metrics().set("referenceEndState", Peers.JSON.valueToTree(ref.state.asMap()));
        report.metrics().set("referenceCounts", ref.counts);
        if (drill != null) {
            report.metrics().put("drillSeconds", drill.seconds).put("drillJobStatus", drill.status)
                    .put("killedAtSeconds", drill.killedAt).put("killedAtProgress", drill.killedAtProgress)
                    .put("restartSeconds", drill.restartSeconds).put("resumedAfterSeconds", drill.resumedAfter)
                    .put("timeLostSeconds", drill.seconds - ref.seconds);
            report.metrics().set("drillEndState", Peers.JSON.valueToTree(drill.state.asMap()));
            report.metrics().set("drillCounts", drill.counts);
        }
        report.row("sync job status", shown.status, ref.status, "", "completed", "completed".equals(shown.status));
        report.row("end state differences between the sides", Long.toString(shown.state.differenceCount),
                Long.toString(ref.state.differenceCount), "", "0", shown.state.differenceCount == 0);
        report.row("duplicates (one SKU / e-mail twice on a side)", Long.toString(shown.state.duplicates),
                Long.toString(ref.state.duplicates), "", "0", shown.state.duplicates == 0);
        report.row("records: WooCommerce / NXT-ND products, customers", String.format("%d / %d, %d / %d",
                shown.state.wooProducts, shown.state.nxtProducts, shown.state.wooCustomers, shown.state.nxtCustomers));
        report.row("wall time of the sync (s)", String.format("%.1f", shown.seconds), String.format("%.1f", ref.seconds),
                BenchReport.ratio(shown.seconds, ref.seconds), "", null);
        if (drill != null) {
            report.row("time lost to the kill (s)", String.format("%.1f", drill.seconds - ref.seconds));
            report.note(String.format("killed at %.1f s (job at %.0f%%); hub up again %.1f s later; job resumed from its "
                    + "checkpoint %.1f s after the kill (a job is taken over once its heartbeat is 45 s old)",
                    drill.killedAt, drill.killedAtProgress, drill.restartSeconds, drill.resumedAfter));
        } else {
            report.note("no kill: the in-process hub cannot be killed; bench/run fault-drill does the kill -9");
        }
        shown.state.differences.forEach(d -> report.note("difference: " + d));
        return report;
    }

    private static final class Run {
        double seconds;
        String status;
        EndState state;
        JsonNode counts;
        double killedAt;
        double killedAtProgress;
        double restartSeconds;
        double resumedAfter;
    }

    private static Run once(HubControl hub, Params p, boolean kill) throws Exception {
        Peers peers = hub.peers();
        peers.clearFaults();
        peers.seed(p.products(), p.customers(), p.products() / 2, p.customers() / 2);
        Map<String, Object> faults = Map.of("errorRate", p.errorRate(), "errorStatus", 500);
        peers.faults("woo", faults);
        peers.faults("nxt", faults);
        Run run = new Run();
        long started = System.nanoTime();
        String job = peers.enqueue(Map.of("direction", "both", "entityTypes", List.of("product", "customer", "inventory"),
                "batchSize", 100));
        boolean killed = false;
        double lastProgress = 0;
        JsonNode status;
        while (true) {
            try {
                status = hub.peers().job(job);
            } catch (RuntimeException e) {
                Thread.sleep(500);
                continue;
            }
            String s = status.path("status").asText();
            double progress = status.path("progressPercent").asDouble();
            if (killed && run.resumedAfter == 0 && "running".equals(s) && progress != lastProgress) {
                run.resumedAfter = (System.nanoTime() - started) / 1e9 - run.killedAt;
            }
            if ("completed".equals(s) || "failed".equals(s)) {
                break;
            }
            if (kill && !killed && progress >= p.killAtProgress()) {
                run.killedAt = (System.nanoTime() - started) / 1e9;
                run.killedAtProgress = progress;
                lastProgress = progress;
                long t = System.nanoTime();
                if (!hub.killAndRestart()) {
                    throw new IllegalStateException("this hub cannot be killed");
                }
                run.restartSeconds = (System.nanoTime() - t) / 1e9;
                killed = true;
            }
            if ((System.nanoTime() - started) / 1e6 > p.timeoutMs()) {
                throw new IllegalStateException("sync job did not finish within " + p.timeoutMs() + " ms: " + status);
            }
            Thread.sleep(250);
        }
        run.seconds = (System.nanoTime() - started) / 1e9;
        run.status = status.path("status").asText();
        run.counts = status.path("counts");
        peers.clearFaults();
        run.state = EndState.compare(hub.peers(), true);
        return run;
    }
}
