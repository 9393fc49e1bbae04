package com.nxtnd.hub.api;

import com.nxtnd.hub.webhook.WebhookGuardFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Writes wc_audit_log for every state-changing admin call (sync runs, replays, conflict resolutions, initialize):
 * who, what, when, from where, and the answer's status. Webhook deliveries are not admin calls and are not audited.
 */
public class AuditTrailFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(AuditTrailFilter.class);
    private static final Set<String> CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final JdbcTemplate jdbc;

    public AuditTrailFilter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !CHANGING.contains(request.getMethod()) || !path.startsWith("/api/")
                || WebhookGuardFilter.isDelivery(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            Authentication who = SecurityContextHolder.getContext().getAuthentication();
            String actor = who == null || !who.isAuthenticated() ? "anonymous" : who.getName();
            try {
                jdbc.update("insert into wc_audit_log (actor, action, target, status, source_ip) values (?, ?, ?, ?, ?)",
                        actor, request.getMethod() + " " + request.getRequestURI(), request.getQueryString(),
                        response.getStatus(), request.getRemoteAddr());
            } catch (RuntimeException e) {
                log.error("Could not write the audit trail for {} {} by {}: {}", request.getMethod(),
                        request.getRequestURI(), actor, e.getMessage());
            }
        }
    }
}
