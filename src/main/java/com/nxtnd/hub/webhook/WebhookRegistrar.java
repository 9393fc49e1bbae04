package com.nxtnd.hub.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nxtnd.hub.HubProperties;
import com.nxtnd.hub.store.WatermarkRepository;
import com.nxtnd.hub.woo.WooCommerceClient;
import com.nxtnd.hub.woo.WooCommerceProperties;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Makes the store's webhooks point at this hub: one per topic the hub handles, delivering to
 * {@code API_BASE_URL/api/woocommerce/webhooks/<resource>}, signed with WOOCOMMERCE_WEBHOOK_SECRET. Missing ones
 * are created, disabled or paused ones re-activated, ones pointing elsewhere repaired. Done at start in the
 * embedded default so the sandbox's changes flow at once.
 *
 * <p>The store never shows a webhook's secret (not even with {@code context=edit}), so a hub whose secret changed,
 * or a new hub finding webhooks an earlier install made, would keep webhooks whose every delivery it rejects (seen on
 * the real store). The hub remembers a fingerprint of the secret it set per webhook (never the secret) and sets it
 * again when it differs: "rekeyed".
 */
@Component
public class WebhookRegistrar {

    public static final List<String> TOPICS = List.of("product.created", "product.updated", "product.deleted",
            "customer.created", "customer.updated", "customer.deleted", "order.created", "order.updated",
            "order.deleted");
    private static final String SECRET_KEY = "webhook-secret:";
    private static final Logger log = LoggerFactory.getLogger(WebhookRegistrar.class);

    private final WooCommerceClient woo;
    private final WooCommerceProperties wooProperties;
    private final HubProperties hub;
    private final ObjectMapper json;
    private final WatermarkRepository keys;

    public WebhookRegistrar(WooCommerceClient woo, WooCommerceProperties wooProperties, HubProperties hub, ObjectMapper json,
                            WatermarkRepository keys) {
        this.keys = keys;
        this.woo = woo;
        this.wooProperties = wooProperties;
        this.hub = hub;
        this.json = json;
    }

    /**
     * Called once by route webhook-registration, after the intake routes serve (WooCommerce pings at creation). A
     * failure is thrown to the route's dead letter channel: retried, then kept in the error store for a replay (it
     * used to be only logged, and a hub started on a busy machine was left with no webhooks at all).
     */
    public void registerWithTheSandbox() {
        if (hub.sandboxWoo()) {
            log.info("Embedded default: store webhooks {}", ensure());
        }
    }

    /** Creates or repairs the webhooks; returns per topic what was done (kept, created, reactivated, repaired, rekeyed). */
    public Map<String, String> ensure() {
        Map<String, JsonNode> existing = new LinkedHashMap<>();
        List<JsonNode> all = new ArrayList<>();
        try {
            woo.forEachPage("webhooks", Map.of(), 100, 1, page -> all.addAll(page.items()));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        for (JsonNode w : all) {
            if (w.path("delivery_url").asText().startsWith(base())) {
                existing.putIfAbsent(w.path("topic").asText(), w);
            }
        }
        Map<String, String> done = new LinkedHashMap<>();
        String fingerprint = secretFingerprint();
        for (String topic : TOPICS) {
            String url = deliveryUrl(topic);
            JsonNode w = existing.get(topic);
            if (w == null) {
                JsonNode made = woo.create("webhooks", json.createObjectNode().put("name", "woo-nxt-hub " + topic)
                        .put("topic", topic).put("delivery_url", url).put("secret", wooProperties.webhookSecret())
                        .put("status", "active"));
                keys.set(SECRET_KEY + made.path("id").asLong(), fingerprint);
                done.put(topic, "created");
                continue;
            }
            long id = w.path("id").asLong();
            boolean active = "active".equals(w.path("status").asText());
            boolean keyed = keys.get(SECRET_KEY + id).map(fingerprint::equals).orElse(false);
            if (!active || !url.equals(w.path("delivery_url").asText()) || !keyed) {
                ObjectNode fix = json.createObjectNode().put("status", "active").put("delivery_url", url)
                        .put("secret", wooProperties.webhookSecret());
                woo.update("webhooks", id, fix);
                keys.set(SECRET_KEY + id, fingerprint);
                done.put(topic, !active ? "reactivated" : !url.equals(w.path("delivery_url").asText()) ? "repaired" : "rekeyed");
            } else {
                done.put(topic, "kept");
            }
        }
        return done;
    }

    /** A digest of the secret, so that the store holds no secret of its own. */
    private String secretFingerprint() {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(("woo-nxt-hub webhook secret\n" + wooProperties.webhookSecret()).getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String deliveryUrl(String topic) {
        return base() + "/api/woocommerce/webhooks/" + topic.substring(0, topic.indexOf('.'));
    }

    private String base() {
        String b = hub.apiBaseUrl();
        return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    }
}
