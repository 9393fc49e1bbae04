package com.nxtnd.hub.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.mapping.CanonicalRecords;
import com.nxtnd.hub.mapping.MappingException;
import com.nxtnd.hub.mapping.MappingService;
import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.peer.CallTimeout;
import com.nxtnd.hub.peer.PeerApiException;
import com.nxtnd.hub.store.EntityMapping;
import com.nxtnd.hub.store.EntityMappingRepository;
import com.nxtnd.hub.store.ErrorLogRepository;
import com.nxtnd.hub.store.SyncSessionRepository;
import com.nxtnd.hub.sync.ApplyOutcome;
import com.nxtnd.hub.sync.PushSync;
import com.nxtnd.hub.sync.SyncCounts;
import com.nxtnd.hub.sync.WooToNxtWriter;
import com.nxtnd.hub.woo.WooCommerceClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The steps of route {@code reconcile} (routes/reconcile.camel.yaml): per entity, page through WooCommerce and
 * NXT-ND whole (100 at a time, one page in memory and the next one read ahead) and compare each record with its
 * pair; then settle the pairs neither pass saw, 100 at a time. A full sync compares WooCommerce only with the hub's own memory; this finds what is missing on
 * either side (NXT-ND restored from a backup, a product deleted in the shop with {@code force=true}, which sends no
 * webhook). Repairs go through the same writers as syncs and webhooks; a dry run lists them and writes nothing.
 */
@Component("reconciler")
public class Reconciler {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
    static final int PAGE = 100;

    private final WooCommerceClient woo;
    private final NxtClient nxt;
    private final MappingService mappings;
    private final CanonicalRecords canonical;
    private final EntityMappingRepository pairs;
    private final ReconcilePairs reconcilePairs;
    private final WooToNxtWriter writer;
    private final PushSync push;
    private final SyncSessionRepository sessions;
    private final ErrorLogRepository errors;
    private final ObjectMapper json;
    private final NxtRepairs nxtRepairs;

