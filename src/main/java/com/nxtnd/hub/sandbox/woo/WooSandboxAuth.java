package com.nxtnd.hub.sandbox.woo;

import com.nxtnd.hub.woo.OAuth1;
import com.nxtnd.hub.woo.WooCommerceProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * WooCommerce's REST authentication (class-wc-rest-authentication.php): over https query keys, then HTTP Basic;
 * over http only OAuth 1.0a one-legged (unless not strict), with the ±15 min timestamp window and nonce replay check.
 */
class WooSandboxAuth {

    private static final long WINDOW_SECONDS = 15 * 60;

    private final WooCommerceProperties woo;
    private final WooSandboxProperties sandbox;
    private final Map<String, Long> usedNonces = new ConcurrentHashMap<>();

    WooSandboxAuth(WooCommerceProperties woo, WooSandboxProperties sandbox) {
        this.woo = woo;
        this.sandbox = sandbox;
    }

    void check(HttpServletRequest request) {
        Map<String, List<String>> query = OAuth1.queryParams(request.getQueryString());
        String header = request.getHeader("Authorization");
        if (query.containsKey("oauth_signature") || (header != null && header.startsWith("OAuth "))) {
            checkOAuth(request, query, header);
            return;
        }
        boolean secure = request.isSecure() || !sandbox.strictHttpAuth();
        if (secure && query.containsKey("consumer_key")) {
            checkKeys(first(query, "consumer_key"), first(query, "consumer_secret"));
            return;
        }
        if (secure && header != null && header.startsWith("Basic ")) {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            checkKeys(colon < 0 ? decoded : decoded.substring(0, colon), colon < 0 ? "" : decoded.substring(colon + 1));
            return;
        }
        throw new WooSandboxError(401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.");
    }

    private void checkKeys(String key, String secret) {
        if (!woo.consumerKey().equals(key)) {
            throw new WooSandboxError(401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.");
        }
        if (!MessageDigest.isEqual(woo.consumerSecret().getBytes(StandardCharsets.UTF_8),
                (secret == null ? "" : secret).getBytes(StandardCharsets.UTF_8))) {
            throw new WooSandboxError(401, "woocommerce_rest_authentication_error", "Consumer secret is invalid.");
        }
    }

    private void checkOAuth(HttpServletRequest request, Map<String, List<String>> params, String header) {
        if (header != null && header.startsWith("OAuth ")) {
            for (String part : header.substring(6).split(",")) {
                String[] kv = part.trim().split("=", 2);
                if (kv.length == 2 && kv[0].startsWith("oauth_")) {
                    params.computeIfAbsent(kv[0], k -> new java.util.ArrayList<>())
                            .add(java.net.URLDecoder.decode(kv[1].replace("\"", ""), StandardCharsets.UTF_8));
                }
            }
        }
        for (String required : List.of("oauth_consumer_key", "oauth_timestamp", "oauth_nonce", "oauth_signature",
                "oauth_signature_method")) {
            if (!params.containsKey(required)) {
                throw new WooSandboxError(401, "woocommerce_rest_authentication_missing_parameter",
                        "Missing OAuth parameter " + required);
            }
        }
        if (!woo.consumerKey().equals(first(params, "oauth_consumer_key"))) {
            throw new WooSandboxError(401, "woocommerce_rest_authentication_error", "Consumer key is invalid.");
        }
        String method = first(params, "oauth_signature_method");
        if (!OAuth1.HMAC_SHA1.equals(method) && !OAuth1.HMAC_SHA256.equals(method)) {
            throw new WooSandboxError(401, "woocommerce_rest_authentication_error", "Invalid signature method.");
        }
        URI uri = URI.create(request.getRequestURL().toString());
        String expected = OAuth1.signature(request.getMethod(), uri, params, woo.consumerSecret(), method);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                first(params, "oauth_signature").getBytes(StandardCharsets.UTF_8))) {
            throw new WooSandboxError(401, "woocommerce_rest_authentication_error",
                    "Invalid signature - provided signature does not match.");
        }
        long now = System.currentTimeMillis() / 1000;
        long timestamp;
        try {
            timestamp = Long.parseLong(first(params, "oauth_timestamp"));
        } catch (NumberFormatException e) {
            throw new WooSandboxError(401, "woocommerce_rest_authentication_error", "Invalid timestamp.");
        }
        if (Math.abs(now - timestamp) > WINDOW_SECONDS) {
            throw new WooSandboxError(401, "woocommerce_rest_authentication_error", "Invalid timestamp.");
        }
        usedNonces.values().removeIf(t -> t < now - WINDOW_SECONDS);
        if (usedNonces.putIfAbsent(first(params, "oauth_nonce"), timestamp) != null) {
            throw new WooSandboxError(401, "woocommerce_rest_authentication_error",
                    "Invalid nonce - nonce has already been used.");
        }
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
