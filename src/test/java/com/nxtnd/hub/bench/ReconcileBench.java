package com.nxtnd.hub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reconcile: N products and N customers synced both ways so that both sides and the hub's pairs are in step, then a
 * few records broken behind the hub's back (purged in NXT-ND as a restore from a backup would, force-deleted in
 * WooCommerce, which sends no webhook), then the timed {@code POST /api/woocommerce/sync/reconcile}. Counts the
 * calls each sandbox received against one per page of 100. The reference is the reading alone: this driver paging
 * both sides whole in pages of 100, one after another, comparing nothing.
 */
final class ReconcileBench {

    /** @param broken per entity, records purged in NXT-ND and as many others force-deleted in WooCommerce */
    record Params(String name, String title, int products, int customers, int broken) {
        static Params full() {
            return new Params("reconcile", "Reconcile 10,000 products + 10,000 customers, 40 records broken behind the hub's back",
                    10_000, 10_000, 10);
        }

        static Params smoke() {
            return new Params("reconcile", "smoke", 300, 300, 3);
        }
    }

    private static final List<String> ENTITIES = List.of("product", "customer");

    private ReconcileBench() {
    }

    static BenchReport run(Peers peers, Params p) throws Exception {
        BenchReport report = new BenchReport(p.name(), p.title());
        report.params().put("products", p.products()).put("customers", p.customers())
                .put("purgedInNxtPerEntity", p.broken()).put("forceDeletedInWooPerEntity", p.broken());
        long records = p.products() + p.customers();
        long minimum = SyncBench.pages(p.products()) + SyncBench.pages(p.customers());

        // in step first: a full sync both ways (not what is measured)
        peers.clearFaults();
        peers.seed(p.products(), p.customers(), 0, 0);
        long t = System.nanoTime();
        JsonNode sync = peers.sync(Map.of("direction", "both", "entityTypes", ENTITIES, "batchSize", 100));
        double syncSeconds = (System.nanoTime() - t) / 1e9;
        if (!"completed".equals(sync.path("status").asText())) {
            throw new IllegalStateException("the full sync before the reconcile did not complete: " + sync);
        }

        Map<String, Broken> broken = new LinkedHashMap<>();
        broken.put("product", breakBehindTheHubsBack(peers, "products", "sku", p.broken()));
        broken.put("customer", breakBehindTheHubsBack(peers, "customers", "email", p.broken()));

        peers.resetCalls();
        t = System.nanoTime();
        JsonNode result = peers.reconcile(Map.of());
        double seconds = (System.nanoTime() - t) / 1e9;
        Map<String, Long> woo = peers.calls("woo");
        Map<String, Long> nxt = peers.calls("nxt");

        // reference: both sides read whole by this driver, no hub
        t = System.nanoTime();
        long read = readBothSides(peers);
        double refSeconds = (System.nanoTime() - t) / 1e9;

        double rate = records / seconds;
        double refRate = records / refSeconds;
        long wooCalls = SyncBench.sum(woo);
        long nxtCalls = SyncBench.sum(nxt);

        ObjectNode m = report.metrics();
        m.put("records", records).put("status", result.path("status").asText()).put("fullSyncSeconds", syncSeconds)
                .put("reconcileSeconds", seconds).put("recordsPerSecond", rate).put("referenceSeconds", refSeconds)
                .put("referenceRecordsRead", read).put("referenceRecordsPerSecond", refRate)
                .put("minimumCallsPerSide", minimum).put("callsWoo", wooCalls).put("callsNxt", nxtCalls);
        m.set("callsWooByPath", Peers.JSON.valueToTree(woo));
        m.set("callsNxtByPath", Peers.JSON.valueToTree(nxt));
        m.set("figures", result.path("entities"));
        ObjectNode expected = m.putObject("broken");
        broken.forEach((e, b) -> expected.putObject(e).put("purgedInNxt", b.purgedInNxt()).put("deletedInWoo", b.deletedInWoo()));

        report.row("records/s, reconcile (" + records + " records, both sides read)", BenchReport.f(rate),
                BenchReport.f(refRate), BenchReport.ratio(rate, refRate), ">= 2,000", rate >= 2000);
        report.row("seconds", String.format("%.1f s", seconds), String.format("%.1f s", refSeconds),
                BenchReport.ratio(seconds, refSeconds), "", null);
        long brokenRecords = broken.values().stream().mapToLong(b -> b.purgedInNxt() + b.deletedInWoo()).sum();
        m.put("brokenRecords", brokenRecords);
        callRow(report, "WooCommerce calls", wooCalls, minimum, brokenRecords);
        report.row("  by path", shortPaths(woo));
        callRow(report, "NXT-ND calls", nxtCalls, minimum, brokenRecords);
        report.row("  by path", shortPaths(nxt));
        repairRows(report, result, broken, p);
        report.row("setup: full sync both ways before it", String.format("%.1f s", syncSeconds));
        return report;
    }

