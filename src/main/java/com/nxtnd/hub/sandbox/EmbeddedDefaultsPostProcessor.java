package com.nxtnd.hub.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * The embedded default: whatever real system is not configured is replaced by its in-process stand-in
 * (embedded PostgreSQL, WooCommerce sandbox, NXT-ND sandbox) with fixed, documented credentials.
 */
public class EmbeddedDefaultsPostProcessor implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "hubEmbeddedDefaults";
    private static final String SELF = "http://127.0.0.1:${server.port:8080}";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        if (blank(env, "spring.datasource.url")) {
            defaults.put("hub.embedded-db", "true");
        }
        if (blank(env, "woocommerce.site-url")) {
            defaults.put("hub.sandbox-woo", "true");
            defaults.put("woocommerce.site-url", SELF + "/sandbox/woo");
            putIfBlank(env, defaults, "woocommerce.consumer-key", "ck_sandbox");
            putIfBlank(env, defaults, "woocommerce.consumer-secret", "cs_sandbox");
            putIfBlank(env, defaults, "woocommerce.webhook-secret", "sandbox-secret");
        }
        if (blank(env, "nxt.base-url")) {
            defaults.put("hub.sandbox-nxt", "true");
            defaults.put("nxt.base-url", SELF + "/sandbox/nxt/api");
            putIfBlank(env, defaults, "nxt.api-token", "sandbox-token");
        }
        boolean realSystem = !defaults.containsKey("hub.sandbox-woo") || !defaults.containsKey("hub.sandbox-nxt");
        if (!realSystem) {
            putIfBlank(env, defaults, "hub.admin.password", "admin");
        }
        if (blank(env, "hub.api-base-url")) {
            defaults.put("hub.api-base-url", SELF);
        }
        if (!defaults.isEmpty()) {
            env.getPropertySources().addFirst(new MapPropertySource(SOURCE_NAME, defaults));
        }
    }

    private static void putIfBlank(ConfigurableEnvironment env, Map<String, Object> target, String key, String value) {
        if (blank(env, key)) {
            target.put(key, value);
        }
    }

    private static boolean blank(ConfigurableEnvironment env, String key) {
        return !StringUtils.hasText(env.getProperty(key));
    }
}
