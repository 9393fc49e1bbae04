package com.nxtnd.hub.woo;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * WooCommerce reachability for /actuator/health: one {@code GET products?per_page=1} with a short timeout and no
 * retries; details are the site URL, auth mode, HTTP status and latency, never a credential.
 */
public class WooCommerceHealthIndicator implements HealthIndicator {

    private final WooCommerceClient client;
    private final WooCommerceProperties properties;
    private final Status whenUnreachable;

    public WooCommerceHealthIndicator(WooCommerceClient client, WooCommerceProperties properties) {
        this(client, properties, Status.DOWN);
    }

    /** {@code whenUnreachable}: e.g. a DEGRADED status for a hub that keeps working while a peer is away. */
    public WooCommerceHealthIndicator(WooCommerceClient client, WooCommerceProperties properties, Status whenUnreachable) {
        this.client = client;
        this.properties = properties;
        this.whenUnreachable = whenUnreachable;
    }

    @Override
    public Health health() {
        WooCommerceClient.Probe probe = client.probe();
        Health.Builder health = (probe.up() ? Health.up() : Health.status(whenUnreachable))
                .withDetail("url", properties.siteUrl())
                .withDetail("auth", client.authMode().name().toLowerCase())
                .withDetail("status", probe.status())
                .withDetail("latencyMs", probe.latencyMs());
        if (probe.error() != null) {
            health.withDetail("error", probe.error());
        }
        return health.build();
    }
}
