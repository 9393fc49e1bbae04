package com.nxtnd.hub.woo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.HubIntegrationTest;
import com.nxtnd.hub.peer.PeerGuards;
import com.nxtnd.hub.sandbox.FaultSettings;
import com.nxtnd.hub.sandbox.SandboxTrafficRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The hub's WooCommerce client against the WooCommerce sandbox, counting the HTTP calls it makes. */
class WooCommerceClientTest extends HubIntegrationTest {

    @Autowired
    WooCommerceClient woo;
    @Autowired
    SandboxTrafficRegistry traffic;
    @Autowired
    ObjectMapper json;

    @Autowired
    PeerGuards guards;

    @AfterEach
    void clearFaults() {
        traffic.woo().setFaults(FaultSettings.NONE);
        // a test that exhausts the retries on purpose opens woo-read (test settings: after 5 calls, for 2 s); the
        // breakers are the context's, shared with the next test, which would then find the call refused
        guards.registry().getAllCircuitBreakers().forEach(b -> b.reset());
    }

    @Test
    void plainHttpStoreIsSpokenToWithOAuth1AndPagingMakesOneCallPerPage() throws Exception {
        assertThat(woo.authMode()).isEqualTo(WooAuthMode.OAUTH1);
        long before = traffic.woo().calls("GET", "/wp-json/wc/v3/products");
        List<Long> ids = new ArrayList<>();
        int pages = woo.forEachPage("products", Map.of("orderby", "id", "order", "asc"), 100, 1, page -> {
            page.items().forEach(p -> ids.add(p.path("id").asLong()));
            return true;
        });
        long total = woo.list("products", Map.of(), 1, 1).total();
        assertThat(ids).hasSize((int) total).doesNotHaveDuplicates().isSorted();
        assertThat(pages).isEqualTo((int) ((total + 99) / 100));
        assertThat(traffic.woo().calls("GET", "/wp-json/wc/v3/products") - before).isEqualTo(pages + 1);
        assertThatThrownBy(() -> woo.list("products", Map.of(), 1, 101)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void batchReportsEachItemsOutcomeInOrder() {
        WooBatchResult result = woo.batch("products",
                List.of(json.createObjectNode().put("name", "Client ok").put("sku", "CLIENT-OK-1"),
                        json.createObjectNode().put("name", "Client dup").put("sku", "SKU-0003")),
                List.of(json.createObjectNode().put("id", 987654).put("name", "missing")), null);
        assertThat(result.items()).hasSize(3);
        assertThat(result.items().get(0).failed()).isFalse();
        assertThat(result.items().get(1).errorCode()).isEqualTo("product_invalid_sku");
        assertThat(result.items().get(2).failed()).isTrue();
        assertThat(result.failed()).hasSize(2);
        List<JsonNode> tooMany = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            tooMany.add(json.createObjectNode());
        }
        assertThatThrownBy(() -> woo.batch("products", tooMany, null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rateLimitedCallsWaitForRetryAfterAndThenSucceed() {
        traffic.woo().setFaults(new FaultSettings(0, 0, 0, 0, 500, 1.0, 1, false));
        long started = System.nanoTime();
        Thread release = new Thread(() -> {
            try {
                Thread.sleep(1500);
            } catch (InterruptedException e) {
                return;
            }
            traffic.woo().setFaults(FaultSettings.NONE);
        });
        release.start();
        assertThat(woo.list("products", Map.of(), 1, 1).items()).hasSize(1);
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(1000);
    }

    @Test
    void aValidationErrorIsNotRetriedAndCarriesWooCommercesCode() {
        long before = traffic.woo().calls("POST", "/wp-json/wc/v3/products");
        assertThatThrownBy(() -> woo.create("products", json.createObjectNode().put("name", "x").put("sku", "SKU-0004")))
                .isInstanceOfSatisfying(WooApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("product_invalid_sku");
                    assertThat(e.getMessage()).doesNotContain("cs_sandbox");
                });
        assertThat(traffic.woo().calls("POST", "/wp-json/wc/v3/products") - before).isEqualTo(1);
    }

    @Test
    void serverErrorsAreRetriedUpToTheLimitThenReported() {
        traffic.woo().setFaults(new FaultSettings(0, 0, 0, 1.0, 503, 0, 1, false));
        long before = traffic.woo().calls("GET", "/wp-json/wc/v3/products/{id}");
        assertThatThrownBy(() -> woo.find("products", 12)).isInstanceOfSatisfying(WooApiException.class,
                e -> assertThat(e.status()).isEqualTo(503));
        assertThat(traffic.woo().calls("GET", "/wp-json/wc/v3/products/{id}") - before).isEqualTo(1 + 3);
    }
}
