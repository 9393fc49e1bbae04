package com.nxtnd.hub.sandbox;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/** Counts every call to one sandbox and applies its current {@link FaultSettings} before the real handler. */
public class FaultInjectionFilter extends OncePerRequestFilter {

    private final String prefix;
    private final SandboxTraffic traffic;

    public FaultInjectionFilter(String prefix, SandboxTraffic traffic) {
        this.prefix = prefix;
        this.traffic = traffic;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !path.startsWith(prefix) || path.startsWith(prefix + "/_");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        traffic.record(request.getMethod(), request.getRequestURI());
        FaultSettings f = traffic.faults();
        long delay = f.latencyMs();
        if ("GET".equals(request.getMethod())) {
            delay += f.readLatencyMs();
        }
        if (request.getRequestURI().endsWith("/batch")) {
            delay += f.batchLatencyMs();
        }
        if (delay > 0) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (f.refuseCredentials()) {
            fail(traffic, response, 401, "woocommerce_rest_authentication_error", "Invalid signature - provided signature does not match.");
        } else if (f.outage()) {
            fail(traffic, response, 503, "sandbox_outage", "The " + traffic.name() + " sandbox is in a simulated outage.");
        } else if (traffic.roll(f.rateLimitRate())) {
            response.setHeader("Retry-After", String.valueOf(f.retryAfterSeconds()));
            fail(traffic, response, 429, "rate_limited", "Too many requests (simulated).");
        } else if (traffic.roll(f.errorRate())) {
            fail(traffic, response, f.errorStatus(), "sandbox_error", "Simulated server error.");
        } else {
            chain.doFilter(request, response);
        }
    }

    private static void fail(SandboxTraffic traffic, HttpServletResponse response, int status, String code, String message) throws IOException {
        traffic.injected(status);
        response.setStatus(status);
        response.setContentType("application/json");
        response.getWriter().write("{\"code\":\"" + code + "\",\"message\":\"" + message
                + "\",\"success\":false,\"error\":\"" + message + "\",\"data\":{\"status\":" + status + "}}");
    }
}
