package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Changed records gathered by the pull route's aggregator, in the body (an aggregation repository may drop exchange
 * properties): the run they belong to, the records, whether the page's last record has come (complete now), and
 * NXT-ND's per-item answer once written.
 */
public final class PullBatch {

    private final PullRun run;
    private final List<PullCandidate> items = new ArrayList<>();
    private boolean last;
    private JsonNode results = MissingNode.getInstance();

    public PullBatch(PullRun run) {
        this.run = run;
    }

    public PullRun run() {
        return run;
    }

    public List<PullCandidate> items() {
        return items;
    }

    public int size() {
        return items.size();
    }

    /** The page's records are all in: complete the batch whatever its size. */
    public boolean last() {
        return last;
    }

    void add(PullCandidate c) {
        items.add(c);
    }

    void markLast() {
        last = true;
    }

    JsonNode results() {
        return results;
    }

    void results(JsonNode upserted) {
        results = upserted;
    }

    @Override
    public String toString() {
        return "PullBatch[" + run.entity() + " x" + items.size() + (last ? ", last" : "") + "]";
    }
}
