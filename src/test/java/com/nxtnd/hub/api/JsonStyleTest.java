package com.nxtnd.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.HubIntegrationTest;
import com.nxtnd.hub.monitor.Alerts;
import com.nxtnd.hub.monitor.StoredAlerts;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One JSON style for every answer of the admin API: camelCase keys, real objects and arrays (no JSON or PostgreSQL
 * arrays inside strings), times as ISO-8601 UTC strings. Maps keyed by data (entities, topics, breakers, types)
 * are exempt from the key rule, their values are not.
 */
class JsonStyleTest extends HubIntegrationTest {

    /** Objects whose keys are data, not field names. */
    private static final Set<String> DATA_KEYED = Set.of("counts", "records", "lastSync", "breakers", "circuits",
            "concurrency", "credentialsRefused", "stoppedRoutes", "tags", "rejectedByReason", "details", "baseValues",
            "wooValues", "nxtValues", "resolvedValues", "settled", "byType", "byEntity", "byStrategy",
            "bySource", "bySystem", "byRoute", "byStatus", "byCondition", "bySeverity", "api", "calls", "products",
            "customers", "orders", "inventory", "request");
    /** The seed's one snake_case field, kept as its clients read it. */
    private static final Set<String> SEED_FIELDS = Set.of("progress_percent");
    private static final Pattern CAMEL = Pattern.compile("[a-z][a-zA-Z0-9]*");
    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d.*");
    private static final Pattern PG_ARRAY = Pattern.compile("\\{[^\"{}:]*}");

    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    StoredAlerts alerts;

    @Test
    void everyAnswerHasTheSameJsonStyle() throws Exception {
        JsonNode run = json.readTree(adminPost("/api/woocommerce/sync/full", "{\"direction\":\"pull\",\"entityTypes\":[\"product\"]}").body());
        String job = json.readTree(adminPost("/api/woocommerce/sync/batch", "{\"type\":\"inventory_sync\"}").body()).path("jobId").asText();
        Long conflict = jdbc.queryForObject("insert into wc_sync_conflicts (entity_type, woo_id, nxt_id, conflict_type, fields, "
                + "base_values, woo_values, nxt_values, woo_modified_at, nxt_modified_at, strategy) values ('product', 901, "
                + "'p-901', 'field_conflict', '{name}', '{\"name\":\"A\"}', '{\"name\":\"B\"}', '{\"name\":\"C\"}', now(), now(), "
                + "'manual') returning id", Long.class);
        alerts.raise("json-style-test", Alerts.Severity.WARNING, "An alert for the JSON style test", Map.of("count", 3));
        jdbc.update("insert into wc_error_log (system, error_type, route_id, message) values ('nxt', 'http_500', 'sync-push', 'boom')");
        jdbc.update("insert into wc_webhook_events (topic, resource, payload, signature_status, status, reject_reason) "
                + "values ('product.updated', 'product', '{}'::bytea, 'missing', 'rejected', 'signature_missing')");

        List<String> paths = List.of("/api/woocommerce/sync/session/" + run.path("sessionId").asText(),
                "/api/woocommerce/sync/job/" + job, "/api/woocommerce/sync/sessions?size=5",
                "/api/woocommerce/conflicts/pending", "/api/woocommerce/conflicts/" + conflict,
                "/api/woocommerce/conflicts/stats", "/api/woocommerce/alerts?status=all", "/api/woocommerce/status",
                "/api/woocommerce/dashboard", "/api/woocommerce/health", "/api/woocommerce/webhooks/stats",
                "/api/woocommerce/analytics", "/api/woocommerce/errors/stats", "/api/woocommerce/circuits");
        List<String> problems = new ArrayList<>();
        for (String path : paths) {
            HttpResponse<String> r = adminGet(path);
            assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
            walk(path, "$", json.readTree(r.body()), false, problems);
        }
        walk("POST /sync/full", "$", run, false, problems);
        long alertId = alerts.list("active", 100).stream().filter(a -> a.condition().equals("json-style-test"))
                .findFirst().orElseThrow().id();
        walk("alert", "$", json.readTree(adminGet("/api/woocommerce/alerts/" + alertId).body()), false, problems);
        assertThat(problems).isEmpty();
    }

    /**
     * Every answer has a named schema in /api/docs: the 200 response of each operation is a $ref to a schema with
     * properties, never a bare object or map (what a {@code Map<String, Object>} answer gives).
     */
    @Test
    void everyAnswerHasANamedSchema() throws Exception {
        HttpResponse<String> r = adminGet("/api/docs");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode docs = json.readTree(r.body());
        List<String> problems = new ArrayList<>();
        for (String operation : NAMED_ANSWERS) {
            String[] mp = operation.split(" ", 2);
            schemaProblem(docs, mp[0].toLowerCase(), mp[1]).ifPresent(problems::add);
        }
        assertThat(problems).isEmpty();
    }

