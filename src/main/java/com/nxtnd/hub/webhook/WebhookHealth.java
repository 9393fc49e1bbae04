package com.nxtnd.hub.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.nxtnd.hub.HubProperties;
import com.nxtnd.hub.monitor.Alerts;
import com.nxtnd.hub.store.WatermarkRepository;
import com.nxtnd.hub.sync.SyncRequest;
import com.nxtnd.hub.sync.SyncService;
import com.nxtnd.hub.woo.WooCommerceClient;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * WooCommerce disables a webhook after repeated failed deliveries and never retries: what it did not deliver is
 * lost unless someone looks. This reads the store's webhooks; a disabled, paused or missing one is an alert, is
 * re-enabled or re-created (hub.webhooks.heal) and the gap since its resource's last delivery is backfilled by an
 * incremental pull, so nothing a dead webhook missed stays missing.
 */
@Component
public class WebhookHealth {

    private static final Logger log = LoggerFactory.getLogger(WebhookHealth.class);

    /** What one check found and did. */
    public record Report(List<Map<String, Object>> problems, Map<String, String> repaired, List<String> backfilled) {
    }

    private final WooCommerceClient woo;
    private final WebhookRegistrar registrar;
    private final WebhookProperties properties;
    private final HubProperties hub;
    private final Alerts alerts;
    private final SyncService sync;
    private final WatermarkRepository watermarks;
    private final JdbcTemplate jdbc;

    public WebhookHealth(WooCommerceClient woo, WebhookRegistrar registrar, WebhookProperties properties,
                         HubProperties hub, Alerts alerts, SyncService sync, WatermarkRepository watermarks,
                         JdbcTemplate jdbc) {
        this.woo = woo;
        this.registrar = registrar;
        this.properties = properties;
        this.hub = hub;
        this.alerts = alerts;
        this.sync = sync;
        this.watermarks = watermarks;
        this.jdbc = jdbc;
    }

    public Report check() throws Exception {
        List<JsonNode> all = new ArrayList<>();
        woo.forEachPage("webhooks", Map.of(), 100, 1, page -> all.addAll(page.items()));
        Map<String, JsonNode> ours = new LinkedHashMap<>();
        for (JsonNode w : all) {
            if (w.path("delivery_url").asText().startsWith(registrar.deliveryUrl("x.y").replace("/x", ""))) {
                JsonNode seen = ours.get(w.path("topic").asText());
                if (seen == null || "active".equals(w.path("status").asText())) {
                    ours.put(w.path("topic").asText(), w);
                }
            }
        }
        List<Map<String, Object>> problems = new ArrayList<>();
        Set<String> resources = new LinkedHashSet<>();
        for (String topic : WebhookRegistrar.TOPICS) {
            JsonNode w = ours.get(topic);
            String state = w == null ? "missing" : w.path("status").asText();
            String key = "webhook-disabled:" + topic;
            if ("active".equals(state)) {
                alerts.clear(key);
                continue;
            }
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("topic", topic);
            problem.put("status", state);
            if (w != null) {
                problem.put("webhookId", w.path("id").asLong());
            }
            problems.add(problem);
            resources.add(topic.substring(0, topic.indexOf('.')));
            alerts.raise(key, Alerts.Severity.WARNING, "The store's webhook for " + topic + " is " + state
                    + (properties.heal() ? "; the hub repairs it and backfills the gap" : "; deliveries are missed"),
                    problem);
        }
        if (problems.isEmpty() || !properties.heal()) {
            return new Report(problems, Map.of(), List.of());
        }
        Map<String, String> repaired = registrar.ensure();
        log.warn("Webhooks repaired at the store: {} (problems: {})", repaired, problems);
        List<String> backfilled = new ArrayList<>();
        for (String resource : resources) {
            backfill(resource);
            backfilled.add(resource);
        }
        problems.forEach(p -> alerts.clear("webhook-disabled:" + p.get("topic")));
        return new Report(problems, repaired, backfilled);
    }

    /** Incremental pull of {@code resource} from its last delivery on (older than the watermark only moves it back). */
    private void backfill(String resource) {
        Timestamp last = jdbc.queryForObject("""
                select max(received_at) from wc_webhook_events where resource = ? and status not in ('rejected', 'ping')""",
                Timestamp.class, resource);
        Instant since = last == null ? Instant.now().minus(properties.gapFallback()) : last.toInstant();
        String mark = "pull:" + resource;
        Instant current = watermarks.get(mark).map(Instant::parse).orElse(Instant.EPOCH);
        if (since.isBefore(current) || current.equals(Instant.EPOCH)) {
            watermarks.set(mark, since.toString());
        }
        SyncService.Result r = sync.run("webhook-gap", new SyncRequest("pull", List.of(resource), true, false, false, null));
        log.info("Backfilled {} since {} after a webhook gap: {} {}", resource, since, r.status(), r.counts());
    }
}
