package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * NXT-ND -> WooCommerce: products and customers (full: every NXT-ND record; incremental: what the changes feed
 * names since the stored cursor) and order statuses. The flow is route sync-push in routes/push.camel.yaml (changes
 * feed -> pages -> plan -> woo-batch-writer -> outcomes -> checkpoint); this is its entry for SyncService, error
 * replay and reconcile, which hand it a run and get back the run's failure, if any, as an exception.
 */
@Component
public class PushSync {

    public static final String ENDPOINT = "direct:sync-push";
    public static final String RECORDS_ENDPOINT = "direct:push-records";
    public static final String WRITER_ENDPOINT = "direct:woo-batch-writer";

    private final ProducerTemplate producer;

    public PushSync(ProducerTemplate producer) {
        this.producer = producer;
    }

    /** Pushes products, customers and order statuses; returns the SKUs whose stock the changes feed says moved. */
    public Set<String> push(List<String> entities, SyncRequest request, SyncCounts counts, List<Map<String, Object>> plan) {
        PushRun run = new PushRun(entities, request, counts, plan);
        producer.sendBody(ENDPOINT, run);
        run.throwIfStopped(); // the phase is run again when the peer is back (its cursor was not moved)
        return run.stockMoved();
    }

    /** Pushes the given NXT-ND records now (a replay of failed writes, a reconcile repair); returns the counts. */
    public SyncCounts pushRecords(String entity, List<JsonNode> records) {
        SyncCounts counts = new SyncCounts();
        PushRun run = PushRun.of(entity, records, counts);
        producer.sendBody(RECORDS_ENDPOINT, run);
        run.throwIfStopped();
        return counts;
    }
}
