package com.nxtnd.hub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * hub.products.missing-sku=skip (the default): a SKU-less product stays out of NXT-ND and is reported once, by the
 * pull or the webhook that meets it first; later runs and deliveries add no report, even once a person acknowledged
 * it.
 */
class SkuLessProductsSkipTest extends SkuLessProductsTestSupport {

    @Test
    void aSkuLessProductIsReportedOnceAndLaterRunsAddNothing() throws Exception {
        settleCatalogue();
        int nxtProducts = nxtStore.productsCount();
        JsonNode created = skuLessProductPulled("Left without a SKU");
        long id = created.path("id").asLong();

        assertThat(nxtStore.productsCount()).isEqualTo(nxtProducts);
        assertThat(wooStore.get("products", id).orElseThrow().path("sku").asText()).isEmpty(); // the shop is not written
        assertThat(reports(id)).isEqualTo(1);
        assertThat(errors(id)).isZero();
        Map<String, Object> conflict = jdbc.queryForMap("select id, conflict_type, status, fields[1] as field "
                + "from wc_sync_conflicts where entity_type = 'product' and woo_id = ?", id);
        assertThat(conflict).containsEntry("conflict_type", "data_validation").containsEntry("status", "pending")
                .containsEntry("field", "sku");

        for (int run = 0; run < 2; run++) {
            traffic.woo().resetCalls();
            traffic.nxt().resetCalls();
            SyncService.Result again = sync.run("full", new SyncRequest("both", List.of("product"), false, false, false, null));
            assertThat(again.status()).isEqualTo("completed");
            Map<String, Long> pull = again.counts().get("product").get("pull");
            assertThat(pull).as("%s", pull).containsEntry("skipped", 1L).doesNotContainKeys("conflicts", "errors");
            assertThat(writes()).isEmpty();
            assertThat(reports(id)).isEqualTo(1);
        }

        // acknowledged by a person: still not reported again, by a run or by the shop's next delivery
        jdbc.update("update wc_sync_conflicts set status = 'resolved', resolved_by = 'admin' where id = ?", conflict.get("id"));
        pullProducts(false);
        wooStore.updateProduct(id, json.createObjectNode().put("regular_price", "8.00"));
        awaitDueEventsProcessed(jdbc);
        assertThat(reports(id)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from wc_webhook_events where resource = 'product' "
                + "and resource_id = ? and status = 'failed'", Long.class, id)).isZero();

        // given a SKU in the shop, it is synced
        wooStore.updateProduct(id, json.createObjectNode().put("sku", "NOW-HAS-ONE"));
        awaitDueEventsProcessed(jdbc);
        pullProducts(false);
        assertThat(nxtStore.productBySku("NOW-HAS-ONE")).isPresent();
    }
}
