package com.nxtnd.hub.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nxtnd.hub.HubIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class YamlRouteReloadTest extends HubIntegrationTest {

    @Autowired
    CamelContext camel;
    @Autowired
    YamlRouteReloader reloader;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void editingAYamlRouteChangesBehaviourWithoutRestart() throws Exception {
        assertThat(info()).contains("integration hub");
        Path file = ROUTES_COPY.resolve("hub-info.yaml");
        String original = Files.readString(file);
        try {
            Files.writeString(file, original.replace("integration hub\"}", "integration hub, edited live\"}"));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(info()).contains("edited live"));
        } finally {
            Files.writeString(file, original);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(info()).doesNotContain("edited live"));
    }

    @Test
    void aBrokenYamlFileIsReportedWithFileAndLineAndTheRunningRoutesStay() throws Exception {
        int routesBefore = camel.getRoutes().size();
        Path broken = ROUTES_COPY.resolve("zz-broken.yaml");
        try {
            Files.writeString(broken, """
                    - route:
                        id: broken-route
                        from:
                          uri: timer:broken
                          steps:
                            - noSuchStep:
                                foo: 1
                    """);
            await().atMost(Duration.ofSeconds(20)).until(() -> reloader.lastErrors().keySet().stream()
                    .anyMatch(k -> k.endsWith("zz-broken.yaml")));
            String error = reloader.lastErrors().entrySet().stream()
                    .filter(e -> e.getKey().endsWith("zz-broken.yaml")).findFirst().orElseThrow().getValue();
            assertThat(error).contains("noSuchStep").containsPattern("line \\d+");
            assertThat(camel.getRoute("broken-route")).isNull();
            assertThat(camel.getRoutes()).hasSize(routesBefore);
            assertThat(info()).contains("integration hub");
        } finally {
            Files.deleteIfExists(broken);
        }
    }

    private String info() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/hub/info"))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8)))
                .GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
