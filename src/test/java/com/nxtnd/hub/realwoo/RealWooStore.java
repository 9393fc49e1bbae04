package com.nxtnd.hub.realwoo;

import org.springframework.test.context.DynamicPropertyRegistry;

/** The real WooCommerce store the realwoo tests point a hub at: REALWOO_BASE_URL with its keys in WOO_CK and WOO_CS. */
final class RealWooStore {

    private RealWooStore() {
    }

    static boolean configured() {
        String url = System.getenv("REALWOO_BASE_URL");
        return url != null && !url.isBlank();
    }

    /** The hub's WooCommerce settings pointed at the store (plain HTTP on loopback, its own webhook secret). */
    static void pointAt(DynamicPropertyRegistry registry) {
        registry.add("woocommerce.site-url", () -> System.getenv("REALWOO_BASE_URL"));
        registry.add("woocommerce.consumer-key", () -> System.getenv("WOO_CK"));
        registry.add("woocommerce.consumer-secret", () -> System.getenv("WOO_CS"));
        registry.add("woocommerce.webhook-secret", () -> "realwoo-test-secret");
        registry.add("woocommerce.allow-insecure-http", () -> "true");
        registry.add("hub.sandbox.woo.strict-http-auth", () -> "false");
        // no webhooks of the store pointed at this test hub's random port: the embedded defaults are decided before
        // these properties are seen, so the hub took the store for its sandbox and created nine at start (each run
        // left them behind, and the store kept delivering to them); route webhook-health would re-create them
        registry.add("hub.sandbox-woo", () -> "false");
        registry.add("hub.webhooks.heal", () -> "false");
    }
}
