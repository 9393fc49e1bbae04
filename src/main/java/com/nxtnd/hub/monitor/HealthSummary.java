package com.nxtnd.hub.monitor;

import java.time.Instant;

/** The open health summary: the overall status (UP, DEGRADED, DOWN) and each service's; no URLs, details or secrets. */
public record HealthSummary(String status, ServiceStates services, Instant time) {
}
