package com.nxtnd.hub.api;

import com.nxtnd.hub.monitor.DashboardReport;
import com.nxtnd.hub.monitor.MonitoringReports;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** GET /api/woocommerce/dashboard: every figure the /dashboard page shows, in one call. */
@RestController
@Tag(name = "monitoring")
class DashboardController {

    private final MonitoringReports reports;

    DashboardController(MonitoringReports reports) {
        this.reports = reports;
    }

    @GetMapping("/api/woocommerce/dashboard")
    @Operation(summary = "Sync performance, webhook processing, conflicts, system health, stock drift, active alerts "
            + "and 24 h chart series, as shown by /dashboard")
    DashboardReport dashboard() {
        return reports.dashboard();
    }
}
