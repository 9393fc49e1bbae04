package com.nxtnd.hub.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.store.EntityMappingRepository;
import com.nxtnd.hub.store.EntityMappingRepository.SyncedPair;
import com.nxtnd.hub.woo.WooBatchResult;
import com.nxtnd.hub.woo.WooCommerceClient;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class WooBatchWriterRouteTest {

    private final ObjectMapper json = new ObjectMapper();
    private final WooCommerceClient woo = mock(WooCommerceClient.class);
    private final EntityMappingRepository pairs = mock(EntityMappingRepository.class);
    private final WooBatchWriterRoute route = new WooBatchWriterRoute(woo, null, null, pairs);
    private final List<String> outcomes = new ArrayList<>();
    private final BatchTracker tracker = new BatchTracker(100);

    @Test
    void thePairsOfOneCallAreStoredTogetherBeforeTheWritesHearTheyWereSaved() throws Exception {
        answer("[{\"id\":11,\"sku\":\"A\"},{\"id\":0,\"error\":{\"code\":\"woocommerce_rest_product_invalid_id\",\"message\":\"Invalid ID.\"}},{\"id\":13,\"sku\":\"C\"}]");

        org.mockito.Mockito.doAnswer(call -> outcomes.add("stored " + call.<List<?>>getArgument(0).size()))
                .when(pairs).saveAll(anyList());

        route.writeBatch(exchange(write("A"), write("B"), write("C")));

        verify(pairs, times(1)).saveAll(eq(List.of(pair(11), pair(13))));
        assertThat(outcomes).containsExactly("failed B woocommerce_rest_product_invalid_id", "stored 2", "saved A 11",
                "saved C 13");
        assertThat(tracker.awaitAll(java.time.Duration.ZERO)).isTrue();
    }

    @Test
    void aStoreThatFailsFailsTheWritesItHeldNotTheRun() throws Exception {
        answer("[{\"id\":11,\"sku\":\"A\"},{\"id\":12,\"sku\":\"B\"}]");
        doThrow(new org.springframework.dao.DataAccessResourceFailureException("database gone")).when(pairs).saveAll(anyList());

        route.writeBatch(exchange(write("A"), write("B")));

        assertThat(outcomes).containsExactly("failed A hub_error", "failed B hub_error");
        assertThat(tracker.awaitAll(java.time.Duration.ZERO)).isTrue();
    }

    private void answer(String updated) throws Exception {
        JsonNode answer = json.readTree("{\"update\":" + updated + "}");
        when(woo.batch(eq("products"), any(), any(), any())).thenAnswer(call -> new WooBatchResult(call.getArgument(1),
                call.getArgument(2), null, answer));
    }

    private WooWrite write(String sku) {
        tracker.sent();
        return new WooWrite("products", "update", json.createObjectNode().put("sku", sku),
                saved -> pair(saved.path("id").asLong()),
                saved -> outcomes.add("saved " + sku + " " + saved.path("id").asLong()),
                (code, message) -> outcomes.add("failed " + sku + " " + code), tracker);
    }

    private static SyncedPair pair(long wooId) {
        return new SyncedPair("product", wooId, null, "nxt-" + wooId, null, null, null, null, null, null, null, null,
                null, null, "push", "woo");
    }

    private static Exchange exchange(WooWrite... writes) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(List.of(writes));
        return exchange;
    }

}
