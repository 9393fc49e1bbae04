package com.nxtnd.hub.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The hub's admin login ({@code hub.admin.*}) for the sandboxes' control endpoints ({@code _faults}, {@code _calls},
 * {@code _reset}, {@code _seed}, {@code _records}, {@code _taxes}). The sandboxes answer without the hub's security
 * chain (they check their own peer credentials), and anyone who could reach them could otherwise stop, wipe or
 * rewrite the hub's peers. The check lives here so that the sandboxes in a process of their own
 * ({@link SandboxServer}, no Spring Security) ask for it too.
 */
@Component
public class SandboxAdminLogin {

    private final byte[] expected;

    public SandboxAdminLogin(@Value("${hub.admin.user:admin}") String user, @Value("${hub.admin.password:admin}") String password) {
        this.expected = ("Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Throws {@link Required} (answered 401) unless {@code authorization} is the admin login; constant time. */
    public void check(String authorization) {
        byte[] given = authorization == null ? new byte[0] : authorization.getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, expected)) {
            throw new Required();
        }
    }

    public static final class Required extends RuntimeException {
        Required() {
            super(null, null, false, false);
        }
    }

    /** 401 with a Basic challenge for any sandbox control endpoint called without the login. */
    @RestControllerAdvice(basePackages = "com.nxtnd.hub.sandbox")
    public static class Answer {
        @ExceptionHandler(Required.class)
        ResponseEntity<Map<String, String>> loginRequired() {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header("WWW-Authenticate", "Basic realm=\"woo-nxt-hub\"")
                    .body(Map.of("code", "unauthorized", "message", "The sandboxes' control endpoints need the admin login"));
        }
    }
}
