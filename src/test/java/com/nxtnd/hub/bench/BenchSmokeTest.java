package com.nxtnd.hub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nxtnd.hub.HubIntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * The benchmarks of bench/ with small N against the in-process hub, so that they keep working: they assert what
 * must hold whatever the machine (everything processed, nothing applied twice, call counts, end states equal),
 * never timings. Its own context (bench echo on), closed afterwards: the benchmarks reseed the sandboxes.
 */
// hub.peers.*.retry-delay: the fault drill retries injected 500s, short waits keep the smoke run short.
// hub.webhooks.heal=false as in bench/run: each test deletes the hub's webhooks in the sandbox, and webhook-health
// (60 s after start, then every 5 min) would re-create them and backfill by an incremental pull in the middle of a
// run (a pull that re-creates what a test purged in NXT-ND).
@TestPropertySource(properties = {"hub.bench.enabled=true", "hub.webhooks.rate-limit-max=100000000",
    "hub.peers.woo.retry-delay=20ms", "hub.peers.nxt.retry-delay=20ms", "hub.webhooks.heal=false",
    "management.endpoint.camelroutes.read-only=false"}) // inbox-backlog stops and starts the inbox, as in bench/run
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class BenchSmokeTest extends HubIntegrationTest {

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    Peers peers;

    @org.springframework.beans.factory.annotation.Autowired
    org.apache.camel.CamelContext camel;

    @BeforeEach
    void peers() throws Exception {
        peers = new Peers(baseUrl(), baseUrl());
        // route webhook-registration registers the sandbox's webhooks once, 500 ms after start: stopped here (it
        // waits for a run in flight), so that it cannot put them back after the deletes below in the first test
        // and have the sandbox deliver the test's own changes (seen: force-deleted customers marked deleted by
        // their webhooks before the reconcile under test could find them)
        camel.getRouteController().stopRoute("webhook-registration");
        // each benchmark starts from a hub that has synced nothing, as bench/run's fresh hub process does
        jdbc.execute("truncate wc_entity_mapping, wc_sync_watermarks, wc_sync_sessions, wc_batch_jobs, "
                + "wc_webhook_events, wc_error_log, wc_sync_conflicts, camel_messageprocessed");
        // the embedded default points the sandbox's webhooks at this hub: the benchmarks measure one flow at a time
        for (JsonNode hook : peers.woo("GET", "webhooks?per_page=100", null)) {
            peers.woo("DELETE", "webhooks/" + hook.path("id").asLong() + "?force=true", null);
        }
        peers.clearFaults();
    }

    @Test
    void webhookIntakeProcessesEveryDeliveryOnceAndTheEchoReferenceAnswers() throws Exception {
        BenchReport r = WebhookBench.run(peers, WebhookBench.Params.smoke());
        System.out.print(r.table());
        JsonNode m = r.metrics();
        assertThat(m.path("non200").asLong()).isZero();
        assertThat(m.path("failedOrRejected").asLong()).isZero();
        assertThat(m.path("nxtProducts").asLong()).isEqualTo(m.path("uniqueDeliveries").asLong());
        assertThat(m.path("duplicatesApplied").asLong()).isZero();
        assertThat(m.path("markedDuplicate").asLong()).isEqualTo(m.path("duplicateDeliveries").asLong());
        assertThat(m.path("echoPerSecond").asDouble()).isPositive(); // route bench-echo answered 200
    }

    @Test
    void inboxBacklogAppliesTheHotProductOnceWithItsNewestStateAndTheRestInBatches() throws Exception {
        InboxBacklogBench.Params p = InboxBacklogBench.Params.smoke();
        BenchReport r = InboxBacklogBench.run(peers, p);
        System.out.print(r.table());
        JsonNode m = r.metrics();
        long distinct = p.events() - p.hot() + 1;
        assertThat(m.path("failed").asLong()).isZero();
        assertThat(m.path("processed").asLong()).isEqualTo(distinct);
        assertThat(m.path("superseded").asLong()).isEqualTo(p.hot() - 1);
        assertThat(m.path("hotProductName").asText()).isEqualTo("Hot " + (p.hot() - 1));
        assertThat(m.path("nxtSingleWrites").asLong()).isZero();
        assertThat(m.path("nxtBatchCalls").asLong()).as("NXT-ND calls %s", m.path("nxtCalls")).isBetween((distinct + 99) / 100, (long) Math.ceil(1.05 * ((distinct + 99) / 100)));
    }

    @Test
    void fullSyncPullsAndPushesEveryRecordWithTheMinimumCalls() throws Exception {
        BenchReport r = SyncBench.run(peers, new SyncBench.Params("sync-throughput", "smoke", 200, 100, 0, 0, 4, true, true));
        assertSync(r, 200, 100);
    }

    @Test
    void latencyBoundSyncCompletesAndReportsItsBound() throws Exception {
        BenchReport r = SyncBench.run(peers, new SyncBench.Params("sync-latency", "smoke", 100, 100, 20, 200, 4, false, false));
        assertSync(r, 100, 100);
        assertThat(r.metrics().path("boundSeconds").asDouble()).isPositive();
    }

    @Test
    void scaleRunStreamsProductsWithTheMinimumCalls() throws Exception {
        BenchReport r = SyncBench.run(peers, new SyncBench.Params("scale", "smoke", 400, 0, 0, 0, 4, true, false));
        assertSync(r, 400, 0);
        assertThat(r.metrics().path("peakHeapBytes").asLong()).isPositive();
    }

    @Test
    void faultDrillWithInjected500sEndsWithEqualSidesAndNoDuplicates() throws Exception {
        BenchReport r = FaultDrill.run(new FaultDrill.HubControl() {
            @Override
            public Peers peers() {
                return peers;
            }

            @Override
            public void fresh() {
                throw new UnsupportedOperationException("in-process hub");
            }

            @Override
            public boolean killAndRestart() {
                return false; // bench/run fault-drill does the kill -9
            }
        }, FaultDrill.Params.smoke(), false);
        System.out.print(r.table());
        JsonNode m = r.metrics();
        assertThat(m.path("referenceJobStatus").asText()).isEqualTo("completed");
        assertThat(m.path("referenceEndState").path("duplicates").asLong()).isZero();
        assertThat(m.path("referenceEndState").path("firstDifferences")).isEmpty();
        assertThat(m.path("referenceEndState").path("differences").asLong()).isZero();
    }

    @Test
    void reconcileRepairsExactlyWhatWasBrokenBehindTheHubsBack() throws Exception {
        ReconcileBench.Params p = ReconcileBench.Params.smoke();
        BenchReport r = ReconcileBench.run(peers, p);
        System.out.print(r.table());
        JsonNode m = r.metrics();
        assertThat(m.path("status").asText()).isEqualTo("completed");
        for (String entity : java.util.List.of("product", "customer")) {
            JsonNode f = m.path("figures").path(entity);
            long n = "product".equals(entity) ? p.products() : p.customers();
            assertThat(f.path("createdInNxt").asLong()).as(entity).isEqualTo(p.broken());
            assertThat(f.path("deactivated").asLong()).as(entity).isEqualTo(p.broken());
            assertThat(f.path("inStep").asLong()).as(entity).isEqualTo(n - 2L * p.broken());
            assertThat(f.path("repaired").asLong() + f.path("createdInWoo").asLong() + f.path("flagged").asLong()
                    + f.path("errors").asLong()).as(entity).isZero();
        }
        // the reference read both sides whole
        assertThat(m.path("referenceRecordsRead").asLong())
                .isEqualTo(2L * (p.products() + p.customers()) - 2L * p.broken());
        // each side read once per page of 100; beyond that, per entity and per 100 pairs neither pass saw (all
        // broken ones here): one include= read of WooCommerce, and in NXT-ND one batch re-creating the purged
        // records and one deactivating the force-deleted ones. No read or write per record, none per record in step
        long minimum = m.path("minimumCallsPerSide").asLong();
        long repairs = m.path("brokenRecords").asLong();
        assertThat(repairs).isEqualTo(4L * p.broken());
        long entities = 2;
        assertThat(m.path("callsWoo").asLong() - minimum).isBetween(0L, entities);
        assertThat(m.path("callsNxt").asLong() - minimum).isBetween(0L, 2 * entities);
        Map<String, Long> nxt = calls(m, "callsNxtByPath");
        Map<String, Long> woo = calls(m, "callsWooByPath");
        assertThat(nxt.keySet()).noneMatch(path -> path.endsWith("{id}"));
        assertThat(woo.keySet()).noneMatch(path -> path.endsWith("{id}"));
        assertThat(nxt.get("GET /sandbox/nxt/api/products")).isEqualTo(SyncBench.pages(p.products()));
        assertThat(nxt.get("GET /sandbox/nxt/api/customers")).isEqualTo(SyncBench.pages(p.customers()));
    }

    /** Every record each way, no errors; calls per side against one per page or batch of 100. */
    private static void assertSync(BenchReport r, long products, long customers) {
        System.out.print(r.table());
        JsonNode m = r.metrics();
        long records = products + customers;
        assertThat(m.path("pulled").asLong()).isEqualTo(records);
        assertThat(m.path("pushed").asLong()).isEqualTo(records);
        assertThat(m.path("errorsOrConflicts").asLong()).isZero();
        long minimum = m.path("minimumCallsPerSide").asLong();
        assertThat(SyncBench.sum(calls(m, "pullCallsWoo"))).as(m.path("pullCallsWoo").toString()).isLessThanOrEqualTo((long) (1.05 * minimum));
        // products carry categories and tags by name: the shop's terms are read once (then cached) to find their ids
        Map<String, Long> terms = SyncBench.only(calls(m, "pushCallsWoo"), "GET /sandbox/woo/wp-json/wc/v3/products/categories");
        terms.putAll(SyncBench.only(calls(m, "pushCallsWoo"), "GET /sandbox/woo/wp-json/wc/v3/products/tags"));
        assertThat(terms.values()).allMatch(n -> n <= 1);
        assertThat(SyncBench.sum(calls(m, "pushCallsWoo")) - SyncBench.sum(terms)).as(m.path("pushCallsWoo").toString())
                .isLessThanOrEqualTo((long) (1.05 * minimum));
        // NXT-ND, push: the pages plus two reads of the changes feed (where the next incremental run starts)
        assertThat(SyncBench.sum(SyncBench.only(calls(m, "pushCallsNxt"), "GET /sandbox/nxt/api/changes"))).isEqualTo(2);
        assertThat(SyncBench.sum(calls(m, "pushCallsNxt")) - 2).isLessThanOrEqualTo((long) (1.05 * minimum));
        // NXT-ND, pull: one batch upsert per page, new customers matched by e-mail against one read of NXT-ND's
        // customer list (not one by-email look-up each)
        assertThat(SyncBench.only(calls(m, "pullCallsNxt"), "by-email")).isEmpty();
        assertThat(SyncBench.sum(SyncBench.only(calls(m, "pullCallsNxt"), "/batch"))).isLessThanOrEqualTo((long) (1.05 * minimum));
        assertThat(SyncBench.sum(calls(m, "pullCallsNxt"))).isLessThanOrEqualTo((long) (1.05 * minimum) + (customers > 0 ? 1 : 0));
    }

    private static Map<String, Long> calls(JsonNode metrics, String field) {
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        metrics.path(field).fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
        return out;
    }
}
