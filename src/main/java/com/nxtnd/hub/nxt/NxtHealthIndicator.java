package com.nxtnd.hub.nxt;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * NXT-ND reachability for /actuator/health: one {@code GET /products?pageSize=1} with a short timeout and no
 * retries; details are the base URL, HTTP status and latency, never the token.
 */
public class NxtHealthIndicator implements HealthIndicator {

    private final NxtClient client;
    private final NxtProperties properties;
    private final Status whenUnreachable;

    public NxtHealthIndicator(NxtClient client, NxtProperties properties) {
        this(client, properties, Status.DOWN);
    }

    /** {@code whenUnreachable}: e.g. a DEGRADED status for a hub that keeps working while a peer is away. */
    public NxtHealthIndicator(NxtClient client, NxtProperties properties, Status whenUnreachable) {
        this.client = client;
        this.properties = properties;
        this.whenUnreachable = whenUnreachable;
    }

    @Override
    public Health health() {
        NxtClient.Probe probe = client.probe();
        Health.Builder health = (probe.up() ? Health.up() : Health.status(whenUnreachable))
                .withDetail("url", properties.baseUrl())
                .withDetail("auth", "bearer")
                .withDetail("status", probe.status())
                .withDetail("latencyMs", probe.latencyMs());
        if (probe.error() != null) {
            health.withDetail("error", probe.error());
        }
        return health.build();
    }
}
