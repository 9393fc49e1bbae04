package com.nxtnd.hub.sync;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * How the pull route's aggregator gathers a batch (bean {@code pullBatchStrategy}): each changed record joins the
 * {@link PullBatch} in the body; the page's end-of-page message adds nothing and marks the batch last, so the
 * completion predicate closes it then and there (never a wait for the completion timeout at the end of a page).
 */
@Component("pullBatchStrategy")
public class PullBatchStrategy implements AggregationStrategy {

    /** The body the route sends to the aggregator after a page's last record. */
    public static final String END_OF_PAGE = "end-of-page";

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        Exchange into = oldExchange == null ? newExchange : oldExchange;
        PullBatch batch = oldExchange == null
                ? new PullBatch(newExchange.getProperty("pullRun", PullRun.class))
                : oldExchange.getIn().getBody(PullBatch.class);
        Object body = newExchange.getIn().getBody();
        if (body instanceof PullCandidate c) {
            batch.add(c);
            batch.run().sentToBatch();
        } else if (END_OF_PAGE.equals(body)) {
            batch.markLast();
        } else {
            throw new IllegalArgumentException("the pull batch aggregator takes records and '" + END_OF_PAGE
                    + "', not " + body);
        }
        into.getIn().setBody(batch);
        return into;
    }
}
