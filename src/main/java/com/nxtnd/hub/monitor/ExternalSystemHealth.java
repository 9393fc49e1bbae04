package com.nxtnd.hub.monitor;

import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.nxt.NxtHealthIndicator;
import com.nxtnd.hub.nxt.NxtProperties;
import com.nxtnd.hub.woo.WooCommerceClient;
import com.nxtnd.hub.woo.WooCommerceHealthIndicator;
import com.nxtnd.hub.woo.WooCommerceProperties;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * WooCommerce and NXT-ND reachability in /actuator/health: one short attempt each, no retries. An unreachable
 * system is DEGRADED, not DOWN: the hub itself keeps running (work waits in its store), so it must not be restarted
 * for a peer's outage.
 */
@Configuration(proxyBeanMethods = false)
public class ExternalSystemHealth {

    public static final Status DEGRADED = new Status("DEGRADED", "reachable: no; work waits in the hub's store");

    @Bean
    HealthIndicator woocommerce(WooCommerceClient woo, WooCommerceProperties properties) {
        return new WooCommerceHealthIndicator(woo, properties, DEGRADED);
    }

    @Bean
    HealthIndicator nxt(NxtClient nxt, NxtProperties properties) {
        return new NxtHealthIndicator(nxt, properties, DEGRADED);
    }
}
