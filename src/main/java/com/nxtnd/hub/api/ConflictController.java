package com.nxtnd.hub.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.nxtnd.hub.conflict.ConflictStateException;
import com.nxtnd.hub.conflict.ManualResolution;
import com.nxtnd.hub.store.Conflict;
import com.nxtnd.hub.store.ConflictRepository;
import com.nxtnd.hub.woo.PeerApiException;
import java.security.Principal;
import java.time.Duration;
import java.util.LinkedHashMap;
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

    private final ConflictRepository conflicts;
    private final ManualResolution resolution;

    ConflictController(ConflictRepository conflicts, ManualResolution resolution) {
        this.conflicts = conflicts;
        this.resolution = resolution;
    }

    @GetMapping("/api/woocommerce/conflicts/stats")
    Map<String, Object> stats(@RequestParam(defaultValue = "24h") String window) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("window", window);
        answer.putAll(conflicts.stats(window(window)));
        return answer;
    }

    @GetMapping("/api/woocommerce/conflicts/pending")
    Map<String, Object> pending(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size,
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
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("items", conflicts.pendingPage(page, size, entity).stream().map(ConflictController::view).toList());
        answer.put("page", page);
        answer.put("size", size);
        answer.put("total", conflicts.pending(entity));
        return answer;
    }

    @GetMapping("/api/woocommerce/conflicts/{id}")
    ResponseEntity<?> one(@PathVariable long id) {
        return conflicts.find(id).<ResponseEntity<?>>map(c -> ResponseEntity.ok(view(c)))
                .orElseGet(() -> notFound(id));
    }

    @PostMapping("/api/woocommerce/conflicts/{id}/resolve")
    ResponseEntity<?> resolve(@PathVariable long id, @jakarta.validation.Valid @RequestBody(required = false) ResolveRequest body,
                              Principal principal) {
        ResolveRequest r = body == null ? new ResolveRequest(null, null) : body;
        return resolution.resolve(id, r.resolution(), r.data(), principal == null ? "admin" : principal.getName())
                .<ResponseEntity<?>>map(o -> {
                    Map<String, Object> answer = view(o.conflict());
                    answer.put("settled", o.settled());
                    answer.put("writtenTo", o.wroteWoo() && o.wroteNxt() ? List.of("woo", "nxt")
                            : o.wroteWoo() ? List.of("woo") : o.wroteNxt() ? List.of("nxt") : List.of());
                    return ResponseEntity.ok(answer);
                })
                .orElseGet(() -> notFound(id));
    }

    static Map<String, Object> view(Conflict c) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", c.id());
        v.put("entityType", c.entityType());
        v.put("mappingId", c.mappingId());
        v.put("wooId", c.wooId());
        v.put("nxtId", c.nxtId());
        v.put("type", c.type());
        v.put("fields", c.fields());
        v.put("baseValues", c.baseValues());
        v.put("wooValues", c.wooValues());
        v.put("nxtValues", c.nxtValues());
        v.put("wooModifiedAt", c.wooModifiedAt());
        v.put("nxtModifiedAt", c.nxtModifiedAt());
        v.put("detail", c.detail());
        v.put("source", c.source());
        v.put("strategy", c.strategy());
        v.put("status", c.status());
        v.put("resolution", c.resolution());
        v.put("resolvedValues", c.resolvedValues());
        v.put("resolvedAt", c.resolvedAt());
        v.put("resolvedBy", c.resolvedBy());
        v.put("createdAt", c.createdAt());
        return v;
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
