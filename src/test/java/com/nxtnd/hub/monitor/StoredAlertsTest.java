package com.nxtnd.hub.monitor;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class StoredAlertsTest extends MonitorTestSupport {

    @Autowired
    Alerts alerts;
    @Autowired
    MonitoringProperties properties;
    @Autowired
    ObjectMapper mapper;

    WireMockServer slack;

    @BeforeEach
    void startChat() {
        slack = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        slack.start();
        slack.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo("/hooks/ok")).willReturn(aResponse().withStatus(200).withBody("ok")));
        slack.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo("/hooks/broken")).willReturn(aResponse().withStatus(500)));
    }

    @AfterEach
    void stopChat() {
        slack.stop();
    }

    /** The same store, posting to the test's chat webhook. */
    StoredAlerts postingTo(String path) {
        MonitoringProperties p = new MonitoringProperties(properties.metricsInterval(), properties.retention(),
                properties.dashboardRefresh(), slack.baseUrl() + path, properties.alertWindow(), properties.alertMinSamples(),
                properties.thresholds(), properties.alertMailFrom());
        return new StoredAlerts(jdbc, mapper, p, new AlertNotifier(mapper, Duration.ofSeconds(5)), "shop-admin@example.com");
    }

    @Test
    void theHubsAlertsAreTheStoredOnes() {
        assertThat(alerts).isInstanceOf(StoredAlerts.class);
        String condition = "test:" + UUID.randomUUID();
        alerts.raise(condition, Alerts.Severity.CRITICAL, "raised through the bean", Map.of("k", "v"));
        assertThat(jdbc.queryForObject("select count(*) from wc_alerts where condition_key = ? and status = 'active' "
                + "and severity = 'CRITICAL' and details ->> 'k' = 'v'", Long.class, condition)).isEqualTo(1);
        alerts.clear(condition);
        assertThat(jdbc.queryForObject("select status from wc_alerts where condition_key = ?", String.class, condition))
                .isEqualTo("resolved");
    }

    @Test
    void raisedOnceWhileItLastsPostedOnceResolvedOnClearAndRaisedAnewAfterwards() throws Exception {
        StoredAlerts stored = postingTo("/hooks/ok");
        String condition = "circuit:test-" + UUID.randomUUID();

        stored.raise(condition, Alerts.Severity.WARNING, "Circuit opened", Map.of("breaker", "woo-write"));
        stored.raise(condition, Alerts.Severity.WARNING, "Circuit still open", Map.of("breaker", "woo-write"));
        stored.raise(condition, Alerts.Severity.CRITICAL, "Circuit still open", Map.of("breaker", "woo-write"));

        List<Map<String, Object>> rows = jdbc.queryForList("select * from wc_alerts where condition_key = ?", condition);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).containsEntry("status", "active").containsEntry("occurrences", 3)
                .containsEntry("severity", "CRITICAL").containsEntry("message", "Circuit still open");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "select notified_at is not null from wc_alerts where condition_key = ?", Boolean.class, condition)).isTrue());
        List<LoggedRequest> posts = slack.findAll(postRequestedFor(urlEqualTo("/hooks/ok")));
        assertThat(posts).hasSize(1); // de-duplicated: one message for the three raises
        assertThat(posts.get(0).getHeader("Content-Type")).startsWith("application/json");
        assertThat(mapper.readTree(posts.get(0).getBodyAsString()).get("text").asText())
                .contains("[WARNING]", condition, "Circuit opened", "breaker: woo-write", "shop-admin@example.com");

        stored.clear(condition);
        stored.clear(condition); // clearing what is not active is a no-op
        assertThat(jdbc.queryForObject("select status from wc_alerts where condition_key = ?", String.class, condition))
                .isEqualTo("resolved");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> slack.verify(1, postRequestedFor(urlEqualTo("/hooks/ok"))
                .withRequestBody(matchingJsonPath("$.text", com.github.tomakehurst.wiremock.client.WireMock.containing("resolved " + condition)))));

        stored.raise(condition, Alerts.Severity.WARNING, "Circuit opened again", Map.of());
        assertThat(jdbc.queryForList("select status from wc_alerts where condition_key = ? order by id", String.class, condition))
                .containsExactly("resolved", "active");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> slack.verify(3, postRequestedFor(urlEqualTo("/hooks/ok"))));
        stored.clear(condition);
    }

    @Test
    void aChatWebhookThatFailsIsRecordedAndDoesNotStopTheAlert() {
        StoredAlerts stored = postingTo("/hooks/broken");
        String condition = "credentials:test-" + UUID.randomUUID();
        stored.raise(condition, Alerts.Severity.CRITICAL, "Credentials refused", null);
        assertThat(stored.activeConditions("credentials:test-")).contains(condition);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "select notify_error from wc_alerts where condition_key = ?", String.class, condition)).contains("HTTP 500"));
        slack.verify(1, postRequestedFor(urlEqualTo("/hooks/broken")).withHeader("Content-Type", equalTo("application/json")));
        stored.clear(condition);
    }

    @Test
    void alertsApiListsActiveAndResolvedAndAnswers404And400() throws Exception {
        String condition = "webhook-disabled:test-" + UUID.randomUUID();
        alerts.raise(condition, Alerts.Severity.WARNING, "Webhook disabled at the store", Map.of("webhookId", 12));
        long id = jdbc.queryForObject("select id from wc_alerts where condition_key = ?", Long.class, condition);

        assertThat(adminJson("/api/woocommerce/alerts").get("items").findValuesAsText("condition")).contains(condition);
        var one = adminJson("/api/woocommerce/alerts/" + id);
        assertThat(one.get("condition").asText()).isEqualTo(condition);
        assertThat(one.get("details").get("webhookId").asInt()).isEqualTo(12);

        alerts.clear(condition);
        assertThat(adminJson("/api/woocommerce/alerts").get("items").findValuesAsText("condition")).doesNotContain(condition);
        assertThat(adminJson("/api/woocommerce/alerts?status=resolved").get("items").findValuesAsText("condition")).contains(condition);

        var missing = get("/api/woocommerce/alerts/987654321", ADMIN);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json.readTree(missing.body()).get("error").asText()).isEqualTo("not_found");
        var notANumber = get("/api/woocommerce/alerts/abc", ADMIN);
        assertThat(notANumber.statusCode()).isEqualTo(400);
        assertThat(json.readTree(notANumber.body()).get("details").get("parameter").asText()).isEqualTo("id");
        var badStatus = get("/api/woocommerce/alerts?status=open", ADMIN);
        assertThat(badStatus.statusCode()).isEqualTo(400);
        assertThat(json.readTree(badStatus.body()).get("details").get("parameter").asText()).isEqualTo("status");
        assertThat(get("/api/woocommerce/alerts", null).statusCode()).isEqualTo(401);
    }
}