    /** What was broken in one entity: how many purged in NXT-ND, how many force-deleted in WooCommerce. */
    record Broken(int purgedInNxt, int deletedInWoo) {
    }

    /**
     * Spread over the catalogue (not one run of neighbours): every (n/k)-th record purged in NXT-ND, and others, half
     * a step further on, force-deleted in WooCommerce. Matched across the sides by SKU / e-mail.
     */
    private static Broken breakBehindTheHubsBack(Peers peers, String resource, String key, int k) {
        List<JsonNode> inWoo = new ArrayList<>();
        peers.eachWoo(resource, inWoo::add);
        Map<String, String> nxtIds = new LinkedHashMap<>();
        peers.eachNxt(resource, r -> nxtIds.put(r.path(key).asText(), r.path("id").asText()));
        int step = inWoo.size() / k;
        for (int i = 0; i < k; i++) {
            String nxtId = nxtIds.get(inWoo.get(i * step + step / 4).path(key).asText());
            if (nxtId == null) {
                throw new IllegalStateException(resource + ": the full sync left a record unpaired in NXT-ND");
            }
            peers.purgeNxt(resource, nxtId);
            peers.woo("DELETE", resource + "/" + inWoo.get(i * step + 3 * step / 4).path("id").asLong() + "?force=true", null);
        }
        return new Broken(k, k);
    }

    /** The reference: every page of both sides, 100 at a time, one after another. Returns the records read. */
    static long readBothSides(Peers peers) {
        long[] n = {0};
        for (String resource : List.of("products", "customers")) {
            peers.eachWoo(resource, r -> n[0]++);
            for (int page = 1; ; page++) {
                JsonNode r = peers.nxt("GET", "/" + resource + "?pageSize=100&page=" + page, null);
                n[0] += r.path("data").size();
                if (page >= r.path("pagination").path("totalPages").asInt()) {
                    break;
                }
            }
        }
        return n[0];
    }

    /** Repairs equal to what was broken; the rest in step; nothing else done, flagged or failed. */
    private static void repairRows(BenchReport report, JsonNode result, Map<String, Broken> broken, Params p) {
        JsonNode f = result.path("entities");
        String created = f.path("product").path("createdInNxt").asLong() + " + " + f.path("customer").path("createdInNxt").asLong();
        String deactivated = f.path("product").path("deactivated").asLong() + " + " + f.path("customer").path("deactivated").asLong();
        boolean createdMet = true;
        boolean deactivatedMet = true;
        boolean restMet = "completed".equals(result.path("status").asText());
        long inStep = 0;
        long expectedInStep = 0;
        long other = 0;
        for (String e : ENTITIES) {
            JsonNode x = f.path(e);
            Broken b = broken.get(e);
            createdMet &= x.path("createdInNxt").asLong() == b.purgedInNxt();
            deactivatedMet &= x.path("deactivated").asLong() == b.deletedInWoo();
            inStep += x.path("inStep").asLong();
            expectedInStep += ("product".equals(e) ? p.products() : p.customers()) - b.purgedInNxt() - b.deletedInWoo();
            other += x.path("repaired").asLong() + x.path("createdInWoo").asLong() + x.path("flagged").asLong()
                    + x.path("errors").asLong();
        }
        restMet &= inStep == expectedInStep && other == 0;
        report.row("created again in NXT-ND (products + customers)", created, "", "",
                "= purged: " + broken.get("product").purgedInNxt() + " + " + broken.get("customer").purgedInNxt(), createdMet);
        report.row("deactivated in NXT-ND (gone from WooCommerce)", deactivated, "", "",
                "= force-deleted: " + broken.get("product").deletedInWoo() + " + " + broken.get("customer").deletedInWoo(),
                deactivatedMet);
        report.row("the rest in step; repaired, created in Woo, flagged, errors", inStep + " in step; " + other
                + " other, " + result.path("status").asText(), "", "", expectedInStep + " in step; 0 other", restMet);
    }

    /** Against one call per page of 100; what is beyond it is shown per broken record (the repairs' own calls). */
    private static void callRow(BenchReport report, String what, long calls, long minimum, long brokenRecords) {
        report.row(what + " (minimum " + minimum + ")", Long.toString(calls), Long.toString(minimum),
                BenchReport.ratio(calls, minimum), "<= 1.05 x minimum", calls <= 1.05 * minimum);
        report.row("  beyond the minimum, per broken record", String.format("%d for %d = %.1f", calls - minimum,
                brokenRecords, (double) (calls - minimum) / brokenRecords));
    }

    /** e.g. "GET products 100, GET customers 100, POST products/batch 1". */
    private static String shortPaths(Map<String, Long> calls) {
        return calls.entrySet().stream().map(e -> e.getKey().replace("/sandbox/woo/wp-json/wc/v3/", "")
                .replace("/sandbox/nxt/api/", "") + " " + e.getValue()).collect(Collectors.joining(", "));
    }
}
