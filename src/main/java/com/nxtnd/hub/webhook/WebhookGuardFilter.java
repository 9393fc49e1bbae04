package com.nxtnd.hub.webhook;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In front of the delivery endpoints: IP allow-list (403), per-IP rate limit (429 + Retry-After) and body-size limit
 * (413, decided from Content-Length or while reading, never after buffering an unbounded body: platform-http has no
 * limit of its own), a cap of deliveries being read at once per source address (429) and a body read timeout (408),
 * so that slow senders cannot take the worker threads health and signed deliveries need. It keeps the exact bytes
 * received as a request attribute, because the signature covers them.
 */
public class WebhookGuardFilter extends OncePerRequestFilter {

    public static final String RAW_BODY = "hub.webhook.rawBody";
    public static final String CONTENT_TYPE = "hub.webhook.contentType";
    /** System.nanoTime() once the delivery was read: how long it then waits for the intake tells if the hub keeps up. */
    public static final String ARRIVED_NANOS = "hub.webhook.arrivedNanos";
    /** Where WooCommerce delivers: the security chain opens these (POST only) because this filter guards them. */
    public static final Set<String> DELIVERY_PATHS = Set.of("/api/woocommerce/webhooks", "/api/woocommerce/webhooks/product",
            "/api/woocommerce/webhooks/customer", "/api/woocommerce/webhooks/order");

    private final WebhookProperties properties;
    private final IpAllowList allowList;
    private final SourceRateLimiter rateLimiter;
    private final WebhookRejections rejections;
    private final SlowSenders slowSenders;

    public WebhookGuardFilter(WebhookProperties properties, WebhookRejections rejections) {
        this.slowSenders = new SlowSenders(properties.maxReadsPerSource());
        this.properties = properties;
        this.allowList = new IpAllowList(properties.allowedIps());
        this.rateLimiter = new SourceRateLimiter(properties.rateLimitWindow(), properties.rateLimitMax());
        this.rejections = rejections;
    }

    /** A webhook delivery: a POST to one of the delivery paths. */
    public static boolean isDelivery(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && DELIVERY_PATHS.contains(request.getRequestURI());
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !isDelivery(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String ip = request.getRemoteAddr();
        if (!allowList.allows(ip)) {
            rejections.count("ip_not_allowed");
            error(response, 403, "forbidden", "Source address " + ip + " is not in the allowed list");
            return;
        }
        long retryAfter = rateLimiter.acquire(ip);
        if (retryAfter > 0) {
            rejections.count("rate_limited");
            response.setHeader("Retry-After", Long.toString(retryAfter));
            error(response, 429, "rate_limited", "Too many deliveries from " + ip + "; retry after " + retryAfter + " s");
            return;
        }
        long max = properties.maxBodyBytes();
        if (request.getContentLengthLong() > max) {
            rejections.count("too_large");
            refuse(request, response, 413, "payload_too_large", "Delivery larger than " + max + " bytes");
            return;
        }
        if (!slowSenders.startReading(ip)) {
            rejections.count("too_many_connections");
            response.setHeader("Retry-After", "1");
            refuse(request, response, 429, "too_many_connections", "Too many deliveries from " + ip + " being read at once");
            return;
        }
        byte[] body;
        try {
            body = readAtMost(request.getInputStream(), max, System.nanoTime() + properties.bodyReadTimeout().toNanos());
        } catch (java.io.IOException e) { // the sender went away or stopped sending (socket timeout)
            rejections.count("too_slow");
            try {
                refuse(request, response, 408, "request_timeout", "Delivery body not received");
            } catch (IOException gone) {
                // nobody left to answer
            }
            return;
        } finally {
            slowSenders.doneReading(ip);
        }
        if (body == SLOW) {
            rejections.count("too_slow");
            refuse(request, response, 408, "request_timeout", "Delivery body not received within "
                    + properties.bodyReadTimeout().toMillis() + " ms");
            return;
        }
        if (body == null) {
            rejections.count("too_large");
            refuse(request, response, 413, "payload_too_large", "Delivery larger than " + max + " bytes");
            return;
        }
        request.setAttribute(ARRIVED_NANOS, System.nanoTime()); // read whole: a slow sender is not a busy hub
        request.setAttribute(RAW_BODY, body);
        request.setAttribute(CONTENT_TYPE, request.getContentType());
        chain.doFilter(new CachedBodyRequest(request, body), response);
    }

    /** Returned by {@link #readAtMost} when the body did not arrive before the deadline. */
    private static final byte[] SLOW = new byte[0];

    /** The body; null when larger than {@code max}; {@link #SLOW} when still arriving at {@code deadline}. */
    private static byte[] readAtMost(InputStream in, long max, long deadlineNanos) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long total = 0;
        for (int n; (n = in.read(buffer)) != -1; ) {
            total += n;
            if (total > max) {
                return null;
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                return SLOW;
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /**
     * Answers and closes the connection without reading the rest of the body. The answer is sent first: marked for
     * closing before, Tomcat would replace it with an error page of its own.
     */
    private static void refuse(HttpServletRequest request, HttpServletResponse response, int status, String code,
                               String message) throws IOException {
        response.setHeader("Connection", "close");
        error(response, status, code, message);
        response.flushBuffer();
        SlowSenders.dropConnection(request, response);
    }

    static void error(HttpServletResponse response, int status, String code, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        byte[] json = ("{\"error\":\"" + code + "\",\"message\":\"" + message.replace("\"", "'") + "\"}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // A length, so the sender knows the answer is whole without waiting for the close (which, with its body
        // still unread, may arrive as a reset).
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }

    /** Replays the buffered body to whoever reads the request after the filter. */
    private static final class CachedBodyRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        CachedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        // The raw bytes are what count; a form content type with a JSON body must not make Camel parse a form
        // (and fail with a 500 before the delivery is even looked at).
        @Override
        public String getContentType() {
            return "application/octet-stream";
        }

        @Override
        public String getHeader(String name) {
            return "Content-Type".equalsIgnoreCase(name) ? getContentType() : super.getHeader(name);
        }

        @Override
        public java.util.Enumeration<String> getHeaders(String name) {
            return "Content-Type".equalsIgnoreCase(name)
                    ? java.util.Collections.enumeration(java.util.List.of(getContentType())) : super.getHeaders(name);
        }

        @Override
        public java.io.BufferedReader getReader() {
            String charset = getCharacterEncoding() == null ? "UTF-8" : getCharacterEncoding();
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(),
                    java.nio.charset.Charset.forName(charset)));
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
        }
    }
}
