package com.nxtnd.hub.api;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Encodes the admin password held in memory for this process only: HMAC-SHA256 under a random key made at start,
 * compared in constant time. bcrypt exists to slow down guessing from a stolen hash store; here there is no store
 * (the password comes from the environment and the hash never leaves the process), and with stateless Basic auth
 * every API and Hawtio request checks the password again: bcrypt took half the hub's CPU under a dashboard's polls.
 * Guessing over HTTP is slowed by {@link LoginThrottle} instead.
 */
final class InMemoryPasswordEncoder implements PasswordEncoder {

    private final SecretKeySpec key;

    InMemoryPasswordEncoder() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.key = new SecretKeySpec(random, "HmacSHA256");
    }

    @Override
    public String encode(CharSequence rawPassword) {
        return HexFormat.of().formatHex(mac(rawPassword));
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        if (rawPassword == null || encodedPassword == null) {
            return false;
        }
        return MessageDigest.isEqual(encode(rawPassword).getBytes(StandardCharsets.US_ASCII),
                encodedPassword.getBytes(StandardCharsets.US_ASCII));
    }

    private byte[] mac(CharSequence raw) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(raw.toString().getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
