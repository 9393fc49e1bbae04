package com.nxtnd.hub.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nxtnd.hub.RouteFileEdit;
import com.nxtnd.hub.TestMaterial;
import com.nxtnd.hub.peer.PeerGuards;
import com.nxtnd.hub.sandbox.FaultSettings;
import com.nxtnd.hub.sandbox.SandboxTrafficRegistry;
import com.nxtnd.hub.sandbox.nxt.NxtSandboxStore;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Operator story (issue 18): the inbox's calls to NXT-ND take the timeout written in routes/webhook-inbox.camel.yaml.
 * With a shorter one written in the running hub's file and NXT-ND slower than it, an event's attempt is cut, and the
 * event waits for its next attempt; with the file put back, it is applied once. Nothing is lost on the way.
 */
class InboxTimeoutStoryTest extends WebhookTestSupport {

    @Autowired
    CamelContext camel;
    @Autowired
    SandboxTrafficRegistry traffic;
    @Autowired
    NxtSandboxStore nxt;
    @Autowired
    PeerGuards guards;
    @Autowired
    CircuitBreakerRegistry registry;

    @Test
    void aShorterTimeoutInTheInboxsRouteFileCutsASlowNxtCallAndTheEventWaits() throws Exception {
        ObjectNode product = (ObjectNode) new ObjectMapper().readTree(
                TestMaterial.text("woocommerce/payloads/product-simple.create-response.json"));
        product.put("id", 9301).put("sku", "SLOW-INBOX-1").put("name", "Slow inbox");
        long id;
        try (RouteFileEdit edit = RouteFileEdit.of(ROUTES_COPY, "webhook-inbox.camel.yaml")) {
            edit.replace("'{{nxt.read-timeout:30s}}')\"", "'300ms')\"");
            await().atMost(Duration.ofSeconds(30)).until(() -> batchRoute().contains("'300ms'")
                    && started("webhook-batch"));
            // every NXT-ND call answered after 1 s: within the 30 s default, beyond the 300 ms written above
            traffic.nxt().setFaults(new FaultSettings(1000, 0, 0, 0, 500, 0, 1, false, false));

            id = eventId(delivery("product.updated", product).send(http, url("/api/woocommerce/webhooks")));
            // the attempt failed (its error kept) and the event waits for its next one
            await().atMost(Duration.ofSeconds(20)).until(() -> lastError(id) != null && "pending".equals(status(id)));
            assertThat(attempts(id)).isGreaterThanOrEqualTo(1);
            assertThat(lastError(id)).containsIgnoringCase("timeout");
        } finally {
            traffic.nxt().setFaults(FaultSettings.NONE);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !batchRoute().contains("'300ms'")
                && started("webhook-batch"));
        resetBreakers();
        // the event's next attempt, with the file's 30 s again, is answered and closes it. (NXT-ND may have acted on
        // a call the hub gave up on, as a real server may: the batch upsert by SKU makes the retry harmless.)
        await().atMost(Duration.ofSeconds(40)).until(() -> "processed".equals(status(id)));
        assertThat(nxt.productBySku("SLOW-INBOX-1")).isPresent();
        assertThat(jdbc.queryForObject("select count(*) from wc_entity_mapping where entity_type = 'product' "
                + "and match_key = 'SLOW-INBOX-1'", Long.class)).isEqualTo(1);
    }

    private void resetBreakers() {
        // the cut calls counted against NXT-ND's breakers and the inbox's: the other tests start from closed ones
        guards.nxt().breaker(true).transitionToClosedState();
        guards.nxt().breaker(false).transitionToClosedState();
        registry.find("webhook-apply-breaker").ifPresent(b -> b.transitionToClosedState());
    }

    private String batchRoute() {
        var route = ((ModelCamelContext) camel).getRouteDefinition("webhook-batch");
        return route == null ? "" : route.toString();
    }

    private int attempts(long id) {
        return jdbc.queryForObject("select attempts from wc_webhook_events where id = ?", Integer.class, id);
    }

    private String lastError(long id) {
        return jdbc.queryForObject("select last_error from wc_webhook_events where id = ?", String.class, id);
    }

    private boolean started(String routeId) {
        org.apache.camel.ServiceStatus status = camel.getRouteController().getRouteStatus(routeId);
        return status != null && status.isStarted(); // none while the file is being reloaded
    }
}
