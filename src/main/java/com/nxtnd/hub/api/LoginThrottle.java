package com.nxtnd.hub.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Failed-login throttling: after {@code maxFailures} failed admin logins from one address within {@code window},
 * that address gets 429 with Retry-After until the window has passed, right or wrong password alike.
 */
public class LoginThrottle extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

    private record Failures(long firstAtMs, int count) {
    }

    private final int maxFailures;
    private final long windowMs;
    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    public LoginThrottle(int maxFailures, Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.windowMs = window.toMillis();
        this.clock = clock;
    }

    @EventListener
    public void onFailure(AbstractAuthenticationFailureEvent event) {
        if (event.getAuthentication().getDetails() instanceof WebAuthenticationDetails details) {
            long now = clock.millis();
            Failures f = failures.merge(details.getRemoteAddress(), new Failures(now, 1), (old, one) ->
                    now - old.firstAtMs() > windowMs ? one : new Failures(old.firstAtMs(), old.count() + 1));
            if (f.count() == maxFailures) {
                log.warn("Admin login blocked for {} after {} failed attempts (user '{}')", details.getRemoteAddress(),
                        f.count(), event.getAuthentication().getName());
            }
        }
    }

    @EventListener
    public void onSuccess(AuthenticationSuccessEvent event) {
        if (event.getAuthentication().getDetails() instanceof WebAuthenticationDetails details) {
            failures.remove(details.getRemoteAddress());
        }
    }

    /** Forgets every failure (an operator unblocking an address, or a test cleaning up). */
    public void clear() {
        failures.clear();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Failures f = failures.get(request.getRemoteAddr());
        long now = clock.millis();
        if (f != null && f.count() >= maxFailures && now - f.firstAtMs() <= windowMs
                && request.getHeader("Authorization") != null) {
            long retryAfter = Math.max(1, (f.firstAtMs() + windowMs - now) / 1000);
            response.setStatus(429);
            response.setHeader("Retry-After", Long.toString(retryAfter));
            response.setContentType("application/json");
            response.getWriter().write("{\"error\":\"too_many_failed_logins\",\"message\":\"Too many failed logins from "
                    + "this address; retry after " + retryAfter + " s\",\"details\":{}}");
            return;
        }
        chain.doFilter(request, response);
    }
}
