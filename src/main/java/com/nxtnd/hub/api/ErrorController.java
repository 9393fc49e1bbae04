package com.nxtnd.hub.api;

import com.nxtnd.hub.peer.PeerGuards;
import com.nxtnd.hub.recovery.CredentialWatch;
import com.nxtnd.hub.recovery.ErrorReplay;
import com.nxtnd.hub.store.ErrorLogRepository;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * /api/woocommerce/errors: the dead letter store's statistics and its replay (one error, a filter, or all), and
 * /api/woocommerce/circuits: breaker states, pacing and refused credentials.
 */
@RestController
class ErrorController {

    /** Which open errors to replay; {@code all: true} with no other field replays every open error. */
    record ReplayRequest(Boolean all,
                         @jakarta.validation.constraints.Size(max = 16, message = "at most 16 characters") String system,
                         @jakarta.validation.constraints.Size(max = 200, message = "at most 200 characters") String errorType,
                         @jakarta.validation.constraints.Size(max = 200, message = "at most 200 characters") String routeId,
                         @jakarta.validation.constraints.Size(max = 32, message = "at most 32 characters") String entityType,
                         @jakarta.validation.constraints.Size(max = 40, message = "at most 40 characters") String since,
                         Integer limit) {
    }

    private final ErrorLogRepository errors;
    private final ErrorReplay replay;
    private final PeerGuards guards;
    private final CredentialWatch credentials;

    ErrorController(ErrorLogRepository errors, ErrorReplay replay, PeerGuards guards, CredentialWatch credentials) {
        this.errors = errors;
        this.replay = replay;
        this.guards = guards;
        this.credentials = credentials;
    }

    /** The error log over the window, and the breakers' states now. */
    record ErrorStatsResponse(String window, long total, long open, Map<String, Long> bySystem, Map<String, Long> byType,
                              Map<String, Long> byRoute, Map<String, Long> byStatus,
                              List<com.nxtnd.hub.store.ErrorStats.Hour> overTime, Map<String, String> circuits) {
    }

    /** What a bulk replay did: counts and one result per error. */
    record ReplayResponse(long replayed, long failed, List<ErrorReplay.Replayed> results) {
    }

    /** Breakers' states, adaptive concurrency per peer, refused credentials and the routes stopped for them. */
    record CircuitsResponse(Map<String, String> breakers, Map<String, Integer> concurrency,
                            Map<String, Boolean> credentialsRefused, Map<String, List<String>> stoppedRoutes) {
    }

    @GetMapping("/api/woocommerce/errors/stats")
    ErrorStatsResponse stats(@RequestParam(defaultValue = "24h") String window) {
        com.nxtnd.hub.store.ErrorStats s = errors.stats(ConflictController.window(window));
        return new ErrorStatsResponse(window, s.total(), s.open(), s.bySystem(), s.byType(), s.byRoute(), s.byStatus(),
                s.overTime(), guards.allStates());
    }

    @PostMapping("/api/woocommerce/errors/{id}/replay")
    @ApiResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = ErrorReplay.Replayed.class)))
    ResponseEntity<?> replayOne(@PathVariable long id) {
        return replay.replay(id).<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(() ->
                ResponseEntity.status(404).body(ApiErrors.body("not_found", "No error " + id, Map.of("id", id))));
    }

    @PostMapping("/api/woocommerce/errors/replay")
    ReplayResponse replayMany(@jakarta.validation.Valid @RequestBody(required = false) ReplayRequest body) {
        ReplayRequest r = body == null ? new ReplayRequest(null, null, null, null, null, null, null) : body;
        boolean filtered = r.system() != null || r.errorType() != null || r.routeId() != null || r.entityType() != null
                || r.since() != null;
        if (!filtered && !Boolean.TRUE.equals(r.all())) {
            throw new IllegalArgumentException("all: give a filter (system, errorType, routeId, entityType, since) "
                    + "or \"all\": true to replay every open error");
        }
        int limit = r.limit() == null ? 1000 : r.limit();
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit: must be between 1 and 10000");
        }
        Instant since;
        try {
            since = r.since() == null ? null : Instant.parse(r.since());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("since: expected an ISO-8601 instant such as 2026-11-25T08:00:00Z");
        }
        List<ErrorReplay.Replayed> results = replay.replay(new ErrorLogRepository.Filter(r.system(), r.errorType(),
                r.routeId(), r.entityType(), since), limit);
        return new ReplayResponse(results.stream().filter(x -> x.outcome().equals("replayed")).count(),
                results.stream().filter(x -> x.outcome().equals("failed")).count(), results);
    }

    @GetMapping("/api/woocommerce/circuits")
    CircuitsResponse circuits() {
        return new CircuitsResponse(guards.allStates(),
                Map.of("woo", guards.woo().limiter().limit(), "nxt", guards.nxt().limiter().limit()),
                Map.of("woo", guards.credentialsRefused("woo"), "nxt", guards.credentialsRefused("nxt")),
                credentials.stoppedRoutes());
    }
}
