package com.nxtnd.hub.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.HubIntegrationTest;
import com.nxtnd.hub.RouteFileEdit;
import com.nxtnd.hub.peer.PeerGuards;
import com.nxtnd.hub.sandbox.FaultSettings;
import com.nxtnd.hub.sandbox.SandboxTrafficRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Operator story (issue 18): a reconcile run's calls take the timeouts written in routes/reconcile.camel.yaml. With a
 * shorter WooCommerce timeout written in the running hub's file and the shop slower than it, the run stops with the
 * timeout in its report; with the file put back, the same run completes. A dry run: it reads and changes nothing.
 */
class ReconcileTimeoutStoryTest extends HubIntegrationTest {

    @Autowired
    CamelContext camel;
    @Autowired
    SandboxTrafficRegistry traffic;
    @Autowired
    PeerGuards guards;
    @Autowired
    ObjectMapper json;

    @Test
    void aShorterTimeoutInTheReconcilesRouteFileStopsARunOnASlowShop() throws Exception {
        try (RouteFileEdit edit = RouteFileEdit.of(ROUTES_COPY, "reconcile.camel.yaml")) {
            edit.replace("'{{woocommerce.read-timeout:30s}}'", "'300ms'");
            await().atMost(Duration.ofSeconds(30)).until(() -> route().contains("'300ms'") && started("reconcile"));
            // every WooCommerce read answered after 1 s: within the 30 s default, beyond the 300 ms written above
            traffic.woo().setFaults(new FaultSettings(0, 1000, 0, 0, 500, 0, 1, false, false));

            long started = System.nanoTime();
            JsonNode report = reconcile();
            assertThat(report.path("status").asText()).as("%s", report).isEqualTo("failed");
            assertThat(report.toString()).containsIgnoringCase("timeout");
            // four attempts at the first page, each cut at 300 ms: nowhere near one at 30 s
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        } finally {
            traffic.woo().setFaults(FaultSettings.NONE);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !route().contains("'300ms'")
                && started("reconcile"));
        // the cut reads counted against WooCommerce's read breaker: the other tests start from a closed one
        guards.woo().breaker(false).transitionToClosedState();
        guards.woo().breaker(true).transitionToClosedState();

        JsonNode again = reconcile();
        assertThat(again.path("status").asText()).as("%s", again).isEqualTo("completed");
    }

    private JsonNode reconcile() throws Exception {
        HttpResponse<String> r = adminPost("/api/woocommerce/sync/reconcile",
                "{\"dryRun\":true,\"entityTypes\":[\"product\"]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    private String route() {
        var route = ((ModelCamelContext) camel).getRouteDefinition("reconcile");
        return route == null ? "" : route.toString();
    }

    private boolean started(String routeId) {
        org.apache.camel.ServiceStatus status = camel.getRouteController().getRouteStatus(routeId);
        return status != null && status.isStarted(); // none while the file is being reloaded
    }
}
