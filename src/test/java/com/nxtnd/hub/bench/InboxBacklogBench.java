package com.nxtnd.hub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Benchmark {@code inbox-backlog} (issue 19): a backlog of deliveries, a share of them for one busy record (a hot
 * product during a sale), stored while the inbox is stopped (actuator camelroutes), then drained. Shows the drain
 * rate, whether it stays flat as the backlog shrinks (the claim's cost must not grow with the backlog), and the
 * correctness side: the hot record applied once with its newest state, every other event processed, NXT-ND written
 * in batch upserts.
 */
final class InboxBacklogBench {

    record Params(int events, int hot, int clients, long settleTimeoutMs) {
        static Params full() {
            return new Params(100_000, 30_000, 32, 1_800_000);
        }

        static Params smoke() {
            return new Params(3_000, 900, 8, 300_000);
        }
    }

    private InboxBacklogBench() {
    }

    static BenchReport run(Peers peers, Params p) throws Exception {
        BenchReport report = new BenchReport("inbox-backlog",
                "Inbox backlog: " + p.events() + " stored events, " + p.hot() + " of them for one product, drained");
        report.params().put("events", p.events()).put("hotEvents", p.hot()).put("clients", p.clients());
        String template = WebhookBench.template();
        String tag = Long.toString(System.currentTimeMillis() % 100_000_000L, 36).toUpperCase();
        String hotSku = "BL-" + tag + "-HOT";
        List<Load.Request> requests = new ArrayList<>(p.events());
        URI hook = URI.create(peers.hub + "/api/woocommerce/webhooks/product");
        // the hot product first, each delivery a newer state of it, then the others: the claim must reach them at once
        for (int i = 0; i < p.events(); i++) {
            boolean hot = i < p.hot();
            long id = hot ? 4_000_000L : 4_000_000L + i;
            String sku = hot ? hotSku : "BL-" + tag + "-" + i;
            String name = hot ? "Hot " + i : "Backlog product " + i;
            String modified = String.format("2026-03-01T%02d:%02d:%02d", i / 3600 % 24, i / 60 % 60, i % 60);
            String body = template.replace("\"id\":14,", "\"id\":" + id + ",").replace("RW-18ca1a-1", sku)
                    .replace("Realwoo 18ca1a", name).replace("realwoo-18ca1a", "backlog-" + i)
                    .replace("\\/products\\/14\"", "\\/products\\/" + id + "\"")
                    .replaceAll("\"date_modified_gmt\":\"[^\"]*\"", "\"date_modified_gmt\":\"" + modified + "\"");
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            requests.add(Load.Request.post(hook, Map.of("Content-Type", "application/json",
                    "User-Agent", "WooCommerce/8.9.1 Hookshot (WordPress/6.5.3)",
                    "X-WC-Webhook-Source", "http://127.0.0.1:8088/", "X-WC-Webhook-Topic", "product.updated",
                    "X-WC-Webhook-Resource", "product", "X-WC-Webhook-Event", "updated",
                    "X-WC-Webhook-Signature", WebhookBench.sign(bytes), "X-WC-Webhook-ID", "1",
                    "X-WC-Webhook-Delivery-ID", HexFormat.of().formatHex(java.security.MessageDigest
                            .getInstance("SHA-256").digest(bytes)).substring(0, 32)), bytes));
        }
        JsonNode start = peers.webhookStats();
        peers.admin("POST", "/actuator/camelroutes/webhook-inbox/stop", "{}");
        Load.Outcome stored = Load.closed(requests, p.clients());
        JsonNode before = peers.webhookStats();
        peers.resetCalls();

        long started = System.nanoTime();
        peers.admin("POST", "/actuator/camelroutes/webhook-inbox/start", "{}");
        long total = p.events();
        long closedBefore = closed(before);
        long processedBefore = before.path("processed").asLong();
        // seconds since start, events applied since start: superseded ones are closed by the thousand in one claim,
        // so they are left out of the per-quarter rates (they would make the first quarter look fast)
        List<double[]> samples = new ArrayList<>();
        while (true) {
            Thread.sleep(2_000); // the stats are aggregates over the event table: polled often, they slow the inbox
            JsonNode s = peers.webhookStats();
            double at = (System.nanoTime() - started) / 1e9;
            samples.add(new double[] {at, s.path("processed").asLong() - processedBefore});
            if (s.path("pending").asLong() == 0 && closed(s) - closedBefore >= total) {
                break;
            }
            if (at * 1000 > p.settleTimeoutMs()) {
                throw new IllegalStateException("backlog not drained within " + p.settleTimeoutMs() + " ms: " + s);
            }
        }
        double seconds = samples.get(samples.size() - 1)[0];
        JsonNode end = peers.webhookStats();
        // events applied per second in the first and the last quarter of the drain: flat when the claim's cost is
        double firstQuarter = rate(samples, 0, 0.25);
        double lastQuarter = rate(samples, 0.75, 1.0);

        String hotName = peers.nxt("GET", "/products/by-sku/" + hotSku, null).path("data").path("name").asText(null);
        long processed = end.path("processed").asLong() - before.path("processed").asLong();
        long superseded = end.path("superseded").asLong() - before.path("superseded").asLong();
        long failed = end.path("failed").asLong() - start.path("failed").asLong();
        Map<String, Long> nxtCalls = peers.calls("nxt");
        long batchCalls = nxtCalls.entrySet().stream().filter(e -> e.getKey().startsWith("POST ")
                && e.getKey().endsWith("/products/batch")).mapToLong(Map.Entry::getValue).sum();
        long singleWrites = nxtCalls.entrySet().stream().filter(e -> (e.getKey().startsWith("POST ")
                || e.getKey().startsWith("PUT ")) && e.getKey().matches(".*/products(/\\{id})?$"))
                .mapToLong(Map.Entry::getValue).sum();
        long distinct = total - p.hot() + 1;
        long minimumCalls = (distinct + 99) / 100;
        boolean correct = processed == distinct && superseded == p.hot() - 1 && failed == 0
                && ("Hot " + (p.hot() - 1)).equals(hotName);

        report.metrics().put("storedPerSecond", stored.perSecond()).put("drainSeconds", seconds)
                .put("drainedPerSecond", total / seconds).put("firstQuarterPerSecond", firstQuarter)
                .put("lastQuarterPerSecond", lastQuarter).put("processed", processed).put("superseded", superseded)
                .put("failed", failed).put("nxtBatchCalls", batchCalls).put("nxtSingleWrites", singleWrites)
                .put("hotProductName", hotName).put("nxtCalls", Peers.JSON.valueToTree(nxtCalls));
        report.row("backlog stored (inbox stopped), deliveries/s", BenchReport.f(stored.perSecond()))
                .row("backlog drained, events closed/s", BenchReport.f(total / seconds), "", "", ">= 1,000",
                        total / seconds >= 1000)
                .row("applied, first / last quarter of the drain (events/s)", BenchReport.f(firstQuarter) + " / "
                        + BenchReport.f(lastQuarter), "", BenchReport.ratio(lastQuarter, firstQuarter),
                        "flat (last >= 0.8 x first)", lastQuarter >= 0.8 * firstQuarter)
                .row("NXT-ND product batch upserts / single writes", batchCalls + " / " + singleWrites,
                        Long.toString(minimumCalls), BenchReport.ratio(batchCalls, minimumCalls), "<= 1.05 x ceil(N/100)",
                        batchCalls <= Math.ceil(1.05 * minimumCalls) && singleWrites == 0)
                .row("applied once, newest state of the hot product", processed + " processed, " + superseded
                        + " superseded, " + failed + " failed; hot: " + hotName, "", "", distinct + " / "
                        + (p.hot() - 1) + " / 0; Hot " + (p.hot() - 1), correct);
        return report;
    }

    /** Events closed for good: processed (echoes included), marked duplicate, superseded, failed. */
    private static long closed(JsonNode s) {
        return s.path("processed").asLong() + s.path("duplicates").asLong() + s.path("superseded").asLong()
                + s.path("failed").asLong();
    }

    private static double rate(List<double[]> samples, double from, double to) {
        double end = samples.get(samples.size() - 1)[0];
        double[] a = null;
        double[] b = samples.get(0);
        for (double[] s : samples) {
            if (a == null && s[0] >= from * end) {
                a = s;
            }
            if (s[0] <= to * end && s[0] > b[0]) {
                b = s;
            }
        }
        if (from == 0) {
            a = new double[] {0, 0};
        }
        return a == null || b == null || b[0] <= a[0] ? 0 : (b[1] - a[1]) / (b[0] - a[0]);
    }
}
