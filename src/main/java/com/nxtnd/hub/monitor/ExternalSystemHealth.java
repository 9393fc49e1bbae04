package com.nxtnd.hub.monitor;

import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.woo.WooCommerceClient;
import com.nxtnd.hub.woo.WooCommerceProperties;
import com.nxtnd.hub.nxt.NxtProperties;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * WooCommerce and NXT-ND reachability in /actuator/health. An unreachable system is DEGRADED, not DOWN: the hub
 * itself keeps running (work waits in its store), so it must not be restarted for a peer's outage.
 */
@Configuration(proxyBeanMethods = false)
public class ExternalSystemHealth {

    public static final Status DEGRADED = new Status("DEGRADED", "reachable: no; work waits in the hub's store");

    @Bean
    HealthIndicator woocommerce(WooCommerceClient woo, WooCommerceProperties properties) {
        return () -> probe(woo::ping, properties.siteUrl(), woo.authMode().name().toLowerCase());
    }

    @Bean
    HealthIndicator nxt(NxtClient nxt, NxtProperties properties) {
        return () -> probe(nxt::ping, properties.baseUrl(), "bearer");
    }

    private static Health probe(Runnable ping, String url, String auth) {
        long started = System.nanoTime();
        try {
            ping.run();
            return Health.up().withDetail("url", url).withDetail("auth", auth)
                    .withDetail("latencyMs", (System.nanoTime() - started) / 1_000_000).build();
        } catch (RuntimeException e) {
            return Health.status(DEGRADED).withDetail("url", url).withDetail("auth", auth)
                    .withDetail("error", e.getMessage()).build();
        }
    }
}
