package com.nxtnd.hub.api;

import com.nxtnd.hub.reconcile.LastReconcile;
import com.nxtnd.hub.reconcile.ReconcileReport;
import com.nxtnd.hub.reconcile.ReconcileRequest;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/woocommerce/sync/reconcile}: a reconcile run now, through route {@code reconcile}
 * ({@code {"dryRun":true,"entityTypes":["product"]}}); {@code GET .../reconcile/last}: the last run's figures.
 */
@RestController
class ReconcileController {

    private final ProducerTemplate producer;
    private final LastReconcile last;

    ReconcileController(ProducerTemplate producer, LastReconcile last) {
        this.producer = producer;
        this.last = last;
    }

    @PostMapping("/api/woocommerce/sync/reconcile")
    @ApiResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = ReconcileReport.class)))
    ResponseEntity<?> reconcile(@RequestBody(required = false) ReconcileRequest body) {
        ReconcileRequest request = body == null ? new ReconcileRequest(false, null) : body;
        Exchange done = producer.send("direct:reconcile", e -> e.getMessage().setBody(request));
        if (done.getMessage().getBody() instanceof ReconcileReport report) {
            return ResponseEntity.ok(report);
        }
        // failed outside a step: the dead letter channel kept it (replayable) and handled it
        Throwable cause = done.getException() != null ? done.getException()
                : done.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Object errorId = done.getProperty("hubErrorId");
        return ResponseEntity.status(500).body(ApiErrors.body("reconcile_failed",
                cause == null ? "Reconcile did not finish" : String.valueOf(cause.getMessage()),
                errorId == null ? Map.of() : Map.of("errorId", errorId)));
    }

    @GetMapping("/api/woocommerce/sync/reconcile/last")
    @ApiResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = LastReconcile.Summary.class)))
    ResponseEntity<?> last() {
        return last.find().<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(() -> ResponseEntity.status(404)
                .body(ApiErrors.body("not_found", "No reconcile has run yet", Map.of())));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<?> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(ApiErrors.body("bad_request", e.getMessage(), Map.of()));
    }
}
