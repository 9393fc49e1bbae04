package com.nxtnd.hub.sandbox.woo;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.nxtnd.hub.woo.WebhookSignature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers webhooks as WooCommerce does: asynchronously after the change, one queued delivery per webhook and record
 * (later edits ride on it, the payload is built at send time), signed over the exact bytes sent, no retries, and
 * the 7th consecutive failure disables the webhook.
 */
public class WooSandboxWebhooks implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WooSandboxWebhooks.class);
    static final String USER_AGENT = "WooCommerce/8.9.1 Hookshot (WordPress/6.5.3)";

    private final WooSandboxStore store;
    private final String source;
    private final long delayMs;
    private final ObjectWriter wpJson;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "woo-sandbox-webhooks");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final AtomicInteger inFlight = new AtomicInteger();

    WooSandboxWebhooks(WooSandboxStore store, ObjectMapper json, String siteUrl, long delayMs) {
        this.store = store;
        this.source = siteUrl.endsWith("/") ? siteUrl : siteUrl + "/";
        this.delayMs = delayMs;
        // wp_json_encode: non-ASCII as \\uXXXX (and slashes escaped, done on the text)
        this.wpJson = json.writer().with(JsonGenerator.Feature.ESCAPE_NON_ASCII);
        store.onChange(this::changed);
    }

    private void changed(WooSandboxStore.Change change) {
        String topic = change.resource() + "." + change.event();
        for (JsonNode webhook : store.activeWebhooks()) {
            if (!topic.equals(webhook.path("topic").asText())) {
                continue;
            }
            long webhookId = webhook.path("id").asLong();
            String key = webhookId + "|" + topic + "|" + change.id();
            if (queued.add(key)) {
                inFlight.incrementAndGet();
                executor.schedule(() -> {
                    try {
                        queued.remove(key);
                        deliver(webhookId, change);
                    } finally {
                        inFlight.decrementAndGet();
                    }
                }, delayMs, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Deliveries queued or on their way (answered ones are not counted): tests wait for 0 before they look. */
    public int inFlight() {
        return inFlight.get();
    }

    /** The ping WooCommerce sends when a webhook is created: form-encoded, unsigned, no X-WC headers. */
    void ping(JsonNode webhook) {
        executor.execute(() -> {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(webhook.path("delivery_url").asText()))
                        .timeout(Duration.ofSeconds(60)).header("User-Agent", USER_AGENT)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("webhook_id=" + webhook.path("id").asLong())).build(),
                        HttpResponse.BodyHandlers.discarding());
                log.debug("Sandbox webhook {} ping answered {}", webhook.path("id").asLong(), r.statusCode());
            } catch (Exception e) {
                log.debug("Sandbox webhook {} ping failed: {}", webhook.path("id").asLong(), e.toString());
            } catch (Throwable t) {
                log.warn("Sandbox webhook ping error", t);
            }
        });
    }

    private void deliver(long webhookId, WooSandboxStore.Change change) {
        JsonNode webhook = store.get("webhooks", webhookId).orElse(null);
        if (webhook == null || !"active".equals(webhook.path("status").asText())) {
            return;
        }
        // a delivery carries the view context, as a plain GET does (api-notes.md: "Two views of a product")
        JsonNode payload = store.payload(change.resource(), change.event(), change.id())
                .map(p -> WooSandboxViews.view(store.inheritSku(p))).orElse(null);
        if (payload == null) {
            return;
        }
        boolean ok;
        try {
            byte[] body = wpJson.writeValueAsString(payload).replace("/", "\\/").trim().getBytes(StandardCharsets.UTF_8);
            String deliveryId = Integer.toHexString((webhookId + ":" + System.currentTimeMillis() / 1000).hashCode());
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(webhook.path("delivery_url").asText()))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json").header("User-Agent", USER_AGENT)
                    .header("X-WC-Webhook-Source", source)
                    .header("X-WC-Webhook-Topic", change.resource() + "." + change.event())
                    .header("X-WC-Webhook-Resource", change.resource())
                    .header("X-WC-Webhook-Event", change.event())
                    .header("X-WC-Webhook-Signature", WebhookSignature.sign(body, webhook.path("secret").asText()))
                    .header("X-WC-Webhook-ID", String.valueOf(webhookId))
                    .header("X-WC-Webhook-Delivery-ID", deliveryId)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
            ok = response.statusCode() >= 200 && response.statusCode() < 303;
            if (!ok) {
                log.info("Sandbox webhook {} delivery of {} {} answered {}", webhookId, change, change.id(), response.statusCode());
            }
        } catch (Exception e) {
            ok = false;
            log.info("Sandbox webhook {} delivery failed: {}", webhookId, e.toString());
        }
        store.deliveryResult(webhookId, ok);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
