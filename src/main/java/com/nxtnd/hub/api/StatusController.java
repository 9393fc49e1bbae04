package com.nxtnd.hub.api;

import com.nxtnd.hub.monitor.MonitoringReports;
import com.nxtnd.hub.monitor.StatusReport;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** GET /api/woocommerce/status: per service up/down and circuit state, queue depths, last sync per entity and direction. */
@RestController
@Tag(name = "monitoring")
class StatusController {

    private final MonitoringReports reports;

    StatusController(MonitoringReports reports) {
        this.reports = reports;
    }

    @GetMapping("/api/woocommerce/status")
    @Operation(summary = "Per service (hub, WooCommerce, NXT-ND): up/down, circuit states, call figures; queue depths; "
            + "last sync per entity and direction; active alerts")
    StatusReport status() {
        return reports.status();
    }
}
