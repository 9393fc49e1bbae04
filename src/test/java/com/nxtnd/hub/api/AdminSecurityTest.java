package com.nxtnd.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.nxtnd.hub.HubIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AdminSecurityTest extends HubIntegrationTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void healthIsOpenWithItsStatusOnlyAndShowsDatabaseAndCamelToTheAdmin() throws Exception {
        HttpResponse<String> open = get("/actuator/health", null);
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.body()).isEqualTo("{\"status\":\"UP\"}");
        HttpResponse<String> health = get("/actuator/health", "admin:admin");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"db\"", "\"camelHealth\"", "PostgreSQL", "\"woocommerce\":{\"status\":\"UP\"",
                "\"nxt\":{\"status\":\"UP\"", "\"auth\":\"oauth1\"");
        assertThat(health.body()).doesNotContain("cs_sandbox", "sandbox-token");
    }

    @Test
    void adminSurfacesNeedTheLogin() throws Exception {
        for (String path : new String[] {"/actuator/prometheus", "/actuator/hawtio/", "/api/hub/info", "/actuator/env"}) {
            assertThat(get(path, null).statusCode()).as(path).isEqualTo(401);
            assertThat(get(path, "admin:wrong").statusCode()).as(path).isEqualTo(401);
        }
        assertThat(get("/actuator/prometheus", "admin:admin").body()).contains("jvm_memory_used_bytes");
        assertThat(get("/actuator/hawtio/", "admin:admin").statusCode()).isEqualTo(200);
    }

    @Test
    void onlyWebhookDeliveriesGoWithoutLoginNotTheWebhookAdminSurfaces() throws Exception {
        HttpRequest delivery = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/woocommerce/webhooks/product"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":1}")).build();
        // through the open chain: the intake itself answers (unsigned: 401 invalid_signature, not the login's 401)
        HttpResponse<String> answer = http.send(delivery, HttpResponse.BodyHandlers.ofString());
        assertThat(answer.body()).contains("invalid_signature");
        assertThat(answer.headers().firstValue("WWW-Authenticate")).isEmpty();

        for (String path : new String[] {"/api/woocommerce/webhooks", "/api/woocommerce/webhooks/product",
                "/api/woocommerce/webhooks/stats"}) {
            HttpResponse<String> get = get(path, null);
            assertThat(get.statusCode()).as("GET " + path).isEqualTo(401);
            assertThat(get.headers().firstValue("WWW-Authenticate")).as("GET " + path).isPresent();
        }
    }

    @Test
    void hawtioSeesTheCamelRoutesThroughJolokia() throws Exception {
        HttpResponse<String> routes = get("/actuator/jolokia/search/org.apache.camel:type=routes,*", "admin:admin");
        assertThat(routes.statusCode()).isEqualTo(200);
        assertThat(routes.body()).contains("hub-info");
        HttpRequest post = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/jolokia"))
                .header("Authorization", basic("admin:admin")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"Uptime\"}")).build();
        HttpResponse<String> read = http.send(post, HttpResponse.BodyHandlers.ofString());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).contains("\"status\":200");
    }

    private HttpResponse<String> get(String path, String credentials) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET();
        if (credentials != null) {
            b.header("Authorization", basic(credentials));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }
}
