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
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.timer.TimerEndpoint;
import org.apache.camel.support.ResourceHelper;
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
        Path file = ROUTES_COPY.resolve("hub-info.camel.yaml");
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

    /**
     * Operator story: the monitoring interval is changed in a copy of routes/monitoring.camel.yaml while the hub runs,
     * and the snapshots come at the new pace at once; a broken edit of the same file is refused with its file and
     * line, and the flow keeps running as it was.
     */
    @Test
    void editingTheMonitoringFlowTakesEffectWithoutRestartAndABrokenEditIsRefused() throws Exception {
        Path file = ROUTES_COPY.resolve("monitoring.camel.yaml");
        String original = Files.readString(file);
        assertThat(period("monitoring-snapshot")).isEqualTo(60_000);
        try {
            String edited = original
                    .replace("delay: \"{{hub.monitoring.first-snapshot-delay:10s}}\"", "delay: 0")
                    .replace("period: \"{{hub.monitoring.metrics-interval:60s}}\"", "period: 1s");
            assertThat(edited).isNotEqualTo(original);
            NotifyBuilder snapshots = new NotifyBuilder(camel).fromRoute("monitoring-snapshot").whenCompleted(3).create();
            Files.writeString(file, edited);
            await().atMost(Duration.ofSeconds(20)).until(() -> period("monitoring-snapshot") == 1000);
            // three snapshots within 15 s: at the shipped 60 s interval not even one would come
            assertThat(snapshots.matches(15, TimeUnit.SECONDS)).isTrue();

            // a step misspelled, on line 2 of the route: refused, and the 1 s flow stays
            String broken = edited.replace("        - bean:\n            ref: storeMetrics",
                    "        - beean:\n            ref: storeMetrics");
            assertThat(broken).isNotEqualTo(edited);
            Files.writeString(file, broken);
            await().atMost(Duration.ofSeconds(20)).until(() -> reloader.lastErrors().keySet().stream()
                    .anyMatch(k -> k.endsWith("monitoring.camel.yaml")));
            assertThat(reloader.lastErrors().entrySet().stream().filter(e -> e.getKey().endsWith("monitoring.camel.yaml"))
                    .findFirst().orElseThrow().getValue()).contains("beean").containsPattern("line \\d+");
            assertThat(period("monitoring-snapshot")).isEqualTo(1000);
            NotifyBuilder still = new NotifyBuilder(camel).fromRoute("monitoring-snapshot").whenCompleted(2).create();
            assertThat(still.matches(15, TimeUnit.SECONDS)).as("the running flow stays").isTrue();
        } finally {
            Files.writeString(file, original);
        }
        // the routes are swapped before the file's last error is cleared: wait for both
        await().atMost(Duration.ofSeconds(20)).until(() -> period("monitoring-snapshot") == 60_000
                && reloader.lastErrors().keySet().stream().noneMatch(k -> k.endsWith("monitoring.camel.yaml")));
        // the watcher may report one write twice: quiet for a few seconds (the route not re-created) before the next
        // test counts routes
        await().atMost(Duration.ofSeconds(30)).until(() -> camel.getRoute("monitoring-snapshot") != null
                && camel.getRoute("monitoring-snapshot").getUptimeMillis() > 5000);
    }

    /** A file with a routeConfiguration (the dead letter channel) reloads too, and the routes using it keep running. */
    @Test
    void theDeadLetterFileWithItsRouteConfigurationReloads() throws Exception {
        Path file = ROUTES_COPY.resolve("dead-letter.camel.yaml");
        assertThat(reloader.reload(camel, ResourceHelper.resolveResource(camel, "file:" + file))).isTrue();
        assertThat(camel.getCamelContextExtension().getContextPlugin(org.apache.camel.model.Model.class)
                .getRouteConfigurationDefinition("dead-letter")).isNotNull();
        assertThat(camel.getRouteController().getRouteStatus("dead-letter")).isEqualTo(ServiceStatus.Started);
        // a route that names the configuration is reloaded after it, as an operator's next edit would be
        assertThat(reloader.reload(camel, ResourceHelper.resolveResource(camel,
                "file:" + ROUTES_COPY.resolve("webhook-health.camel.yaml")))).isTrue();
        assertThat(camel.getRouteController().getRouteStatus("webhook-health")).isEqualTo(ServiceStatus.Started);
        assertThat(info()).contains("integration hub");
    }

    /** The route's timer period; -1 while a reload has the route out for a moment. */
    private long period(String routeId) {
        var route = camel.getRoute(routeId);
        return route == null ? -1 : ((TimerEndpoint) route.getEndpoint()).getPeriod();
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
