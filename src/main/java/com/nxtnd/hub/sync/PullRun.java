package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One pull of one entity, the message that routes/pull.camel.yaml carries (kept as exchange property
 * {@code pullRun} while the pages are split): what was asked, where to start, what it counted and planned, and the
 * state a run keeps across pages (SKUs seen, the customer matcher, a failure of a batch write).
 */
public final class PullRun {

    /** Called after each page: the next page to read, the total and the page size, for checkpoints and progress. */
    @FunctionalInterface
    public interface PageListener {
        void pageDone(int nextPage, int totalPages, int pageSize);
    }

    private final String id = UUID.randomUUID().toString();
    private final String entity;
    private final SyncRequest request;
    private final SyncCounts counts;
    private final List<Map<String, Object>> plan;
    private final SyncCheckpoint from;
    private volatile int pageSize = PullPages.PAGE_SIZE;
    private final PageListener listener;
    private final Instant started = Instant.now();
    /** SKU -> the WooCommerce product that first had it in this run: a second holder is a conflict. */
    private final SeenKeys seenKeys = new SeenKeys();
    /** Records handed to the batches, and settled: {sent, settled}; also the lock awaitBatches waits on. */
    private final long[] batches = new long[2];
    /** WooCommerce ids with a pending record-level conflict when the run first asked (see PullPlanner). */
    private volatile java.util.Set<Long> recordConflicts;
    private NxtCustomerMatcher matcher;
    private volatile Exception failure;
    private volatile boolean over;

    public PullRun(String entity, SyncRequest request, SyncCounts counts, List<Map<String, Object>> plan,
                   SyncCheckpoint from, PageListener listener) {
        this.entity = entity;
        this.request = request;
        this.counts = counts;
        this.plan = plan;
        this.from = from;
        this.listener = listener;
    }

    /** The route of this entity's pull (pull-products, pull-customers, pull-orders): errors are stored under it. */
    public static String routeId(String entity) {
        return "pull-" + entity + "s";
    }

    public String routeId() {
        return routeId(entity);
    }

    /** The entry of this entity's pull route. */
    public String endpoint() {
        return "direct:" + routeId();
    }

    public String id() {
        return id;
    }

    /**
     * Whether this record had a pending record-level conflict (data_validation, type_mismatch) when the run began to
     * map: read once per run ({@code load}), so that a valid record costs no statement to supersede a conflict it
     * almost never has.
     */
    public boolean hadRecordConflict(long wooId, java.util.function.Supplier<java.util.Set<Long>> load) {
        java.util.Set<Long> ids = recordConflicts;
        if (ids == null) {
            synchronized (this) {
                if (recordConflicts == null) {
                    recordConflicts = load.get();
                }
                ids = recordConflicts;
            }
        }
        return ids.contains(wooId);
    }

    public String entity() {
        return entity;
    }

    public SyncRequest request() {
        return request;
    }

    public boolean dryRun() {
        return request.dryRun();
    }

    public SyncCounts counts() {
        return counts;
    }

    public void count(String result) {
        counts.add(entity, "pull", result);
    }

    public void count(String result, long n) {
        counts.add(entity, "pull", result, n);
    }

    public List<Map<String, Object>> plan() {
        return plan;
    }

    /** The first page to read, in pages of {@link #pageSize()}: where the checkpoint it resumes from left off. */
    public int startPage() {
        return from.startPage(pageSize);
    }

    /** WooCommerce records per page (route placeholder hub.pull.page-size), set before the first page is read. */
    public int pageSize() {
        return pageSize;
    }

    void pageSize(int pageSize) {
        this.pageSize = pageSize;
    }

    public PageListener listener() {
        return listener;
    }

    public Instant started() {
        return started;
    }

    SeenKeys seenKeys() {
        return seenKeys;
    }

    NxtCustomerMatcher matcher() {
        return matcher;
    }

    void matcher(NxtCustomerMatcher matcher) {
        this.matcher = matcher;
    }

    /** A record handed to the batches (the aggregator's thread writes them; see awaitBatches). */
    void sentToBatch() {
        synchronized (batches) {
            batches[0]++;
        }
    }

    /** Records of a batch written, refused, planned or dropped: whoever waits in awaitBatches may go on. */
    void batchSettled(int records) {
        synchronized (batches) {
            batches[1] += records;
            batches.notifyAll();
        }
    }

    /**
     * Waits until every record handed to the batches so far is settled, or a batch failed. The batches are written
     * on the aggregator's own thread: written in the pages' thread (an inline executor), Camel 4.17 chained each
     * page's callbacks to the last one's and kept every record of the run alive until its end (OutOfMemoryError at
     * 100,000 products with -Xmx256m). Waiting at the page's end keeps the checkpoint after its writes.
     */
    void awaitBatches(java.time.Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        synchronized (batches) {
            while (batches[1] < batches[0] && failure == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("The " + entity + " batches of a page were not written within "
                            + atMost.toSeconds() + " s");
                }
                batches.wait(java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(left) + 1);
            }
        }
    }

    /**
     * A batch write failed (NXT-ND down, a refused batch): the aggregator's output cannot throw to the split, so the
     * failure is kept here and the page's checkpoint step throws it; the run stops before its watermark moves.
     */
    public void fail(Exception e) {
        synchronized (batches) {
            if (failure == null) {
                failure = e;
            }
            batches.notifyAll();
        }
    }

    public Exception failure() {
        return failure;
    }

    /** Throws the failure of a batch write, if there was one. */
    public void throwIfFailed() throws Exception {
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * The run has returned to its caller. A batch still in the aggregator then (its page stopped half way) is
     * completed by the aggregator's timeout later and must not be written: the run is resumed from that page.
     */
    public void over() {
        over = true;
    }

    /** Whether batches of this run may still be written. */
    public boolean writing() {
        return !over && failure == null;
    }

    /** The record's WooCommerce id as stored with an error: {@code woo:<id>}. */
    static String ref(JsonNode wooRecord) {
        return "woo:" + wooRecord.path("id").asLong();
    }
}
