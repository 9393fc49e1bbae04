package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.nxtnd.hub.store.ErrorLogRepository;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;

/**
 * A pushed record that failed (mapping, or its item inside a WooCommerce /batch 200) goes to the error store under
 * route sync-push (routes/push.camel.yaml), the flow it belongs to; replay reads it again from NXT-ND by its
 * entity_ref ({@code nxt:<id>}) and pushes it through route push-records.
 */
@Component
public class PushErrors {

    public static final String ROUTE = "sync-push";

    private final ErrorLogRepository errors;

    public PushErrors(ErrorLogRepository errors) {
        this.errors = errors;
    }

    public void record(String entity, String nxtId, String code, String message, JsonNode original) {
        errors.record(new ErrorLogRepository.NewError("woo", code == null ? "BatchItemError" : code, ROUTE,
                "woo-batch-writer", entity, "nxt:" + nxtId, message, null,
                original.toString().getBytes(StandardCharsets.UTF_8), null, 1));
    }
}
