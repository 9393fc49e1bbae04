package com.nxtnd.hub.api;

import com.nxtnd.hub.monitor.HealthSummary;
import com.nxtnd.hub.monitor.MonitoringReports;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** GET /api/woocommerce/health: open (no login) for load balancers and uptime checks; statuses only, no secrets. */
@RestController
@Tag(name = "monitoring")
class HealthSummaryController {

    private final MonitoringReports reports;

    HealthSummaryController(MonitoringReports reports) {
        this.reports = reports;
    }

    @GetMapping("/api/woocommerce/health")
    @SecurityRequirements // no login
    @Operation(summary = "Up, degraded or down per service (database, Camel, WooCommerce, NXT-ND); 503 when the hub itself is down")
    ResponseEntity<HealthSummary> health() {
        HealthSummary body = reports.healthSummary();
        return ResponseEntity.status("DOWN".equals(body.status()) ? 503 : 200).body(body);
    }
}