    public Reconciler(WooCommerceClient woo, NxtClient nxt, MappingService mappings, CanonicalRecords canonical,
                      EntityMappingRepository pairs, ReconcilePairs reconcilePairs, WooToNxtWriter writer,
                      PushSync push, SyncSessionRepository sessions, ErrorLogRepository errors, ObjectMapper json,
                      NxtRepairs nxtRepairs) {
        this.nxtRepairs = nxtRepairs;
        this.woo = woo;
        this.nxt = nxt;
        this.mappings = mappings;
        this.canonical = canonical;
        this.pairs = pairs;
        this.reconcilePairs = reconcilePairs;
        this.writer = writer;
        this.push = push;
        this.sessions = sessions;
        this.errors = errors;
        this.json = json;
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    /**
     * Starts a run (a session of kind reconcile); no body, as from the schedule, reconciles everything. Each call of
     * the run's steps to WooCommerce and NXT-ND is given the timeout the route names for that peer (30s, 2m or
     * milliseconds; a value that is none fails here, before the session starts). Repairs to WooCommerce go through
     * route push-records, whose /batch calls name their own.
     */
    public ReconcileRun begin(ReconcileRequest request, String wooTimeout, String nxtTimeout) {
        Map<String, Duration> timeouts = CallTimeout.named(wooTimeout, nxtTimeout);
        ReconcileRequest r = request == null ? new ReconcileRequest(false, null) : request;
        return new ReconcileRun(sessions.start("reconcile", "both", r.entities(), r.dry()), r, timeouts);
    }

    /**
     * WooCommerce whole: a record equal to its pair's last synced WooCommerce state is in step on this side; a changed
     * one is applied to NXT-ND as a webhook would be (three-way merge included); one without a pair is created in (or
     * matched to) NXT-ND.
     */
    public ReconcileRun wooSide(ReconcileRun run, String entity) {
        return guarded(run, entity, () -> woo.forEachPageReadAhead(entity + "s", Map.of("orderby", "id", "order", "asc"), PAGE, 1,
                page -> {
                    List<JsonNode[]> records = new ArrayList<>(); // {record, parent or null}
                    for (JsonNode r : page.items()) {
                        records.add(new JsonNode[] {r, null});
                        if ("variable".equals(r.path("type").asText())) {
                            woo.forEachPage("products/" + r.path("id").asLong() + "/variations",
                                    Map.of("orderby", "id", "order", "asc"), PAGE, 1, v -> {
                                        v.items().forEach(x -> records.add(new JsonNode[] {x, r}));
                                        return true;
                                    });
                        }
                    }
                    Map<Long, EntityMapping> known = pairs.byWooIds(entity,
                            records.stream().map(r -> r[0].path("id").asLong()).toList());
                    for (JsonNode[] r : records) {
                        compareWoo(run, entity, r[0], r[1], known.get(r[0].path("id").asLong()));
                    }
                    return true;
                }));
    }

    private void compareWoo(ReconcileRun run, String entity, JsonNode record, JsonNode parent, EntityMapping pair) {
        long wooId = record.path("id").asLong();
        if (pair != null) {
            run.seenWoo(entity, pair.id());
            if ("deleted".equals(pair.syncStatus())) {
                // deleted once (trashed, then restored?): a person decides whether it is back
                run.count(entity, "flagged");
                return;
            }
            String hash;
            try {
                hash = canonical.hash(mappings.map(entity + ".woo-to-nxt", record,
                        parent == null ? Map.of() : Map.of("parent", parent)));
            } catch (MappingException e) {
                run.count(entity, "flagged");
                return;
            }
            if (hash.equals(pair.wooHash())) {
                return; // in step on this side: counted when NXT-ND's side is compared
            }
        }
        String reason = pair == null ? "not paired: create in or match to NXT-ND" : "changed in WooCommerce";
        if (run.dryRun()) {
            run.plan(new ReconcileAction(entity, pair == null ? "create-in-nxt" : "update-nxt", wooId,
                    pair == null ? null : pair.nxtId(), reason));
            run.count(entity, pair == null ? "createdInNxt" : "repaired");
            return;
        }
        applyToNxt(run, entity, record, reason);
    }

    /** Writes one WooCommerce record to NXT-ND through the webhook/sync writer and counts what it did. */
    private void applyToNxt(ReconcileRun run, String entity, JsonNode record, String reason) {
        long wooId = record.path("id").asLong();
        try {
            ApplyOutcome outcome = writer.apply(entity, record, "reconcile");
            run.count(entity, switch (outcome.result()) {
                case "created" -> "createdInNxt";
                case "updated", "merged" -> "repaired";
                case "unchanged", "echo" -> "inStep";
                default -> "flagged"; // conflict held for a person, invalid record, skipped
            });
            pairs.byWooId(entity, wooId).ifPresent(p -> {
                run.seenWoo(entity, p.id());
                run.repairedFromWoo(entity, p.id());
            });
            log.debug("Reconcile {} woo {}: {} ({})", entity, wooId, outcome.result(), reason);
        } catch (MappingException e) {
            run.count(entity, "flagged");
        } catch (RuntimeException e) {
            if (peerDown(e)) {
                throw e;
            }
            run.count(entity, "errors");
            recordError(entity, "woo:" + wooId, e, record);
        }
    }

    /**
     * NXT-ND whole: a record equal to its pair's last synced NXT-ND state is in step (when WooCommerce's side was
     * too); a changed one is pushed; one without a pair is created in (or matched to) WooCommerce. A pair whose
     * WooCommerce record is gone is never pushed again.
     */
    public ReconcileRun nxtSide(ReconcileRun run, String entity) {
        return guarded(run, entity, () ->
                nxt.forEachPageReadAhead(entity + "s", PAGE, null, page -> compareNxt(run, entity, page.items())));
    }

    private void compareNxt(ReconcileRun run, String entity, List<JsonNode> records) throws InterruptedException {
        Map<String, EntityMapping> known = pairs.byNxtIds(entity, records.stream().map(r -> r.path("id").asText()).toList());
        List<JsonNode> toPush = new ArrayList<>();
        for (JsonNode r : records) {
            EntityMapping pair = known.get(r.path("id").asText());
            if (pair != null && run.wasSeenNxt(entity, pair.id())) {
                // read twice: changed while it was paged, it moved to the end of NXT-ND's order (updatedAt) and
                // shifted those after its old place back by one. Compared once; its change goes by the change feed
                run.nxtShifted(entity);
                continue;
            }
            if (pair != null) {
                run.seenNxt(entity, pair.id());
                if ("deleted".equals(pair.syncStatus()) || run.wasRepairedFromWoo(entity, pair.id())) {
                    continue;
                }
                if (canonical.nxtHash(entity, r).equals(pair.nxtHash())) {
                    if (run.wasSeenWoo(entity, pair.id())) {
                        run.count(entity, "inStep");
                    }
                    continue; // not seen in WooCommerce: settled with the unseen pairs
                }
            }
            if (run.dryRun()) {
                run.plan(new ReconcileAction(entity, pair == null ? "create-in-woo" : "update-woo",
                        pair == null ? null : pair.wooId(), r.path("id").asText(),
                        pair == null ? "not paired: create in or match to WooCommerce" : "changed in NXT-ND"));
                run.count(entity, pair == null ? "createdInWoo" : "repaired");
            } else {
                toPush.add(r);
            }
        }
        if (toPush.isEmpty()) {
            return;
        }
        SyncCounts c = push.pushRecords(entity, toPush);
        run.count(entity, "createdInWoo", c.get(entity, "push", "created"));
        run.count(entity, "repaired", c.get(entity, "push", "updated"));
        run.count(entity, "inStep", c.get(entity, "push", "unchanged"));
        run.count(entity, "flagged", c.get(entity, "push", "conflicts") + c.get(entity, "push", "skipped"));
        run.count(entity, "errors", c.get(entity, "push", "errors"));
    }

    /**
     * The pairs one pass did not see, settled 100 at a time. Gone from WooCommerce (read again to be sure: 404 or in
     * the trash) → NXT-ND's record is deactivated and the pair marked deleted. Gone from NXT-ND → created again there
     * from the WooCommerce record. The reads and writes go by the 100 too: one {@code include=} read of WooCommerce
     * per 100 such pairs, one NXT-ND batch per 100 repairs of a kind ({@link NxtRepairs}).
     */
    public ReconcileRun unseen(ReconcileRun run, String entity) {
        return guarded(run, entity, () -> {
            NxtRepairs.Batch repairs = nxtRepairs.open(run, entity);
            List<ReconcilePairs.PairIds> unseen = new ArrayList<>();
            long after = 0;
            while (true) {
                List<ReconcilePairs.PairIds> chunk = reconcilePairs.livePairs(entity, run.startedAt(), after, PAGE);
                if (chunk.isEmpty()) {
                    break;
                }
                after = chunk.get(chunk.size() - 1).id();
                for (ReconcilePairs.PairIds p : chunk) {
                    if (p.wooId() != null && (!run.wasSeenWoo(entity, p.id()) || unseenInNxt(run, entity, p))) {
                        unseen.add(p); // without a WooCommerce id there is nothing to compare or create again from
                    }
                    if (unseen.size() == PAGE) {
                        settleUnseen(run, entity, unseen, repairs);
                        unseen.clear();
                    }
                }
            }
            settleUnseen(run, entity, unseen, repairs);
            repairs.flush();
        });
    }

    private static boolean unseenInNxt(ReconcileRun run, String entity, ReconcilePairs.PairIds p) {
        return p.nxtId() != null && !run.wasSeenNxt(entity, p.id()) && !run.wasRepairedFromWoo(entity, p.id());
    }

    /** Settles up to 100 unseen pairs with one read of their WooCommerce records. */
    private void settleUnseen(ReconcileRun run, String entity, List<ReconcilePairs.PairIds> unseen,
                              NxtRepairs.Batch repairs) throws Exception {
        if (unseen.isEmpty()) {
            return;
        }
        Map<Long, JsonNode[]> inWoo = readFromWoo(entity, unseen);
        for (ReconcilePairs.PairIds p : unseen) {
            JsonNode[] found = inWoo.get(p.wooId()); // {record, parent or null}
            if (found == null) {
                goneInWoo(run, entity, p, repairs);
            } else if (unseenInNxt(run, entity, p) && goneFromNxt(run, entity, p)) {
                missingInNxt(run, entity, p, found, repairs);
            }
        }
    }

    /**
     * The WooCommerce records of these pairs that exist (not in the trash), by id, each with its parent when it is a
     * variation: one {@code include=} read for the top-level ones (it answers the live records only: one
     * force-deleted or trashed is simply not there), and for variations one of their parents and one per parent.
     */
    private Map<Long, JsonNode[]> readFromWoo(String entity, List<ReconcilePairs.PairIds> unseen) {
        Map<Long, JsonNode[]> found = new HashMap<>();
        List<Long> topLevel = new ArrayList<>();
        Map<Long, List<Long>> variations = new LinkedHashMap<>();
        for (ReconcilePairs.PairIds p : unseen) {
            if (p.wooParentId() != null) {
                variations.computeIfAbsent(p.wooParentId(), k -> new ArrayList<>()).add(p.wooId());
            } else {
                topLevel.add(p.wooId());
            }
        }
        woo.listByIds(entity + "s", topLevel).forEach(r -> found.put(r.path("id").asLong(), new JsonNode[] {r, null}));
        for (JsonNode parent : woo.listByIds("products", variations.keySet())) {
            woo.listByIds("products/" + parent.path("id").asLong() + "/variations", variations.get(parent.path("id").asLong()))
                    .forEach(v -> found.put(v.path("id").asLong(), new JsonNode[] {v, parent}));
        }
        return found;
    }

    /**
     * A pair NXT-ND's paging did not see is gone from there, unless the paging read some record twice: that record
     * moved (NXT-ND lists by updatedAt, offset by offset) and the one after its old place may have fallen between two
     * pages. Then each such pair is read once more, and one found after all is compared as the paging would have.
     * A record deleted in NXT-ND during the paging shifts the others too and leaves no trace: a neighbour taken for
     * gone is "created again" by a batch upsert, which matches it by SKU / customer code and answers unchanged or
     * updated instead of created, and is counted so (inStep, repaired).
     */
    private boolean goneFromNxt(ReconcileRun run, String entity, ReconcilePairs.PairIds p) throws InterruptedException {
        if (!run.wasNxtShifted(entity)) {
            return true;
        }
        Optional<JsonNode> record = nxt.get(entity + "s", p.nxtId());
        if (record.isPresent()) {
            compareNxt(run, entity, List.of(record.get()));
        }
        return record.isEmpty();
    }

    private void goneInWoo(ReconcileRun run, String entity, ReconcilePairs.PairIds p, NxtRepairs.Batch repairs) {
        if (run.dryRun()) {
            run.plan(new ReconcileAction(entity, "deactivate-in-nxt", p.wooId(), p.nxtId(),
                    "gone from WooCommerce without a webhook"));
            run.count(entity, "deactivated");
            return;
        }
        repairs.deactivate(p);
    }

    private void missingInNxt(ReconcileRun run, String entity, ReconcilePairs.PairIds p, JsonNode[] found,
                              NxtRepairs.Batch repairs) throws Exception {
        if (run.dryRun()) {
            run.plan(new ReconcileAction(entity, "create-in-nxt", p.wooId(), p.nxtId(), "gone from NXT-ND"));
            run.count(entity, "createdInNxt");
            return;
        }
        repairs.recreate(p, found[0], found[1]);
    }

    /** Ends the run: the session gets its figures; the answer is the report. */
    public ReconcileReport finish(ReconcileRun run) {
        String status = run.error() == null ? "completed" : "failed";
        String counts;
        try {
            counts = json.writeValueAsString(run.countsTree());
        } catch (Exception e) {
            counts = "{}";
        }
        sessions.finish(run.sessionId(), status, counts, run.error());
        ReconcileReport report = run.report(status);
        log.info("Reconcile {} {}{} in {} ms: {}", run.sessionId(), status, run.dryRun() ? " (dry run)" : "",
                report.durationMs(), report.entities());
        return report;
    }

    private ReconcileRun guarded(ReconcileRun run, String entity, Step step) {
        if (!run.covers(entity)) {
            return run;
        }
        try {
            CallTimeout.within(run.timeouts(), () -> {
                step.run();
                return null;
            });
        } catch (Exception e) {
            String error = e.getClass().getSimpleName() + ": " + e.getMessage();
            run.fail(error, peerDown(e));
            log.warn("Reconcile {} stopped at {}: {}", run.sessionId(), entity, error);
        }
        return run;
    }

    private static boolean peerDown(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PeerApiException p && (p instanceof com.nxtnd.hub.peer.CircuitOpenException
                    || p.isTransient() || p.isAuthFailure())) {
                return true;
            }
        }
        return false;
    }

    private void recordError(String entity, String ref, Exception e, JsonNode original) {
        errors.record(new ErrorLogRepository.NewError(e instanceof PeerApiException ? "nxt" : "hub",
                e.getClass().getSimpleName(), "reconcile", "reconcile", entity, ref, e.getMessage(), null,
                original.toString().getBytes(StandardCharsets.UTF_8), null, 1));
    }
}
