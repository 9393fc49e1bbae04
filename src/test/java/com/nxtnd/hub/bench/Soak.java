package com.nxtnd.hub.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Benchmark soak: a long run of deliveries (200,000) at a steady rate into one hub whose retention is shortened to
 * a minute and runs every 15 s. The stored events, their idempotency keys and the tables' disk size must level off:
 * the peak of the last quarter of the run at most 1.2 times that of the second quarter. Deliveries are updates of a
 * fixed catalogue (each with new content), as a shop's are, so that the pairs table stays the size of the catalogue.
 */
final class Soak {

    record Params(int deliveries, int catalogue, double rate, int connections, long sampleMs) {
        static Params full() {
            return new Params(200_000, 2_000, 300, 16, 10_000);
        }

        static Params smoke() {
            return new Params(6_000, 200, 100, 4, 5_000);
        }
    }

    static final List<String> RETENTION_OF_A_MINUTE = List.of("--hub.retention.webhook-events=1m",
            "--hub.retention.idempotency-keys=1m", "--hub.retention.cron=0/15 * * * * ?");

    private Soak() {
    }

    private record Sample(double seconds, long events, long keys, long pairs, long bytes) {
    }

    static BenchReport run(HubCluster cluster, Params p) throws Exception {
        BenchReport report = new BenchReport("soak", "Soak: deliveries with retention shortened to a minute");
        report.params().put("deliveries", p.deliveries()).put("catalogue", p.catalogue()).put("rate", p.rate())
                .put("retention", "1 minute, run every 15 s").put("cores", Runtime.getRuntime().availableProcessors());
        cluster.awaitSandbox(180_000);
        HubCluster.Hub hub = cluster.hub("soak");
        hub.extraArgs.addAll(RETENTION_OF_A_MINUTE);
        hub.start();
        hub.awaitUp(300_000);
        JdbcTemplate jdbc = cluster.jdbc();
        String template = WebhookBench.template();
        String tag = Long.toString(System.currentTimeMillis() % 100_000_000L, 36).toUpperCase();
        String url = "http://127.0.0.1:" + hub.port + "/api/woocommerce/webhooks/product";

        List<Sample> samples = java.util.Collections.synchronizedList(new ArrayList<>());
        long started = System.nanoTime();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> samples.add(sample(jdbc, (System.nanoTime() - started) / 1e9)), 0,
                p.sampleMs(), TimeUnit.MILLISECONDS);
        long non200 = 0;
        try {
            int chunk = 10_000;
            for (int from = 0; from < p.deliveries(); from += chunk) {
                List<Load.Request> requests = new ArrayList<>();
                for (int n = from; n < Math.min(p.deliveries(), from + chunk); n++) {
                    requests.add(update(url, template, tag, n, p.catalogue()));
                }
                non200 += Load.paced(requests, p.rate(), p.connections()).failed();
            }
            WebhookBench.awaitProcessed(hub.peers(), 0, 600_000);
            Thread.sleep(Math.max(p.sampleMs() * 3, 90_000)); // another retention period and a half: still flat
        } finally {
            sampler.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        List<Sample> all = new ArrayList<>(samples);
        int n = all.size();
        Sample second = peak(all.subList(n / 4, n / 2));
        Sample last = peak(all.subList(3 * n / 4, n));
        Long processed = jdbc.queryForObject("select count(*) from wc_webhook_events where status in ('pending', 'processing')",
                Long.class);
        Map<String, Object> failed = jdbc.queryForMap("select count(*) filter (where status = 'failed') as failed, "
                + "count(*) filter (where status = 'rejected') as rejected from wc_webhook_events");
        Sample end = all.get(n - 1);
        // disk per stored event (with its key), read just before retention first deleted: once it deletes, the files
        // keep the space of dead rows for reuse, and bytes per live row says nothing
        Sample filled = all.get(0);
        for (Sample s : all) {
            if (s.events() < filled.events()) {
                break;
            }
            filled = s;
        }
        long bytesPer100k = filled.events() == 0 ? 0 : filled.bytes() * 100_000 / filled.events();
        report.metrics().put("seconds", seconds).put("non200", non200).put("stillPending", processed)
                .put("failed", ((Number) failed.get("failed")).longValue())
                .put("rejected", ((Number) failed.get("rejected")).longValue())
                .put("eventsPeakSecondQuarter", second.events()).put("eventsPeakLastQuarter", last.events())
                .put("keysPeakSecondQuarter", second.keys()).put("keysPeakLastQuarter", last.keys())
                .put("bytesPeakSecondQuarter", second.bytes()).put("bytesPeakLastQuarter", last.bytes())
                .put("pairs", end.pairs()).put("bytesPer100000Events", bytesPer100k);
        report.metrics().set("samples", Peers.JSON.valueToTree(all));
        report.row("deliveries answered other than 200", Long.toString(non200), "", "", "0", non200 == 0)
                .row("stored events, peak of the last / second quarter", last.events() + " / " + second.events(), "",
                        BenchReport.ratio(last.events(), second.events()), "<= 1.2", last.events() <= 1.2 * second.events())
                .row("idempotency keys, peak of the last / second quarter", last.keys() + " / " + second.keys(), "",
                        BenchReport.ratio(last.keys(), second.keys()), "<= 1.2", last.keys() <= 1.2 * second.keys())
                .row("events + keys on disk (tables, indexes), last / second quarter",
                        BenchReport.mb(last.bytes()) + " / " + BenchReport.mb(second.bytes()), "",
                        BenchReport.ratio(last.bytes(), second.bytes()), "<= 1.2", last.bytes() <= 1.2 * second.bytes())
                .row("pairs (one per catalogue product)", Long.toString(end.pairs()), "", "", Integer.toString(p.catalogue()),
                        end.pairs() == p.catalogue())
                .row("disk per 100,000 stored events with their keys (before the first deletion)", BenchReport.mb(bytesPer100k))
                .row("wall time (s)", String.format("%.0f", seconds));
        return report;
    }