    /** The schema check catches a map answer, as the monitoring answers were described before they were records. */
    @Test
    void theSchemaCheckFindsAMap() throws Exception {
        JsonNode docs = json.readTree("""
                {"paths": {"/a": {"get": {"responses": {"200": {"content": {"*/*": {"schema":
                    {"type": "object", "additionalProperties": {}}}}}}}},
                           "/b": {"get": {"responses": {"200": {"content": {"*/*": {"schema": {"$ref": "#/components/schemas/B"}}}}}}}},
                 "components": {"schemas": {"B": {"type": "object", "additionalProperties": {"type": "integer"}}}}}""");
        assertThat(schemaProblem(docs, "get", "/a")).hasValueSatisfying(p -> assertThat(p).contains("not a named schema"));
        assertThat(schemaProblem(docs, "get", "/b")).hasValueSatisfying(p -> assertThat(p).contains("no properties"));
        assertThat(schemaProblem(docs, "get", "/c")).hasValueSatisfying(p -> assertThat(p).contains("not in /api/docs"));
    }

    /** Operations whose 200 answer must be a named schema with properties. */
    private static final List<String> NAMED_ANSWERS = List.of("GET /api/woocommerce/status",
            "GET /api/woocommerce/dashboard", "GET /api/woocommerce/analytics", "GET /api/woocommerce/health",
            "GET /api/woocommerce/conflicts/stats", "GET /api/woocommerce/conflicts/pending",
            "GET /api/woocommerce/errors/stats", "GET /api/woocommerce/circuits", "GET /api/woocommerce/webhooks/stats",
            "GET /api/woocommerce/sync/sessions", "GET /api/woocommerce/sync/session/{sessionId}",
            "GET /api/woocommerce/sync/job/{jobId}", "POST /api/woocommerce/sync/full", "GET /api/woocommerce/alerts",
            "GET /api/woocommerce/alerts/{id}", "GET /api/woocommerce/conflicts/{id}",
            "POST /api/woocommerce/conflicts/{id}/resolve", "POST /api/woocommerce/errors/{id}/replay",
            "GET /api/woocommerce/sync/reconcile/last", "POST /api/woocommerce/sync/reconcile");

    private static java.util.Optional<String> schemaProblem(JsonNode docs, String method, String path) {
        String op = method.toUpperCase() + " " + path;
        JsonNode responses = docs.path("paths").path(path).path(method).path("responses");
        if (responses.isMissingNode()) {
            return java.util.Optional.of(op + ": not in /api/docs");
        }
        JsonNode ok = responses.has("200") ? responses.path("200") : responses.path("201");
        JsonNode schema = ok.path("content").elements().hasNext() ? ok.path("content").elements().next().path("schema")
                : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        String ref = schema.path("$ref").asText("");
        if (!ref.startsWith("#/components/schemas/")) {
            return java.util.Optional.of(op + ": answer is not a named schema: " + schema);
        }
        JsonNode named = docs.path("components").path("schemas").path(ref.substring("#/components/schemas/".length()));
        if (named.path("properties").isEmpty()) {
            return java.util.Optional.of(op + ": schema " + ref + " has no properties: " + named);
        }
        return java.util.Optional.empty();
    }

    /** The checks catch what the session and job answers used to look like. */
    @Test
    void theChecksFindTheOldStyle() throws Exception {
        List<String> problems = new ArrayList<>();
        walk("old", "$", json.readTree("{\"entity_types\":\"{product,customer}\",\"counts\":\"{\\\"order\\\":{}}\","
                + "\"startedAt\":\"2026-12-05 08:00:00.1+00\",\"finishedAt\":1796457600000,\"ok\":\"plain {text}: fine\"}"), false, problems);
        assertThat(problems).hasSize(5).anyMatch(p -> p.contains("entity_types: key"))
                .anyMatch(p -> p.contains("$.entity_types: JSON or an array")).anyMatch(p -> p.contains("$.counts: JSON"))
                .anyMatch(p -> p.contains("startedAt: time not ISO")).anyMatch(p -> p.contains("finishedAt: time as a number"));
    }

    private void walk(String path, String at, JsonNode node, boolean dataKeyed, List<String> problems) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey();
                if (!dataKeyed && !CAMEL.matcher(key).matches() && !SEED_FIELDS.contains(key)) {
                    problems.add(path + " " + at + "." + key + ": key is not camelCase");
                }
                walk(path, at + "." + key, e.getValue(), DATA_KEYED.contains(key), problems);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(path, at + "[" + i + "]", node.get(i), false, problems);
            }
        } else if (node.isTextual()) {
            String text = node.asText().trim();
            if ((text.startsWith("{") && text.endsWith("}")) || (text.startsWith("[") && text.endsWith("]"))) {
                if (parses(text) || PG_ARRAY.matcher(text).matches()) {
                    problems.add(path + " " + at + ": JSON or an array inside a string: " + text);
                }
            }
            if (TIME.matcher(text).matches()) {
                try {
                    Instant.parse(text);
                    if (!text.endsWith("Z")) {
                        problems.add(path + " " + at + ": time not in UTC: " + text);
                    }
                } catch (RuntimeException e) {
                    problems.add(path + " " + at + ": time not ISO-8601: " + text);
                }
            }
        } else if (node.isNumber() && (at.endsWith("At") || at.endsWith(".time")) && !dataKeyed) {
            problems.add(path + " " + at + ": time as a number: " + node);
        }
    }

    private boolean parses(String text) {
        try {
            json.readTree(text);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
