package com.nxtnd.hub.webhook;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.mapping.OutsideText;
import com.nxtnd.hub.store.NewWebhookEvent;
import com.nxtnd.hub.store.WebhookEventRepository;
import com.nxtnd.hub.woo.WebhookSignature;
import com.nxtnd.hub.woo.WooCommerceProperties;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Accepts one WooCommerce delivery: verifies the signature over the raw bytes, stores the delivery as received,
 * and only then answers. WooCommerce never retries, so bad input is stored as rejected and still answered 200;
 * only a store we cannot write to gets 503 (nothing is claimed that was not kept).
 */
@Component
public class WebhookIntakeProcessor implements Processor {

    private static final Logger log = LoggerFactory.getLogger(WebhookIntakeProcessor.class);
    static final Set<String> RESOURCES = Set.of("product", "customer", "order");
    static final Set<String> EVENTS = Set.of("created", "updated", "deleted", "restored");

    private final WebhookEventRepository events;
    private final WooCommerceProperties woo;
    private final WebhookRejections rejections;
    private final MeterRegistry meters;
    private final ObjectMapper json;
    private final IntakePressure pressure;

    public WebhookIntakeProcessor(WebhookEventRepository events, WooCommerceProperties woo, WebhookRejections rejections,
                                  MeterRegistry meters, ObjectMapper json, IntakePressure pressure) {
        this.pressure = pressure;
        this.events = events;
        this.woo = woo;
        this.rejections = rejections;
        this.meters = meters;
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getIn();
        HttpServletRequest request = in instanceof PlatformHttpMessage http ? http.getRequest() : null;
        if (request != null && request.getAttribute(WebhookGuardFilter.ARRIVED_NANOS) instanceof Long arrived) {
            pressure.received(System.nanoTime() - arrived);
        }
        byte[] raw = request != null && request.getAttribute(WebhookGuardFilter.RAW_BODY) instanceof byte[] b
                ? b : in.getBody(byte[].class);
        if (raw == null) {
            raw = new byte[0];
        }
        String ip = request != null ? request.getRemoteAddr() : in.getHeader("CamelHttpRemoteAddress", String.class);
        String topic = header(in, "X-WC-Webhook-Topic");
        String signature = header(in, "X-WC-Webhook-Signature");
        String contentType = request != null && request.getAttribute(WebhookGuardFilter.CONTENT_TYPE) instanceof String ct
                ? ct : header(in, "Content-Type");

        try {
            if (topic == null && signature == null && isPing(raw, in)) {
                long id = events.insert(digest(event(in, null, null, null, null, null, null, raw, contentType,
                        "not_required", ip, "ping", null), raw, request));
                log.info("WooCommerce webhook ping {} from {}", OutsideText.quote(new String(raw, StandardCharsets.UTF_8)), ip);
                respond(exchange, 200, "{\"status\":\"ping\",\"eventId\":" + id + "}");
                return;
            }
            String signatureStatus = signature == null ? "missing"
                    : WebhookSignature.verify(raw, signature, woo.webhookSecret()) ? "valid" : "invalid";
            if (!"valid".equals(signatureStatus)) {
                String reason = "signature_" + signatureStatus;
                // unsigned: anyone may send it, so it is kept as a digest (headers, size, hash, first KiB), not whole
                events.insert(digest(event(in, topic, null, null, null, null, null, raw, contentType, signatureStatus,
                        ip, "rejected", reason), raw, request));
                rejections.count(reason);
                log.warn("Rejected webhook delivery from {}: signature {} (topic {})", ip, signatureStatus,
                        OutsideText.quote(topic));
                respond(exchange, 401, "{\"error\":\"invalid_signature\",\"message\":\"X-WC-Webhook-Signature is "
                        + signatureStatus + "; the delivery was not processed\"}");
                return;
            }
            accept(exchange, in, raw, topic, contentType, ip, pathResource(request));
        } catch (DataAccessException e) {
            log.error("Webhook store unavailable, answering 503 so the delivery is not claimed as kept: {}", e.getMessage());
            respond(exchange, 503, "{\"error\":\"store_unavailable\",\"message\":\"The hub cannot store deliveries right now\"}");
        }
    }

    /** product, customer or order for the per-resource endpoints; null for /api/woocommerce/webhooks. */
    private static String pathResource(HttpServletRequest request) {
        String uri = request == null ? null : request.getRequestURI();
        if (uri == null || !uri.startsWith("/api/woocommerce/webhooks/")) {
            return null;
        }
        return uri.substring("/api/woocommerce/webhooks/".length());
    }

    private void accept(Exchange exchange, Message in, byte[] raw, String topic, String contentType, String ip,
                        String pathResource) {
        String resource = null;
        String event = null;
        if (topic != null && topic.indexOf('.') > 0) {
            resource = topic.substring(0, topic.indexOf('.'));
            event = topic.substring(topic.indexOf('.') + 1);
        }
        if (topic == null || !RESOURCES.contains(resource) || !EVENTS.contains(event)) {
            // resource and event are kept only when known: an unknown one may be any length (columns are short)
            store(exchange, in, topic, null, null, null, null, null, raw, contentType, ip, "rejected",
                    topic == null ? "missing_topic" : "unknown_topic");
            return;
        }
        if (pathResource != null && !pathResource.equals(resource)) {
            // the hub points each topic at its own path: a product topic on /customer is not what it registered
            store(exchange, in, topic, resource, event, null, null, null, raw, contentType, ip, "rejected", "wrong_path");
            return;
        }
        TopLevel body = TopLevel.read(json, raw);
        if (body == null || body.id() == null || body.id() <= 0) {
            store(exchange, in, topic, resource, event, null, null, null, raw, contentType, ip, "rejected",
                    body == null ? "malformed_json" : "missing_id");
            return;
        }
        long resourceId = body.id();
        LocalDateTime modified = parseGmt(body.dateModifiedGmt());
        String dedupeKey = sha256(topic + "|" + resourceId + "|" + modified + "|" + sha256(raw));
        meters.counter("hub.webhooks.received", "topic", topic).increment();
        store(exchange, in, topic, resource, event, resourceId, modified, dedupeKey, raw, contentType, ip, "pending", null);
    }

