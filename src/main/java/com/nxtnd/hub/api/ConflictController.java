package com.nxtnd.hub.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.nxtnd.hub.conflict.ConflictStateException;
import com.nxtnd.hub.conflict.ManualResolution;
import com.nxtnd.hub.peer.PeerApiException;
import com.nxtnd.hub.store.Conflict;
import com.nxtnd.hub.store.ConflictRepository;
import com.nxtnd.hub.store.ConflictStats;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** /api/woocommerce/conflicts: statistics, the queue of conflicts held for a person, and their resolution. */
@RestController
class ConflictController {

    private static final Pattern WINDOW = Pattern.compile("(\\d{1,4})([mhd])");

    record ResolveRequest(@jakarta.validation.constraints.Pattern(regexp = "wc|nxt|merged",
                                  message = "must be wc, nxt or merged") String resolution, JsonNode data) {
    }

    /**
     * One conflict: both sides' and the base's values of the conflicting fields, how it stands; after a resolution
     * also the settled record and which sides were written.
     */
    record ConflictView(long id, String entityType, Long mappingId, Long wooId, String nxtId, String type,
                        List<String> fields, JsonNode baseValues, JsonNode wooValues, JsonNode nxtValues,
                        java.time.Instant wooModifiedAt, java.time.Instant nxtModifiedAt, String detail, String source,
                        String strategy, String status, String resolution, JsonNode resolvedValues,
                        java.time.Instant resolvedAt, String resolvedBy, java.time.Instant createdAt, JsonNode settled,
                        List<String> writtenTo) {
    }

    /** The conflicts created over the window (as asked, e.g. 24h), as {@link ConflictStats} counts them. */
    record ConflictStatsResponse(String window, long total, long pending, long resolved, long superseded,
                                 long autoResolved, double autoResolutionRate, long pendingOverall,
                                 Map<String, Long> byType, Map<String, Long> byEntity, Map<String, Long> byStrategy,
                                 Map<String, Long> bySource) {
    }

    /** A page of pending conflicts, oldest first. */
    record ConflictPage(List<ConflictView> items, int page, int size, long total) {
    }

    private final ConflictRepository conflicts;
    private final ManualResolution resolution;

    ConflictController(ConflictRepository conflicts, ManualResolution resolution) {
        this.conflicts = conflicts;
        this.resolution = resolution;
    }

    @GetMapping("/api/woocommerce/conflicts/stats")
    ConflictStatsResponse stats(@RequestParam(defaultValue = "24h") String window) {
        ConflictStats s = conflicts.stats(window(window));
        return new ConflictStatsResponse(window, s.total(), s.pending(), s.resolved(), s.superseded(), s.autoResolved(),
                s.autoResolutionRate(), s.pendingOverall(), s.byType(), s.byEntity(), s.byStrategy(), s.bySource());
    }

    @GetMapping("/api/woocommerce/conflicts/pending")
    ConflictPage pending(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size,
                                @RequestParam(required = false) String entity) {
        if (page < 0) {
            throw new IllegalArgumentException("page: must be 0 or more");
        }
        if (size < 1 || size > 200) {
            throw new IllegalArgumentException("size: must be between 1 and 200");
        }
        if (entity != null && !List.of("product", "customer", "order").contains(entity)) {
            throw new IllegalArgumentException("entity: must be product, customer or order");
        }
        return new ConflictPage(conflicts.pendingPage(page, size, entity).stream().map(c -> view(c, null, null)).toList(),
                page, size, conflicts.pending(entity));
    }

    @GetMapping("/api/woocommerce/conflicts/{id}")
    @ApiResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = ConflictView.class)))
    ResponseEntity<?> one(@PathVariable long id) {
        return conflicts.find(id).<ResponseEntity<?>>map(c -> ResponseEntity.ok(view(c, null, null)))
                .orElseGet(() -> notFound(id));
    }

    @PostMapping("/api/woocommerce/conflicts/{id}/resolve")
    @ApiResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = ConflictView.class)))
    ResponseEntity<?> resolve(@PathVariable long id, @jakarta.validation.Valid @RequestBody(required = false) ResolveRequest body,
                              Principal principal) {
        ResolveRequest r = body == null ? new ResolveRequest(null, null) : body;
        return resolution.resolve(id, r.resolution(), r.data(), principal == null ? "admin" : principal.getName())
                .<ResponseEntity<?>>map(o -> ResponseEntity.ok(view(o.conflict(), o.settled(),
                        o.wroteWoo() && o.wroteNxt() ? List.of("woo", "nxt")
                                : o.wroteWoo() ? List.of("woo") : o.wroteNxt() ? List.of("nxt") : List.of())))
                .orElseGet(() -> notFound(id));
    }

    static ConflictView view(Conflict c, JsonNode settled, List<String> writtenTo) {
        return new ConflictView(c.id(), c.entityType(), c.mappingId(), c.wooId(), c.nxtId(), c.type(), c.fields(),
                c.baseValues(), c.wooValues(), c.nxtValues(), c.wooModifiedAt(), c.nxtModifiedAt(), c.detail(),
                c.source(), c.strategy(), c.status(), c.resolution(), c.resolvedValues(), c.resolvedAt(),
                c.resolvedBy(), c.createdAt(), settled, writtenTo);
    }

    static Duration window(String text) {
        Matcher m = WINDOW.matcher(text == null ? "" : text.trim());
        if (!m.matches() || Integer.parseInt(m.group(1)) == 0) {
            throw new IllegalArgumentException("window: expected a duration such as 30m, 24h or 7d, got '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    private static ResponseEntity<?> notFound(long id) {
        return ResponseEntity.status(404).body(ApiErrors.body("not_found", "No conflict " + id, Map.of("id", id)));
    }

    @ExceptionHandler(ConflictStateException.class)
    ResponseEntity<?> conflictState(ConflictStateException e) {
        return ResponseEntity.status(409).body(ApiErrors.body(e.code(), e.getMessage(), e.details()));
    }

    /** A side could not be written: the conflict stays pending, to be resolved again once the system is back. */
    @ExceptionHandler(PeerApiException.class)
    ResponseEntity<?> peerFailed(PeerApiException e) {
        return ResponseEntity.status(502).body(ApiErrors.body("peer_failed", "The conflict stays pending: "
                + e.getMessage(), Map.of()));
    }
}
