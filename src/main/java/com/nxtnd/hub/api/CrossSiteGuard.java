package com.nxtnd.hub.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps other web pages from using the admin's cached Basic login (the admin chain is stateless Basic auth, so
 * Spring's CSRF token has no session to live in; a browser still sends the cached credentials with a cross-site form).
 * <ul>
 * <li>A request from another origin ({@code Origin} not the hub's own, {@code Sec-Fetch-Site} cross-site or
 * same-site) is refused with 403, Jolokia and Hawtio's Jolokia included.</li>
 * <li>A state-changing {@code /api/} request needs a JSON body (or none): a form or {@code text/plain} is what a
 * cross-site page can send without asking, JSON is not.</li>
 * <li>Jolokia runs exec and write from POST only: a GET can be sent by an image tag with no Origin or Referer.</li>
 * </ul>
 * Behind a proxy the hub's own origin is what the proxy forwards ({@code server.forward-headers-strategy}).
 */
public class CrossSiteGuard extends OncePerRequestFilter {

    private static final Set<String> CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final String[] JOLOKIA = {"/actuator/jolokia", "/actuator/hawtio/jolokia"};

    private final ObjectMapper json = new ObjectMapper();

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String origin = request.getHeader("Origin");
        if (origin != null && !sameOrigin(origin, request)) {
            refuse(response, 403, "cross_origin", "Requests from another origin are refused", "Origin");
            return;
        }
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        if (fetchSite != null && (fetchSite.equalsIgnoreCase("cross-site") || fetchSite.equalsIgnoreCase("same-site"))) {
            refuse(response, 403, "cross_origin", "Requests from another site are refused", "Sec-Fetch-Site");
            return;
        }
        String path = request.getRequestURI();
        if (CHANGING.contains(request.getMethod()) && path.startsWith("/api/") && hasBody(request)
                && !isJson(request.getContentType())) {
            refuse(response, 415, "unsupported_media_type",
                    "State-changing admin requests take a JSON body (Content-Type: application/json)", "Content-Type");
            return;
        }
        if ("GET".equals(request.getMethod()) && isJolokiaWriteOrExec(request, path)) {
            refuse(response, 405, "method_not_allowed", "Jolokia exec and write are taken by POST only", "method");
            return;
        }
        chain.doFilter(request, response);
    }

    /** Same scheme, host and port as the request was addressed to (default ports implied). */
    static boolean sameOrigin(String origin, HttpServletRequest request) {
        try {
            URI uri = URI.create(origin.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return false; // "null" (sandboxed frame, file:) or garbage
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort() != -1 ? uri.getPort() : defaultPort(scheme);
            return scheme.equalsIgnoreCase(request.getScheme())
                    && uri.getHost().equalsIgnoreCase(request.getServerName())
                    && port == request.getServerPort();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int defaultPort(String scheme) {
        return "https".equals(scheme) ? 443 : 80;
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    private static boolean isJolokiaWriteOrExec(HttpServletRequest request, String path) {
        for (String prefix : JOLOKIA) {
            if (path.startsWith(prefix)) {
                String rest = path.substring(prefix.length());
                String p = request.getParameter("p"); // GET /jolokia?p=/exec/...
                return command(rest) || (p != null && command(p));
            }
        }
        return false;
    }

    private static boolean command(String path) {
        String first = path.replaceFirst("^/+", "").split("/", 2)[0].toLowerCase(Locale.ROOT);
        return first.equals("exec") || first.equals("write");
    }

    private void refuse(HttpServletResponse response, int status, String error, String message, String field)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        json.writeValue(response.getOutputStream(), ApiErrors.body(error, message, Map.of("field", field)));
    }
}
