package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Writes one WooCommerce record (or its deletion) into NXT-ND and records the pair in the mapping store. */
public interface WooRecordApplier {

    /** What became of one record of {@link #applyAll}: its outcome, or the failure of that record alone. */
    record Applied(ApplyOutcome outcome, RuntimeException failure) {

        public static Applied of(ApplyOutcome outcome) {
            return new Applied(outcome, null);
        }

        public static Applied failed(RuntimeException failure) {
            return new Applied(null, failure);
        }
    }

    ApplyOutcome apply(String resource, JsonNode wooRecord, String source);

    ApplyOutcome delete(String resource, long wooId, String source);

    /**
     * Writes several records of one resource (products or customers, each a different record) in NXT-ND batch
     * upserts; one answer per record, in order. Throws when a batch call fails as a whole.
     */
    List<Applied> applyAll(String resource, List<JsonNode> wooRecords, String source);
}
