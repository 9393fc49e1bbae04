package com.nxtnd.hub.api;

import com.nxtnd.hub.monitor.AnalyticsReport;
import com.nxtnd.hub.monitor.MonitoringReports;
import com.nxtnd.hub.monitor.MonitoringReports.Period;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** GET /api/woocommerce/analytics?period=24h|7d|30d: totals from the store, series from the metric snapshots. */
@RestController
@Tag(name = "monitoring")
class AnalyticsController {

    private final MonitoringReports reports;

    AnalyticsController(MonitoringReports reports) {
        this.reports = reports;
    }

    @GetMapping("/api/woocommerce/analytics")
    @Operation(summary = "Totals over the period (sync sessions and records, webhooks, conflicts, errors, API calls, "
            + "alerts) and bucketed series from wc_monitoring_metrics")
    AnalyticsReport analytics(
            @Parameter(schema = @Schema(allowableValues = {"24h", "7d", "30d"}, defaultValue = "24h"))
            @RequestParam(defaultValue = "24h") String period) {
        Period p;
        try {
            p = Period.of(period);
        } catch (IllegalArgumentException e) {
            throw new UnknownPeriod(period, e.getMessage());
        }
        return reports.analytics(p);
    }

    /** A period not offered: 400 naming the allowed ones. */
    static final class UnknownPeriod extends RuntimeException {
        final String value;

        UnknownPeriod(String value, String message) {
            super(message);
            this.value = value;
        }
    }

    @ExceptionHandler(UnknownPeriod.class)
    ResponseEntity<Map<String, Object>> unknownPeriod(UnknownPeriod e) {
        return ResponseEntity.badRequest().body(ApiErrors.body("bad_request", e.getMessage(),
                Map.of("parameter", "period", "value", e.value, "allowed", Period.labels())));
    }
}
