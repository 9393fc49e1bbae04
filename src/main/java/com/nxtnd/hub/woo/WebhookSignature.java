package com.nxtnd.hub.woo;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** WooCommerce's webhook signature: base64(HMAC-SHA256(raw body bytes, secret)), compared in constant time. */
public final class WebhookSignature {

    private WebhookSignature() {
    }

    public static String sign(byte[] rawBody, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(rawBody));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** True when {@code signature} is the signature of exactly these bytes; never re-serialise the JSON first. */
    public static boolean verify(byte[] rawBody, String signature, String secret) {
        if (signature == null || signature.isBlank() || secret == null || secret.isEmpty()) {
            return false;
        }
        byte[] expected = sign(rawBody, secret).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signature.trim().getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }
}
