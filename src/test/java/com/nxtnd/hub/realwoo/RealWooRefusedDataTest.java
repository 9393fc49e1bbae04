package com.nxtnd.hub.realwoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.HubIntegrationTest;
import com.nxtnd.hub.woo.WooApiException;
import com.nxtnd.hub.woo.WooBatchResult;
import com.nxtnd.hub.woo.WooCommerceClient;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What a real WooCommerce 8.9.1 store answers for data it refuses, as the hub reads it: a duplicated SKU and an
 * unknown id are 400 (PUT) or a per-item error with data.status 400 inside a batch's 200, so the inbox keeps such an
 * event in the error store at once instead of trying it again (WebhookEventFailureHandler; the sandbox answers the
 * same). Against the real store when REALWOO_BASE_URL (with WOO_CK and WOO_CS) is set, else against the WooCommerce
 * sandbox, so that CI holds the sandbox to what the real store answered.
 */
class RealWooRefusedDataTest extends HubIntegrationTest {

    @DynamicPropertySource
    static void realStore(DynamicPropertyRegistry registry) {
        if (RealWooStore.configured()) {
            RealWooStore.pointAt(registry);
        }
    }

    @Autowired
    WooCommerceClient woo;
    @Autowired
    ObjectMapper json;

    @Test
    void aDuplicatedSkuAndAnUnknownIdAreRefusedWith400() {
        String tag = "RWR" + System.currentTimeMillis();
        long first = woo.create("products", json.createObjectNode().put("name", "Refused 1").put("sku", tag + "-1")
                .put("regular_price", "1.00")).path("id").asLong();
        long second = woo.create("products", json.createObjectNode().put("name", "Refused 2").put("sku", tag + "-2")
                .put("regular_price", "1.00")).path("id").asLong();
        try {
            WooApiException put = catchThrowableOfType(WooApiException.class,
                    () -> woo.update("products", second, json.createObjectNode().put("sku", tag + "-1")));
            assertThat(put.status()).isEqualTo(400);
            assertThat(put.code()).isEqualTo("product_invalid_sku");
            assertThat(put.isRefusedData()).isTrue();

            JsonNode item = json.createObjectNode().put("id", second).put("sku", tag + "-1");
            WooBatchResult batch = woo.batch("products", List.of(), List.of(item), List.of());
            WooApiException inBatch = batch.items().get(0).error();
            assertThat(inBatch.status()).isEqualTo(400);
            assertThat(inBatch.code()).isEqualTo("product_invalid_sku");
            assertThat(inBatch.isRefusedData()).isTrue();

            WooApiException unknown = catchThrowableOfType(WooApiException.class,
                    () -> woo.update("products", 999_999_999L, json.createObjectNode().put("name", "nobody")));
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(unknown.code()).isEqualTo("woocommerce_rest_product_invalid_id");
            assertThat(unknown.isRefusedData()).isTrue();
        } finally {
            woo.delete("products", first, true);
            woo.delete("products", second, true);
        }
    }
}
