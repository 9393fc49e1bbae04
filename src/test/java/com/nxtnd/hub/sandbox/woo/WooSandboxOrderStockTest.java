package com.nxtnd.hub.sandbox.woo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stock and money of orders in the WooCommerce sandbox, as a real WooCommerce 8.9.1 store did them (checked on the
 * loopback store of shared/realwoo on 2026-12-05; WooCommerce includes/wc-stock-functions.php): a pending order
 * moves no stock, payment (or processing, on-hold, completed) reduces it once and records _reduced_stock on each
 * line, cancelling puts it back; editing a line through the REST API moves no stock; a refund with api_restock puts
 * the refunded quantity back and records _restock_refunded_items; the order lists the refund as a negative total.
 */
class WooSandboxOrderStockTest {

    final ObjectMapper json = new ObjectMapper();
    WooSandboxStore store;
    final List<WooSandboxStore.Change> fired = new ArrayList<>();
    long productId;

    @BeforeEach
    void shop() {
        store = new WooSandboxStore(json, "http://127.0.0.1/sandbox/woo");
        store.seed(0, 0);
        store.onChange(fired::add);
        productId = store.createProduct(json.createObjectNode().put("name", "Probe A").put("sku", "PROBE-A")
                .put("regular_price", "10.00").put("manage_stock", true).put("stock_quantity", 10), null).path("id").asLong();
    }

    int stock() {
        return store.get("products", productId).orElseThrow().path("stock_quantity").asInt();
    }

    ObjectNode order(int qty) {
        ObjectNode o = json.createObjectNode().put("status", "pending");
        o.putArray("line_items").addObject().put("product_id", productId).put("quantity", qty);
        return o;
    }

    static int meta(JsonNode line, String key) {
        for (JsonNode m : line.path("meta_data")) {
            if (key.equals(m.path("key").asText())) {
                return m.path("value").asInt();
            }
        }
        return 0;
    }

    @Test
    void aPendingOrderMovesNoStockPaymentReducesItOnceAndCancellingPutsItBack() {
        long id = store.createOrder(order(2)).path("id").asLong();
        assertThat(stock()).isEqualTo(10);
        JsonNode paid = store.updateOrder(id, json.createObjectNode().put("set_paid", true));
        assertThat(paid.path("status").asText()).isEqualTo("processing");
        assertThat(stock()).isEqualTo(8);
        assertThat(meta(paid.path("line_items").get(0), "_reduced_stock")).isEqualTo(2);
        store.updateOrder(id, json.createObjectNode().put("status", "completed"));
        assertThat(stock()).isEqualTo(8); // reduced once only
        store.updateOrder(id, json.createObjectNode().put("status", "cancelled"));
        assertThat(stock()).isEqualTo(10);
    }

    @Test
    void editingALineThroughTheApiMovesNoStock() {
        long id = store.createOrder(order(2).put("set_paid", true)).path("id").asLong();
        assertThat(stock()).isEqualTo(8);
        long lineId = store.get("orders", id).orElseThrow().path("line_items").get(0).path("id").asLong();
        ObjectNode edit = json.createObjectNode();
        edit.putArray("line_items").addObject().put("id", lineId).put("quantity", 3);
        JsonNode edited = store.updateOrder(id, edit);
        assertThat(edited.path("line_items").get(0).path("quantity").asInt()).isEqualTo(3);
        assertThat(edited.path("total").asText()).isEqualTo("30.00");
        assertThat(stock()).isEqualTo(8);
    }

    @Test
    void aRestockedRefundPutsItsQuantityBackAndIsListedOnTheOrder() {
        long id = store.createOrder(order(2).put("set_paid", true)).path("id").asLong();
        long lineId = store.get("orders", id).orElseThrow().path("line_items").get(0).path("id").asLong();
        fired.clear();
        ObjectNode refund = json.createObjectNode().put("amount", "10.00").put("reason", "probe").put("api_restock", true);
        refund.putArray("line_items").addObject().put("id", lineId).put("quantity", 1).put("refund_total", 10);
        JsonNode made = store.refundOrder(id, refund);
        assertThat(made.path("line_items").get(0).path("quantity").asInt()).isEqualTo(-1);
        assertThat(stock()).isEqualTo(9);
        JsonNode order = store.get("orders", id).orElseThrow();
        assertThat(order.path("status").asText()).isEqualTo("processing");
        assertThat(order.path("refunds").get(0).path("total").asText()).isEqualTo("-10.00");
        assertThat(meta(order.path("line_items").get(0), "_reduced_stock")).isEqualTo(1);
        assertThat(meta(order.path("line_items").get(0), "_restock_refunded_items")).isEqualTo(1);
        assertThat(fired).containsExactly(new WooSandboxStore.Change("order", "updated", id));
        assertThatThrownBy(() -> store.refundOrder(id, json.createObjectNode().put("amount", "10.01")))
                .hasFieldOrPropertyWithValue("code", "woocommerce_rest_cannot_create_order_refund");
        store.refundOrder(id, json.createObjectNode().put("amount", "10.00").put("api_restock", false));
        assertThat(store.get("orders", id).orElseThrow().path("status").asText()).isEqualTo("refunded");
        assertThat(stock()).isEqualTo(9);
    }

    @Test
    void totalsCountCouponsFeesShippingAndTaxAsTheStoreDoes() {
        store.setTaxRate(new BigDecimal("10"));
        ObjectNode o = order(3).put("set_paid", true);
        o.putArray("coupon_lines").addObject().put("code", "save10");
        o.putArray("fee_lines").addObject().put("name", "Gift wrap").put("total", "2.50");
        o.putArray("shipping_lines").addObject().put("method_id", "flat_rate").put("method_title", "Flat").put("total", "4.00");
        ((com.fasterxml.jackson.databind.node.ArrayNode) o.path("shipping_lines")).addObject().put("method_id", "local")
                .put("method_title", "Second parcel").put("total", "1.00");
        JsonNode made = store.createOrder(o);
        // 30.00 subtotal, 3.00 off, 27.00 lines + 2.50 fee + 5.00 shipping, 10% tax on each = 2.70 + 0.25 + 0.50
        assertThat(made.path("discount_total").asText()).isEqualTo("3.00");
        assertThat(made.path("shipping_total").asText()).isEqualTo("5.00");
        assertThat(made.path("total_tax").asText()).isEqualTo("3.45");
        assertThat(made.path("total").asText()).isEqualTo("37.95");
        assertThat(made.path("tax_lines")).hasSize(1);
        assertThatThrownBy(() -> store.createOrder(order(1).set("coupon_lines", json.readTree("[{\"code\":\"nope\"}]"))))
                .hasFieldOrPropertyWithValue("code", "woocommerce_rest_invalid_coupon");
    }
}
