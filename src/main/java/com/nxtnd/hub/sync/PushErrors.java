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

    /**
     * Records a problem of the record's own data that every run would meet again (a variant whose parent is missing)
     * once: false, recording nothing, while an earlier report of it is still open.
     */
    public boolean recordOnce(String entity, String nxtId, String code, String message, JsonNode original) {
        if (errors.hasOpen(code, "nxt:" + nxtId)) {
            return false;
        }
        record(entity, nxtId, code, message, original);
        return true;
    }

    public void record(String entity, String nxtId, String code, String message, JsonNode original) {
        errors.record(new ErrorLogRepository.NewError("woo", code == null ? "BatchItemError" : code, ROUTE,
                "woo-batch-writer", entity, "nxt:" + nxtId, message, null,
                original.toString().getBytes(StandardCharsets.UTF_8), null, 1));
    }
}
