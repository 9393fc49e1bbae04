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
 * admin login ({@link SandboxAdminLogin}).
 */
@RestController
public class SandboxFaultsController {

    private final Map<String, SandboxTraffic> traffic;
    private final SandboxAdminLogin login;

    public SandboxFaultsController(SandboxTrafficRegistry registry, SandboxAdminLogin login) {
        this.traffic = registry.bySystem();
        this.login = login;
    }

    /** 401 unless the request carries the admin login. */
    @org.springframework.web.bind.annotation.ModelAttribute
    void requireAdmin(@org.springframework.web.bind.annotation.RequestHeader(value = "Authorization", required = false)
                      String authorization) {
        login.check(authorization);
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
