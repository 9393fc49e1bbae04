package com.nxtnd.hub.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nxtnd.hub.HubIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Shared by the webhook tests: the running hub, its store, and ways to send and follow deliveries. */
abstract class WebhookTestSupport extends HubIntegrationTest {

    static final String SECRET = "sandbox-secret";

    @Autowired
    JdbcTemplate jdbc;

    final HttpClient http = HttpClient.newHttpClient();

    String url(String path) {
        return baseUrl() + path;
    }

    long eventId(HttpResponse<String> response) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"eventId\":(\\d+)").matcher(response.body());
        assertThat(m.find()).as("eventId in %s", response.body()).isTrue();
        return Long.parseLong(m.group(1));
    }

    String status(long id) {
        return jdbc.queryForObject("select status from wc_webhook_events where id = ?", String.class, id);
    }

    String reason(long id) {
        return jdbc.queryForObject("select reject_reason from wc_webhook_events where id = ?", String.class, id);
    }

    void awaitStatus(long id, String expected) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(status(id)).isEqualTo(expected));
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> adminJson(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", admin())
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return new com.fasterxml.jackson.databind.ObjectMapper().readValue(r.body(), Map.class);
    }

    /** A delivery of {@code body} on {@code topic}, with the captured real delivery's headers, signed anew. */
    CapturedDelivery delivery(String topic, com.fasterxml.jackson.databind.JsonNode body) throws Exception {
        return CapturedDelivery.of(topic, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(body), SECRET);
    }

    static String admin() {
        return "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));
    }
}
