package com.nxtnd.hub.sandbox;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /sandbox/{woo|nxt}/_faults} to set faults, {@code /_calls} to read and reset call counts. Both take the hub's
 * admin login ({@code hub.admin.*}): the sandboxes answer without the hub's security chain (they check their own peer
 * credentials), and anyone who could reach them could otherwise stop the hub's peers. The check is here so that the
 * sandboxes in a process of their own ({@link SandboxServer}, no Spring Security) ask for it too.
 */
@RestController
public class SandboxFaultsController {

    private final Map<String, SandboxTraffic> traffic;
    private final byte[] expectedAuthorization;

    public SandboxFaultsController(SandboxTrafficRegistry registry,
                                   @org.springframework.beans.factory.annotation.Value("${hub.admin.user:admin}") String user,
                                   @org.springframework.beans.factory.annotation.Value("${hub.admin.password:admin}") String password) {
        this.traffic = registry.bySystem();
        this.expectedAuthorization = ("Basic " + java.util.Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** 401 unless the request carries the admin login; compared in constant time. */
    @org.springframework.web.bind.annotation.ModelAttribute
    void requireAdmin(@org.springframework.web.bind.annotation.RequestHeader(value = "Authorization", required = false)
                      String authorization) {
        byte[] given = authorization == null ? new byte[0] : authorization.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (!java.security.MessageDigest.isEqual(given, expectedAuthorization)) {
            throw new AdminLoginRequired();
        }
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(AdminLoginRequired.class)
    ResponseEntity<?> loginRequired() {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header("WWW-Authenticate", "Basic realm=\"woo-nxt-hub\"")
                .body(Map.of("code", "unauthorized", "message", "The sandboxes' _faults and _calls need the admin login"));
    }

    private static final class AdminLoginRequired extends RuntimeException {
        AdminLoginRequired() {
            super(null, null, false, false);
        }
    }

    @GetMapping("/sandbox/{system}/_faults")
    ResponseEntity<?> faults(@PathVariable String system) {
        SandboxTraffic t = traffic.get(system);
        return t == null ? unknown(system) : ResponseEntity.ok(t.faults());
    }

    @RequestMapping(path = "/sandbox/{system}/_faults", method = {RequestMethod.PUT, RequestMethod.POST})
    ResponseEntity<?> setFaults(@PathVariable String system, @RequestBody FaultSettings settings) {
        SandboxTraffic t = traffic.get(system);
        if (t == null) {
            return unknown(system);
        }
        t.setFaults(settings);
        return ResponseEntity.ok(t.faults());
    }

    @DeleteMapping("/sandbox/{system}/_faults")
    ResponseEntity<?> clearFaults(@PathVariable String system) {
        SandboxTraffic t = traffic.get(system);
        if (t == null) {
            return unknown(system);
        }
        t.setFaults(FaultSettings.NONE);
        return ResponseEntity.ok(t.faults());
    }

    @GetMapping("/sandbox/{system}/_calls")
    ResponseEntity<?> calls(@PathVariable String system) {
        SandboxTraffic t = traffic.get(system);
        return t == null ? unknown(system) : ResponseEntity.ok(t.calls());
    }

    @DeleteMapping("/sandbox/{system}/_calls")
    ResponseEntity<?> resetCalls(@PathVariable String system) {
        SandboxTraffic t = traffic.get(system);
        if (t == null) {
            return unknown(system);
        }
        t.resetCalls();
        return ResponseEntity.noContent().build();
    }

    private static ResponseEntity<?> unknown(String system) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(Map.of("code", "unknown_sandbox", "message", "No sandbox '" + system + "' (use woo or nxt)"));
    }
}
