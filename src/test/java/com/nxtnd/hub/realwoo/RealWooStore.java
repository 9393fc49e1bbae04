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
    }
}
