package com.nxtnd.hub.sandbox.nxt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nxtnd.hub.nxt.NxtProperties;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The NXT-ND sandbox's stock and order life, as contracts/nxt-nd-api.md spells them out: no inventory row is "no
 * known stock" (not 0), an opening books the first stock once, an order reserves when created and never refuses,
 * PUT moves reservations with the lines, shipping consumes, cancelling releases, refunds restock once.
 */
class NxtSandboxStockTest {

    final ObjectMapper json = new ObjectMapper();
    NxtSandboxStore store;

    @BeforeEach
    void emptyStore() {
        store = new NxtSandboxStore(json, new NxtProperties("http://127.0.0.1/api", "t", List.of("MAIN"),
                Duration.ofSeconds(1), Duration.ofSeconds(1)));
        store.seed(0, 0);
        store.createProduct(json.createObjectNode().put("sku", "A").put("name", "A").put("unitPrice", "10.00"));
        store.createProduct(json.createObjectNode().put("sku", "B").put("name", "B").put("unitPrice", "5.00"));
    }

    JsonNode level(String sku) {
        return store.inventoryLevel(sku).orElseThrow();
    }

    JsonNode opening(String sku, int qty) {
        return store.movement(json.createObjectNode().put("sku", sku).put("warehouseCode", "MAIN").put("quantity", qty)
                .put("type", "opening").put("reference", "test"));
    }

    ObjectNode order(String ref, String status, String sku, int qty) {
        ObjectNode o = json.createObjectNode().put("externalRef", ref).put("status", status).put("total", "20.00");
        o.putArray("items").addObject().put("sku", sku).put("name", sku).put("quantity", qty);
        return o;
    }

    @Test
    void aProductWithoutAnInventoryRowHasNoKnownStockAndAnOpeningBooksItOnce() {
        assertThat(level("A").path("known").asBoolean()).isFalse();
        assertThat(level("A").path("quantityAvailable").asInt()).isZero();
        opening("A", 10);
        assertThat(level("A").path("known").asBoolean()).isTrue();
        assertThat(level("A").path("quantityOnHand").asInt()).isEqualTo(10);
        assertThatThrownBy(() -> opening("A", 5)).isInstanceOf(NxtSandboxStore.SandboxError.class)
                .hasFieldOrPropertyWithValue("code", "INVENTORY_EXISTS");
        assertThat(level("A").path("quantityOnHand").asInt()).isEqualTo(10);
    }

    @Test
    void anOrderReservesNeverRefusesAndIsBackorderedBeyondWhatIsAvailable() {
        opening("A", 3);
        JsonNode fits = store.createOrder(order("o1", "approved", "A", 2));
        assertThat(fits.path("backordered").asBoolean()).isFalse();
        assertThat(level("A").path("quantityReserved").asInt()).isEqualTo(2);
        assertThat(level("A").path("quantityAvailable").asInt()).isEqualTo(1);
        JsonNode over = store.createOrder(order("o2", "approved", "A", 4));
        assertThat(over.path("backordered").asBoolean()).isTrue();
        assertThat(level("A").path("quantityAvailable").asInt()).isEqualTo(-3);
        // reservations are not movements: only the opening is there, nothing was sold twice
        assertThat(store.movements()).extracting(m -> m.path("type").asText()).containsExactly("opening");
    }

    @Test
    void anOrderCreatedAsHistoryReservesNothing() {
        opening("A", 10);
        store.createOrder(order("old", "delivered", "A", 2));
        store.createOrder(order("gone", "cancelled", "A", 2));
        assertThat(level("A").path("quantityAvailable").asInt()).isEqualTo(10);
    }