    private static Sample peak(List<Sample> part) {
        return part.stream().max(java.util.Comparator.comparingLong(Sample::events)).orElseThrow();
    }

    private static Sample sample(JdbcTemplate jdbc, double seconds) {
        Map<String, Object> r = jdbc.queryForMap("""
                select (select count(*) from wc_webhook_events) as events,
                       (select count(*) from camel_messageprocessed) as keys,
                       (select count(*) from wc_entity_mapping) as pairs,
                       pg_total_relation_size('wc_webhook_events') + pg_total_relation_size('camel_messageprocessed')
                       as bytes""");
        return new Sample(seconds, ((Number) r.get("events")).longValue(), ((Number) r.get("keys")).longValue(),
                ((Number) r.get("pairs")).longValue(), ((Number) r.get("bytes")).longValue());
    }

    /** The n-th delivery: an update of catalogue product n % catalogue, with content of its own. */
    private static Load.Request update(String url, String template, String tag, int n, int catalogue) {
        int item = n % catalogue;
        long id = 5_000_000L + item;
        String body = template.replace("\"id\":14,", "\"id\":" + id + ",")
                .replace("RW-18ca1a-1", "SOAK-" + tag + "-" + item).replace("Realwoo 18ca1a", "Soak product " + n)
                .replace("realwoo-18ca1a", "soak-product-" + item)
                .replace("\\/products\\/14\"", "\\/products\\/" + id + "\"");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Map.of("Content-Type", "application/json",
                "User-Agent", "WooCommerce/8.9.1 Hookshot (WordPress/6.5.3)",
                "X-WC-Webhook-Source", "http://127.0.0.1:8088/", "X-WC-Webhook-Topic", "product.updated",
                "X-WC-Webhook-Resource", "product", "X-WC-Webhook-Event", "updated",
                "X-WC-Webhook-Signature", WebhookBench.sign(bytes), "X-WC-Webhook-ID", "1",
                "X-WC-Webhook-Delivery-ID", HexFormat.of().formatHex(tag.concat("-" + n).getBytes(StandardCharsets.UTF_8)));
        return Load.Request.post(java.net.URI.create(url), headers, bytes);
    }
}