    private void store(Exchange exchange, Message in, String topic, String resource, String event, Long resourceId,
                       LocalDateTime modified, String dedupeKey, byte[] raw, String contentType, String ip,
                       String status, String reason) {
        long id = events.insert(event(in, topic, resource, event, resourceId, modified, dedupeKey, raw, contentType,
                "valid", ip, status, reason));
        if (reason != null) {
            rejections.count(reason);
            log.warn("Webhook delivery {} stored as rejected: {} (topic {})", id, reason, OutsideText.quote(topic));
        }
        respond(exchange, 200, "{\"status\":\"" + ("pending".equals(status) ? "accepted" : status)
                + "\",\"eventId\":" + id + (reason == null ? "" : ",\"reason\":\"" + reason + "\"") + "}");
    }

    private static NewWebhookEvent event(Message in, String topic, String resource, String event, Long resourceId,
                                         LocalDateTime modified, String dedupeKey, byte[] raw, String contentType,
                                         String signatureStatus, String ip, String status, String reason) {
        return new NewWebhookEvent(header(in, "X-WC-Webhook-Delivery-ID"), header(in, "X-WC-Webhook-ID"),
                header(in, "X-WC-Webhook-Source"), topic, resource, event, resourceId, modified, dedupeKey, raw,
                contentType, signatureStatus, ip, status, reason);
    }

    /** How much of a delivery kept as a digest is stored. */
    static final int DIGEST_BYTES = 1024;
    private static final int MAX_HEADERS = 50;

    /**
     * The event with only the first KiB of the body, plus the size and SHA-256 of the whole and the request's headers
     * (values cut to a few hundred characters, the Authorization header left out).
     */
    private NewWebhookEvent digest(NewWebhookEvent e, byte[] raw, HttpServletRequest request) {
        byte[] head = raw.length <= DIGEST_BYTES ? raw : java.util.Arrays.copyOf(raw, DIGEST_BYTES);
        com.fasterxml.jackson.databind.node.ObjectNode headers = json.createObjectNode();
        if (request != null) {
            for (String name : java.util.Collections.list(request.getHeaderNames())) {
                if (headers.size() >= MAX_HEADERS) {
                    break;
                }
                if (!"authorization".equalsIgnoreCase(name) && !"cookie".equalsIgnoreCase(name)) {
                    headers.put(OutsideText.quote(name.toLowerCase(java.util.Locale.ROOT), 100),
                            OutsideText.quote(String.join(", ", java.util.Collections.list(request.getHeaders(name)))));
                }
            }
        }
        return new NewWebhookEvent(cut(e.deliveryId()), cut(e.webhookId()), cut(e.source()), cut(e.topic()), e.resource(),
                e.event(), e.resourceId(), e.dateModifiedGmt(), e.dedupeKey(), head, cut(e.contentType()),
                e.signatureStatus(), e.sourceIp(), e.status(), e.rejectReason(), (long) raw.length, sha256(raw),
                headers.toString());
    }

    private static String cut(String header) {
        return header == null ? null : OutsideText.quote(header);
    }

    /**
     * The two fields the intake needs from a delivery, read in one streaming pass that still checks the whole body is
     * well-formed JSON (a tree of the whole product would be built only to read two fields; the inbox parses it later).
     * Null when the body is not a JSON object.
     */
    record TopLevel(Long id, String dateModifiedGmt) {
        static TopLevel read(ObjectMapper json, byte[] raw) {
            try (JsonParser parser = json.getFactory().createParser(raw)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    return null;
                }
                Long id = null;
                String modified = null;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if ("id".equals(field)) {
                        id = value.isNumeric() && fitsLong(parser) ? Long.valueOf(parser.getValueAsLong()) : null;
                    } else if ("date_modified_gmt".equals(field)) {
                        modified = value.isScalarValue() ? parser.getValueAsString() : null;
                    }
                    parser.skipChildren();
                }
                return new TopLevel(id, modified);
            } catch (IOException e) {
                return null;
            }
        }

        private static boolean fitsLong(JsonParser parser) throws IOException {
            return switch (parser.getNumberType()) {
                case INT, LONG -> true;
                case BIG_INTEGER -> parser.getBigIntegerValue().bitLength() < 64;
                default -> Math.abs(parser.getDoubleValue()) < 9.2e18;
            };
        }
    }

    /** A ping is {@code webhook_id=<id>}: a few bytes; anything longer is no ping (and is not logged whole). */
    private static boolean isPing(byte[] raw, Message in) {
        if (raw.length > 64) {
            return false;
        }
        String text = new String(raw, StandardCharsets.UTF_8).trim();
        return text.matches("webhook_id=\\d+");
    }

    /** Camel's header map is case-insensitive, so X-Wc-Webhook-Id and X-WC-Webhook-ID both match. */
    private static String header(Message in, String name) {
        String value = in.getHeader(name, String.class);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static LocalDateTime parseGmt(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static void respond(Exchange exchange, int status, String body) {
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(body);
    }

    static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