    @Test
    void putMovesReservationsWithTheLinesAndShippingConsumesThem() {
        opening("A", 10);
        JsonNode o = store.createOrder(order("o1", "approved", "A", 2));
        JsonNode edited = store.updateOrder(o.path("id").asText(), order("o1", "approved", "A", 3), 1);
        assertThat(edited.path("version").asInt()).isEqualTo(2);
        assertThat(level("A").path("quantityAvailable").asInt()).isEqualTo(7);
        assertThatThrownBy(() -> store.updateOrder(o.path("id").asText(), order("o1", "approved", "A", 1), 1))
                .hasFieldOrPropertyWithValue("code", "VERSION_CONFLICT");
        store.setOrderStatus(o.path("id").asText(), "shipped", null, "TRACK-1", "DHL");
        assertThat(level("A").path("quantityOnHand").asInt()).isEqualTo(7);
        assertThat(level("A").path("quantityReserved").asInt()).isZero();
        assertThat(store.get("orders", o.path("id").asText()).orElseThrow().path("trackingNumber").asText()).isEqualTo("TRACK-1");
        assertThatThrownBy(() -> store.updateOrder(o.path("id").asText(), order("o1", "approved", "A", 1), null))
                .hasFieldOrPropertyWithValue("code", "ORDER_SHIPPED");
    }

    @Test
    void cancellingReleasesTheReservation() {
        opening("B", 10);
        JsonNode o = store.createOrder(order("o1", "pending", "B", 4));
        assertThat(level("B").path("quantityAvailable").asInt()).isEqualTo(6);
        store.setOrderStatus(o.path("id").asText(), "cancelled", "cancelled in the shop");
        assertThat(level("B").path("quantityAvailable").asInt()).isEqualTo(10);
        assertThat(level("B").path("quantityOnHand").asInt()).isEqualTo(10);
    }

    @Test
    void aRestockedRefundPutsStockBackOnceAndAFullRefundSetsRefunded() {
        opening("A", 10);
        JsonNode o = store.createOrder(order("o1", "approved", "A", 2));
        store.setOrderStatus(o.path("id").asText(), "shipped", null);
        assertThat(level("A").path("quantityOnHand").asInt()).isEqualTo(8);
        ObjectNode refund = json.createObjectNode().put("externalRef", "r1").put("amount", "10.00");
        refund.putArray("lines").addObject().put("sku", "A").put("quantity", 1).put("restock", true);
        store.refund(o.path("id").asText(), refund);
        store.refund(o.path("id").asText(), refund); // same externalRef: applied once
        JsonNode after = store.get("orders", o.path("id").asText()).orElseThrow();
        assertThat(after.path("refunds")).hasSize(1);
        assertThat(after.path("refundedTotal").asText()).isEqualTo("10.00");
        assertThat(after.path("status").asText()).isEqualTo("shipped");
        assertThat(level("A").path("quantityOnHand").asInt()).isEqualTo(9);
        assertThat(store.movements()).filteredOn(m -> m.path("type").asText().equals("return"))
                .singleElement().satisfies(m -> assertThat(m.path("reference").asText()).isEqualTo("r1"));
        store.refund(o.path("id").asText(), json.createObjectNode().put("externalRef", "r2").put("amount", "10.00"));
        assertThat(store.get("orders", o.path("id").asText()).orElseThrow().path("status").asText()).isEqualTo("refunded");
        assertThat(level("A").path("quantityOnHand").asInt()).isEqualTo(9); // the second refund restocked nothing
    }

    @Test
    void aRestockedRefundOfAnOrderNotShippedReleasesItsReservation() {
        opening("A", 10);
        JsonNode o = store.createOrder(order("o1", "approved", "A", 3));
        ObjectNode refund = json.createObjectNode().put("externalRef", "r1").put("amount", "5.00");
        refund.putArray("lines").addObject().put("sku", "A").put("quantity", 1).put("restock", true);
        store.refund(o.path("id").asText(), refund);
        assertThat(level("A").path("quantityAvailable").asInt()).isEqualTo(8);
        store.setOrderStatus(o.path("id").asText(), "shipped", null);
        assertThat(level("A").path("quantityOnHand").asInt()).isEqualTo(8);
        assertThat(level("A").path("quantityReserved").asInt()).isZero();
    }

    @Test
    void aProductThatKeepsNoStockIsNeverReserved() {
        store.createProduct(json.createObjectNode().put("sku", "SERVICE").put("name", "Gift wrap").put("manageStock", false));
        store.createOrder(order("o1", "approved", "SERVICE", 1));
        assertThat(level("SERVICE").path("known").asBoolean()).isFalse();
    }
}
