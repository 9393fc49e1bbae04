package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.store.ErrorLogRepository;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Failures of single pulled records, stored under the pull route of their entity (pull-products, pull-customers,
 * pull-orders) with headers that make the stored message a replay request for that route: sent back to it (what
 * ErrorReplay does with any route's error), the route reads the record again from WooCommerce and writes it.
 */
@Component
public class PullErrors {

    /** Names the record to replay ({@code woo:<id>}); the pull routes take a message with it as a replay. */
    public static final String REPLAY_OF = "hubReplayOf";
    /** The entity of the record to replay (product, customer, order). */
    public static final String ENTITY = "hubEntity";

    private final ErrorLogRepository errors;
    private final ObjectMapper json;

    public PullErrors(ErrorLogRepository errors, ObjectMapper json) {
        this.errors = errors;
        this.json = json;
    }

    public void record(String system, String type, String entity, String endpoint, String entityRef, String message,
                       Object original) {
        errors.record(new ErrorLogRepository.NewError(system, type, PullRun.routeId(entity), endpoint, entity,
                entityRef, message, null, String.valueOf(original).getBytes(StandardCharsets.UTF_8),
                replayHeaders(entity, entityRef), 1));
    }

    /** The headers stored with a pull error: what the route needs to replay it. */
    public String replayHeaders(String entity, String entityRef) {
        try {
            return json.writeValueAsString(Map.of(REPLAY_OF, entityRef, ENTITY, entity));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
