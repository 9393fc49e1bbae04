package com.nxtnd.hub.woo;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * OAuth 1.0a "one-legged" as WooCommerce verifies it over plain HTTP (class-wc-rest-authentication.php):
 * key = consumer_secret + '&', parameters (query + oauth_*) RFC 3986-encoded and sorted by name (strcmp),
 * base string = METHOD & enc(scheme://host[:port]/path) & enc(params). The body is not signed.
 */
public final class OAuth1 {

    public static final String HMAC_SHA256 = "HMAC-SHA256";
    public static final String HMAC_SHA1 = "HMAC-SHA1";
    private static final SecureRandom RANDOM = new SecureRandom();

    private OAuth1() {
    }

    /** Returns {@code uri} with the oauth_* parameters added to its query string, signed. */
    public static URI sign(String method, URI uri, String consumerKey, String consumerSecret, long timestampSeconds, String nonce) {
        Map<String, List<String>> params = queryParams(uri.getRawQuery());
        add(params, "oauth_consumer_key", consumerKey);
        add(params, "oauth_nonce", nonce);
        add(params, "oauth_signature_method", HMAC_SHA256);
        add(params, "oauth_timestamp", Long.toString(timestampSeconds));
        String signature = signature(method, uri, params, consumerSecret, HMAC_SHA256);
        String query = (uri.getRawQuery() == null || uri.getRawQuery().isEmpty() ? "" : uri.getRawQuery() + "&")
                + "oauth_consumer_key=" + encode(consumerKey)
                + "&oauth_nonce=" + encode(nonce)
                + "&oauth_signature_method=" + HMAC_SHA256
                + "&oauth_timestamp=" + timestampSeconds
                + "&oauth_signature=" + encode(signature);
        return URI.create(baseUrl(uri) + "?" + query);
    }

    public static URI sign(String method, URI uri, String consumerKey, String consumerSecret) {
        return sign(method, uri, consumerKey, consumerSecret, System.currentTimeMillis() / 1000, newNonce());
    }

    public static String newNonce() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * The signature over {@code params} (every query and oauth_* parameter except oauth_signature itself).
     * Used by the client to sign and by the WooCommerce sandbox to verify.
     */
    public static String signature(String method, URI uri, Map<String, List<String>> params, String consumerSecret,
                                   String signatureMethod) {
        String base = baseString(method, uri, params);
        String algorithm = HMAC_SHA1.equals(signatureMethod) ? "HmacSHA1" : "HmacSHA256";
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec((consumerSecret + "&").getBytes(StandardCharsets.UTF_8), algorithm));
            return Base64.getEncoder().encodeToString(mac.doFinal(base.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " unavailable", e);
        }
    }

    public static String baseString(String method, URI uri, Map<String, List<String>> params) {
        List<String[]> pairs = new ArrayList<>();
        params.forEach((name, values) -> {
            if (!"oauth_signature".equals(name)) {
                values.forEach(v -> pairs.add(new String[] {encode(name), encode(v)}));
            }
        });
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringBuilder normalized = new StringBuilder();
        for (String[] pair : pairs) {
            if (!normalized.isEmpty()) {
                normalized.append('&');
            }
            normalized.append(pair[0]).append('=').append(pair[1]);
        }
        return method.toUpperCase() + "&" + encode(baseUrl(uri)) + "&" + encode(normalized.toString());
    }

    public static Map<String, List<String>> queryParams(String rawQuery) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            add(params, name, value);
        }
        return params;
    }

    /** RFC 3986 percent-encoding (unreserved characters kept), as PHP's rawurlencode. */
    public static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static String baseUrl(URI uri) {
        String scheme = uri.getScheme().toLowerCase();
        int port = uri.getPort();
        boolean defaultPort = port == -1 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        return scheme + "://" + uri.getHost().toLowerCase() + (defaultPort ? "" : ":" + port) + uri.getRawPath();
    }

    private static void add(Map<String, List<String>> params, String name, String value) {
        params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
}
