package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;

/** Writes one WooCommerce record (or its deletion) into NXT-ND and records the pair in the mapping store. */
public interface WooRecordApplier {

    ApplyOutcome apply(String resource, JsonNode wooRecord, String source);

    ApplyOutcome delete(String resource, long wooId, String source);
}
