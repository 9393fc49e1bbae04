package com.nxtnd.hub.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MonitoringApiTest extends MonitorTestSupport {

    @Test
    void openHealthSummaryShowsStatusesOnly() throws Exception {
        var r = get("/api/woocommerce/health", null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode health = json.readTree(r.body());
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.get("services").get("database").asText()).isEqualTo("up");
        assertThat(health.get("services").get("woocommerce").asText()).isEqualTo("up");
        assertThat(health.get("services").get("nxt").asText()).isEqualTo("up");
        assertThat(health.get("services").get("camel").asText()).isEqualTo("Started");
        // no URLs, credentials or details
        assertThat(r.body()).doesNotContain("http", "sandbox", "cs_", "ck_", "token", "secret", "admin");
    }

    @Test
    void statusShowsServicesCircuitsQueuesAndLastSyncPerEntityAndDirection() throws Exception {
        assertThat(get("/api/woocommerce/status", null).statusCode()).isEqualTo(401);
        var sync = post("/api/woocommerce/sync/full", "{\"direction\":\"pull\",\"entityTypes\":[\"customer\"]}");
        assertThat(sync.statusCode()).isEqualTo(200);
        String session = json.readTree(sync.body()).get("sessionId").asText();

        JsonNode status = adminJson("/api/woocommerce/status");
        assertThat(status.get("status").asText()).isIn("UP", "DEGRADED");
        JsonNode services = status.get("services");
        assertThat(services.get("hub").get("database").asText()).isEqualTo("up");
        assertThat(services.get("hub").get("camel").get("routes").asInt()).isGreaterThanOrEqualTo(10);
        for (String peer : new String[] {"woocommerce", "nxt"}) {
            assertThat(services.get(peer).get("status").asText()).as(peer).isEqualTo("up");
            assertThat(services.get(peer).get("circuit").asText()).as(peer).isIn("CLOSED", "OPEN", "HALF_OPEN");
        }
        assertThat(services.get("woocommerce").get("circuits").findValuesAsText("name")).contains("woo-read", "woo-write");
        assertThat(services.get("nxt").get("circuits").findValuesAsText("name")).contains("nxt-read", "nxt-write");
        assertThat(status.get("queues").get("webhooks").has("pending")).isTrue();
        assertThat(status.get("queues").get("jobs").has("queued")).isTrue();
        assertThat(status.get("queues").get("conflicts").has("pending")).isTrue();
        JsonNode customerPull = status.get("lastSync").get("customer").get("pull");
        assertThat(customerPull.get("lastSessionId").asText()).isEqualTo(session);
        assertThat(customerPull.get("lastStatus").asText()).isEqualTo("completed");
        assertThat(customerPull.get("lastSuccessAt").asText()).isNotBlank();
        assertThat(status.get("alerts").has("active")).isTrue();
        assertThat(status.toString()).doesNotContain("cs_sandbox", "sandbox-token", "sandbox-secret");
    }

    @Test
    void circuitBreakersAreInPrometheusAndInTheJmxTreeHawtioShows() throws Exception {
        String prometheus = get("/actuator/prometheus", ADMIN).body();
        assertThat(prometheus).containsPattern("resilience4j_circuitbreaker_state\\{[^}]*name=\"woo-write\"");
        var mbeans = get("/actuator/jolokia/search/com.nxtnd.hub:type=CircuitBreaker,*", ADMIN);
        assertThat(mbeans.statusCode()).isEqualTo(200);
        assertThat(mbeans.body()).contains("woo-read", "woo-write", "nxt-read", "nxt-write");
        var state = get("/actuator/jolokia/read/com.nxtnd.hub:type=CircuitBreaker,name=woo-read/State", ADMIN);
        assertThat(json.readTree(state.body()).get("value").asText()).isIn("CLOSED", "OPEN", "HALF_OPEN");
    }

    @Test
    void dashboardApiCarriesEverySection() throws Exception {
        String condition = "test:dashboard-" + UUID.randomUUID();
        JsonNode before = adminJson("/api/woocommerce/dashboard");
        for (String section : new String[] {"sync", "webhooks", "conflicts", "system", "stock", "alerts", "charts"}) {
            assertThat(before.has(section)).as(section).isTrue();
        }
        assertThat(before.get("refreshSeconds").asInt()).isEqualTo(30);
        assertThat(before.get("system").get("api").has("woo")).isTrue();
        jdbc.update("insert into wc_alerts (condition_key, severity, message) values (?, 'INFO', 'shown on the dashboard')", condition);
        assertThat(adminJson("/api/woocommerce/dashboard").get("alerts").get("active").findValuesAsText("condition"))
                .contains(condition);
        jdbc.update("delete from wc_alerts where condition_key = ?", condition);
    }

    @Test
    void openApiDescribesTheAdminApiBehindTheLogin() throws Exception {
        assertThat(get("/api/docs", null).statusCode()).isEqualTo(401);
        var docs = get("/api/docs", ADMIN);
        assertThat(docs.statusCode()).isEqualTo(200);
        JsonNode paths = json.readTree(docs.body()).get("paths");
        assertThat(paths.has("/api/woocommerce/status")).isTrue();
        assertThat(paths.has("/api/woocommerce/dashboard")).isTrue();
        assertThat(paths.has("/api/woocommerce/analytics")).isTrue();
        assertThat(paths.has("/api/woocommerce/health")).isTrue();
        assertThat(paths.has("/api/woocommerce/initialize")).isTrue();
        assertThat(paths.has("/api/woocommerce/sync/full")).isTrue();
        assertThat(docs.body()).doesNotContain("/sandbox/");
        assertThat(get("/api/docs/ui", ADMIN).statusCode()).isIn(200, 302);
    }

    @Test
    void dashboardPageIsBehindTheLogin() throws Exception {
        assertThat(get("/dashboard", null).statusCode()).isEqualTo(401);
        assertThat(get("/dashboard/dashboard.js", null).statusCode()).isEqualTo(401);
        var page = get("/dashboard", ADMIN);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Hub dashboard", "/dashboard/dashboard.js");
        assertThat(get("/dashboard/dashboard.js", ADMIN).body()).contains("/api/woocommerce/dashboard");
    }
}
