package com.nxtnd.hub.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The state of one reconcile run as it moves through route {@code reconcile}. Which pairs were seen on each side is
 * one bit per pair (by row id), so a run over a million pairs holds a few hundred kilobytes, never the records.
 */
public class ReconcileRun {

    static final int PLAN_LIMIT = 1000;
    static final String[] RESULTS = {"inStep", "repaired", "createdInWoo", "createdInNxt", "deactivated", "flagged",
        "errors"};

    private final UUID sessionId;
    private final ReconcileRequest request;
    private final Instant startedAt = Instant.now();
    private final Map<String, AtomicLongArray> tallies = new LinkedHashMap<>();
    private final Map<String, BitSet> wooSeen = new LinkedHashMap<>();
    private final Map<String, BitSet> nxtSeen = new LinkedHashMap<>();
    /** Pairs repaired from the WooCommerce side in this run: the NXT-ND pass neither counts nor pushes them again. */
    private final Map<String, BitSet> repaired = new LinkedHashMap<>();
    /** Entities whose NXT-ND paging read a record twice: it moved, and may have shifted another past a page. */
    private final java.util.Set<String> nxtShifted = new java.util.HashSet<>();
    private final List<ReconcileAction> plan = new ArrayList<>();
    private boolean planTruncated;
    private String error;
    private boolean peerUnavailable;
    /** The timeouts route reconcile names for the run's calls, per peer (peer.CallTimeout). */
    private final Map<String, Duration> timeouts;

    ReconcileRun(UUID sessionId, ReconcileRequest request, Map<String, Duration> timeouts) {
        this.sessionId = sessionId;
        this.request = request;
        this.timeouts = timeouts;
        for (String entity : request.entities()) {
            tallies.put(entity, new AtomicLongArray(RESULTS.length));
            wooSeen.put(entity, new BitSet());
            nxtSeen.put(entity, new BitSet());
            repaired.put(entity, new BitSet());
        }
    }

    public UUID sessionId() {
        return sessionId;
    }

    public boolean dryRun() {
        return request.dry();
    }

    public Instant startedAt() {
        return startedAt;
    }

    Map<String, Duration> timeouts() {
        return timeouts;
    }

    boolean covers(String entity) {
        return tallies.containsKey(entity) && error == null;
    }

    void count(String entity, String result) {
        for (int i = 0; i < RESULTS.length; i++) {
            if (RESULTS[i].equals(result)) {
                tallies.get(entity).incrementAndGet(i);
                return;
            }
        }
        throw new IllegalArgumentException("unknown reconcile result " + result);
    }

    void count(String entity, String result, long n) {
        for (long i = 0; i < n; i++) {
            count(entity, result);
        }
    }

    void seenWoo(String entity, long pairId) {
        wooSeen.get(entity).set(Math.toIntExact(pairId));
    }

    void seenNxt(String entity, long pairId) {
        nxtSeen.get(entity).set(Math.toIntExact(pairId));
    }

    void repairedFromWoo(String entity, long pairId) {
        repaired.get(entity).set(Math.toIntExact(pairId));
    }

    boolean wasSeenWoo(String entity, long pairId) {
        return wooSeen.get(entity).get(Math.toIntExact(pairId));
    }

    boolean wasSeenNxt(String entity, long pairId) {
        return nxtSeen.get(entity).get(Math.toIntExact(pairId));
    }

    boolean wasRepairedFromWoo(String entity, long pairId) {
        return repaired.get(entity).get(Math.toIntExact(pairId));
    }

    void nxtShifted(String entity) {
        nxtShifted.add(entity);
    }

    boolean wasNxtShifted(String entity) {
        return nxtShifted.contains(entity);
    }

    void plan(ReconcileAction action) {
        if (plan.size() < PLAN_LIMIT) {
            plan.add(action);
        } else {
            planTruncated = true;
        }
    }

    void fail(String error, boolean peerUnavailable) {
        this.error = error;
        this.peerUnavailable = peerUnavailable;
    }

    String error() {
        return error;
    }

    boolean peerUnavailable() {
        return peerUnavailable;
    }

    Map<String, ReconcileFigures> figures() {
        Map<String, ReconcileFigures> out = new LinkedHashMap<>();
        tallies.forEach((entity, t) -> out.put(entity, new ReconcileFigures(t.get(0), t.get(1), t.get(2), t.get(3),
                t.get(4), t.get(5), t.get(6))));
        return out;
    }

    /** {"product":{"reconcile":{"inStep":..}}}: the session's counts, in the shape sync sessions use. */
    Map<String, Map<String, Map<String, Long>>> countsTree() {
        Map<String, Map<String, Map<String, Long>>> tree = new LinkedHashMap<>();
        tallies.forEach((entity, t) -> {
            Map<String, Long> results = new LinkedHashMap<>();
            for (int i = 0; i < RESULTS.length; i++) {
                results.put(RESULTS[i], t.get(i));
            }
            tree.put(entity, Map.of("reconcile", results));
        });
        return tree;
    }

    ReconcileReport report(String status) {
        return new ReconcileReport(sessionId, status, dryRun(), startedAt,
                java.time.Duration.between(startedAt, Instant.now()).toMillis(), figures(), List.copyOf(plan),
                planTruncated, error);
    }
}
