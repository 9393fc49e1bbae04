package com.nxtnd.hub.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nxtnd.hub.monitor.StoredAlerts;
import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.sandbox.nxt.NxtSandboxStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Orders that must be kept, never lost: oversold (NXT-ND stores it backordered, the hub raises an alert and does not
 * retry), a status a plugin added (kept as pending, logged and in the error store), a line for a product NXT-ND
 * does not know (kept with SKU and name, flagged), and an unpaid order (held back until the shop takes its stock).
 */
class OrderEdgeCasesTest extends WebhookTestSupport {

    @Autowired
    NxtSandboxStore nxtStore;
    @Autowired
    NxtClient nxt;
    @Autowired
    StoredAlerts alerts;
    @Autowired
    ObjectMapper json;

    ObjectNode order(long id, String status, Object... skuQty) {
        ObjectNode o = json.createObjectNode().put("id", id).put("number", String.valueOf(id)).put("status", status)
                .put("currency", "EUR").put("customer_id", 0).put("total", "10.00").put("total_tax", "0.00")
                .put("shipping_total", "0.00").put("discount_total", "0.00").put("payment_method", "bacs")
                .put("date_created_gmt", "2026-12-05T08:00:00");
        ArrayNode lines = o.putArray("line_items");
        for (int i = 0; i < skuQty.length; i += 2) {
            ObjectNode line = lines.addObject().put("id", id * 10 + i).put("name", "Line " + skuQty[i])
                    .put("sku", (String) skuQty[i]).put("quantity", (Integer) skuQty[i + 1]).put("subtotal", "5.00")
                    .put("total", "5.00").put("total_tax", "0.00").put("price", 5);
            line.putArray("meta_data").addObject().put("key", "_reduced_stock").put("value", String.valueOf(skuQty[i + 1]));
        }
        o.putArray("refunds");
        return o;
    }

    long send(String topic, JsonNode body) throws Exception {
        return eventId(delivery(topic, body).send(http, url("/api/woocommerce/webhooks/order")));
    }

    @Test
    void anOversoldOrderIsKeptBackorderedWithAnAlertAndIsNotRetried() throws Exception {
        int available = nxtStore.inventoryLevel("SKU-0047").orElseThrow().path("quantityAvailable").asInt();
        long id = send("order.created", order(9801, "processing", "SKU-0047", available + 5));
        awaitStatus(id, "processed");
        JsonNode stored = nxtStore.orderByExternalRef("woo-order-9801").orElseThrow();
        assertThat(stored.path("backordered").asBoolean()).isTrue();
        assertThat(stored.path("items").get(0).path("quantity").asInt()).isEqualTo(available + 5);
        assertThat(alerts.active()).anySatisfy(a -> {
            assertThat(a.condition()).isEqualTo("oversold:woo-order-9801");
            assertThat(a.details().get("skus")).isEqualTo(List.of("SKU-0047"));
        });
        assertThat(jdbc.queryForObject("select attempts from wc_webhook_events where id = ?", Integer.class, id)).isEqualTo(1);
    }

    @Test
    void aStatusAPluginAddedIsKeptAsPendingAndNamedInTheErrorStore() throws Exception {
        long id = send("order.created", order(9802, "awaiting-shipment", "SKU-0041", 1));
        awaitStatus(id, "processed");
        assertThat(nxtStore.orderByExternalRef("woo-order-9802").orElseThrow().path("status").asText()).isEqualTo("pending");
        assertThat(jdbc.queryForList("select message from wc_error_log where error_type = 'UnknownOrderStatus' "
                + "and entity_ref = 'woo:9802'", String.class)).singleElement().asString().contains("awaiting-shipment");
    }

    @Test
    void aLineForAProductNxtDoesNotKnowIsKeptWithSkuAndNameAndFlagged() throws Exception {
        long id = send("order.created", order(9803, "processing", "SKU-0042", 1, "NOT-IN-NXT", 2));
        awaitStatus(id, "processed");
        JsonNode stored = nxtStore.orderByExternalRef("woo-order-9803").orElseThrow();
        assertThat(stored.path("items")).hasSize(2);
        assertThat(stored.path("items").get(1).path("sku").asText()).isEqualTo("NOT-IN-NXT");
        assertThat(stored.path("items").get(1).path("name").asText()).isEqualTo("Line NOT-IN-NXT");
        assertThat(stored.path("items").get(1).has("productId")).isFalse();
        assertThat(jdbc.queryForList("select message from wc_error_log where error_type = 'UnknownOrderProduct' "
                + "and entity_ref = 'woo:9803'", String.class)).singleElement().asString().contains("NOT-IN-NXT");
    }

    @Test
    void anUnpaidOrderWaitsUntilTheShopTakesItsStock() throws Exception {
        ObjectNode unpaid = order(9804, "pending", "SKU-0043", 1);
        ((ObjectNode) unpaid.path("line_items").get(0)).putArray("meta_data");
        int before = nxtStore.inventoryLevel("SKU-0043").orElseThrow().path("quantityAvailable").asInt();
        long id = send("order.created", unpaid);
        awaitStatus(id, "processed");
        assertThat(nxtStore.orderByExternalRef("woo-order-9804")).isEmpty();
        long paid = send("order.updated", order(9804, "processing", "SKU-0043", 1));
        awaitStatus(paid, "processed");
        assertThat(nxtStore.orderByExternalRef("woo-order-9804").orElseThrow().path("status").asText()).isEqualTo("approved");
        assertThat(nxtStore.inventoryLevel("SKU-0043").orElseThrow().path("quantityAvailable").asInt()).isEqualTo(before - 1);
    }
}
