package com.nxtnd.hub.api;

import com.nxtnd.hub.monitor.StoredAlerts;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** GET /api/woocommerce/alerts[?status=active|resolved|all&limit=] and /api/woocommerce/alerts/{id}. */
@RestController
@Tag(name = "monitoring")
class AlertsController {

    private static final List<String> STATUSES = List.of("active", "resolved", "all");

    /** Alerts of one status (or all), newest first. */
    record AlertList(String status, java.util.List<StoredAlerts.Alert> items) {
    }

    private final StoredAlerts alerts;

    AlertsController(StoredAlerts alerts) {
        this.alerts = alerts;
    }

    @GetMapping("/api/woocommerce/alerts")
    @Operation(summary = "Alerts, newest first: active (default), resolved or all")
    @ApiResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = AlertList.class)))
    ResponseEntity<?> list(
            @Parameter(schema = @Schema(allowableValues = {"active", "resolved", "all"}, defaultValue = "active"))
            @RequestParam(defaultValue = "active") String status,
            @RequestParam(defaultValue = "100") int limit) {
        if (!STATUSES.contains(status)) {
            return ResponseEntity.badRequest().body(ApiErrors.body("bad_request", "status must be one of " + STATUSES,
                    Map.of("parameter", "status", "value", status)));
        }
        if (limit < 1 || limit > 1000) {
            return ResponseEntity.badRequest().body(ApiErrors.body("bad_request", "limit must be between 1 and 1000",
                    Map.of("parameter", "limit", "value", limit)));
        }
        return ResponseEntity.ok(new AlertList(status, alerts.list("all".equals(status) ? null : status, limit)));
    }

    @GetMapping("/api/woocommerce/alerts/{id}")
    @Operation(summary = "One alert")
    @ApiResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = StoredAlerts.Alert.class)))
    ResponseEntity<?> one(@PathVariable long id) {
        return alerts.find(id).<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(() -> ResponseEntity.status(404)
                .body(ApiErrors.body("not_found", "No alert " + id, Map.of("id", id))));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, Object>> badParameter(MethodArgumentTypeMismatchException e) {
        return ResponseEntity.badRequest().body(ApiErrors.body("bad_request", e.getName() + " must be a "
                + (e.getRequiredType() == null ? "valid value" : e.getRequiredType().getSimpleName()),
                Map.of("parameter", e.getName(), "value", String.valueOf(e.getValue()))));
    }
}
