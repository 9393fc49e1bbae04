package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One push as it travels through route sync-push (routes/push.camel.yaml): what was asked, what the changes feed
 * named, the counts and dry-run plan, and the peer failure that stops it. Pages run in parallel: the collections
 * here are safe across the route's threads.
 */
public class PushRun {

    private final List<String> entities;
    private final SyncRequest request;
    private final SyncCounts counts;
    private final List<Map<String, Object>> plan;
    private final Set<String> stockMoved = Collections.synchronizedSet(new LinkedHashSet<>());
    private final Map<String, Set<String>> changedIds = new LinkedHashMap<>();
    private final String id = java.util.UUID.randomUUID().toString();
    private final AtomicLong groups = new AtomicLong();
    private final List<PushVariants.Waiting> waitingVariants = Collections.synchronizedList(new java.util.ArrayList<>());
    private volatile String cursor;
    private volatile String head;
    private volatile RuntimeException failure;
    private volatile Map<String, List<JsonNode>> given;

    public PushRun(List<String> entities, SyncRequest request, SyncCounts counts, List<Map<String, Object>> plan) {
        this.entities = entities;
        this.request = request;
        this.counts = counts;
        this.plan = Collections.synchronizedList(plan); // writes through to the caller's list
    }

    /** A push of the given records only (a replay or a reconcile repair): no changes feed, no checkpoint. */
    public static PushRun of(String entity, List<JsonNode> records, SyncCounts counts) {
        PushRun run = new PushRun(List.of(entity), new SyncRequest("push", List.of(entity), false, true, false, null),
                counts, new java.util.ArrayList<>());
        run.given = Map.of(entity, records);
        return run;
    }

    public List<String> entities() {
        return entities;
    }

    public SyncRequest request() {
        return request;
    }

    public SyncCounts counts() {
        return counts;
    }

    public List<Map<String, Object>> plan() {
        return plan;
    }

    public boolean dryRun() {
        return request.dryRun();
    }

    /** Items per WooCommerce /batch call asked by this run (the API's batchSize); 0 = the route's own size. */
    public int batchSize() {
        return request.batchSize() == null ? 0 : request.batchSize();
    }

    /** SKUs whose stock the changes feed says moved (incremental), for the stock phase after the push. */
    public Set<String> stockMoved() {
        return stockMoved;
    }

    /** NXT-ND ids per entity that the changes feed named (incremental). */
    public Map<String, Set<String>> changedIds() {
        return changedIds;
    }

    public Map<String, List<JsonNode>> given() {
        return given;
    }

    public String cursor() {
        return cursor;
    }

    public void cursor(String cursor) {
        this.cursor = cursor;
    }

    public String head() {
        return head;
    }

    public void head(String head) {
        this.head = head;
    }

    /**
     * New variants whose variation cannot be created on their page (the parent may not be in the shop, or not be
     * variable yet): created after every page is written (PushVariants).
     */
    public List<PushVariants.Waiting> waitingVariants() {
        return waitingVariants;
    }

    /** A fresh id for one page's aggregation groups, so pages running side by side never share a /batch call. */
    public String nextGroup() {
        return id + "-" + groups.incrementAndGet();
    }

    /** Stops the run: WooCommerce is down or a step failed; the cursor is not moved and the run resumes later. */
    public void stop(RuntimeException e) {
        if (failure == null) {
            failure = e;
        }
    }

    public RuntimeException failure() {
        return failure;
    }

    /** Throws the failure that stopped the run, if any. */
    public void throwIfStopped() {
        if (failure != null) {
            throw failure;
        }
    }
}
