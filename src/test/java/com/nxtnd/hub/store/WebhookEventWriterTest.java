package com.nxtnd.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nxtnd.hub.HubIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

class WebhookEventWriterTest extends HubIntegrationTest {

    @Autowired
    WebhookEventWriter writer;
    @Autowired
    WebhookEventRepository events;
    @Autowired
    JdbcTemplate jdbc;

    @AfterEach
    void cleanUp() {
        jdbc.update("delete from wc_webhook_events where delivery_id like 'writer-test-%'");
    }

    @Test
    void deliveriesArrivingTogetherAreEachStoredOnceWithTheirOwnId() throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(32);
        Map<Long, String> idToDelivery = new ConcurrentHashMap<>();
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String delivery = "writer-test-" + i;
            sent.add(senders.submit(() -> idToDelivery.put(writer.insert(event(delivery, "rejected")), delivery)));
        }
        for (Future<?> f : sent) {
            f.get();
        }
        senders.shutdown();

        assertThat(idToDelivery).hasSize(300);
        idToDelivery.forEach((id, delivery) -> assertThat(jdbc.queryForObject(
                "select delivery_id from wc_webhook_events where id = ?", String.class, id)).isEqualTo(delivery));
    }

    @Test
    void oneBadDeliveryFailsAloneEvenWhenItArrivesWithOthers() throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(16);
        List<Future<Long>> sent = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String status = i == 17 ? "no-such-status" : "rejected"; // violates the status check
            String delivery = "writer-test-" + i;
            sent.add(senders.submit(() -> writer.insert(event(delivery, status))));
        }
        int stored = 0;
        for (int i = 0; i < sent.size(); i++) {
            Future<Long> f = sent.get(i);
            if (i == 17) {
                assertThatThrownBy(f::get).hasCauseInstanceOf(DataIntegrityViolationException.class);
            } else {
                assertThat(f.get()).isPositive();
                stored++;
            }
        }
        senders.shutdown();
        assertThat(stored).isEqualTo(39);
        assertThat(jdbc.queryForObject("select count(*) from wc_webhook_events where delivery_id like 'writer-test-%'",
                Long.class)).isEqualTo(39);
    }

    @Test
    void aGroupIsStoredAllOrNoneWithItsIdsInOrder() {
        List<Long> ids = events.insertAll(List.of(event("writer-test-a", "rejected"), event("writer-test-b", "rejected")));
        assertThat(ids).hasSize(2);
        assertThat(ids.get(0)).isLessThan(ids.get(1));
        assertThat(jdbc.queryForObject("select delivery_id from wc_webhook_events where id = ?", String.class,
                ids.get(1))).isEqualTo("writer-test-b");

        assertThatThrownBy(() -> events.insertAll(List.of(event("writer-test-c", "rejected"),
                event("writer-test-d", "no-such-status")))).isInstanceOf(DataIntegrityViolationException.class);
        assertThat(jdbc.queryForObject("select count(*) from wc_webhook_events where delivery_id = 'writer-test-c'",
                Long.class)).isZero();
    }

    private static NewWebhookEvent event(String deliveryId, String status) {
        return new NewWebhookEvent(deliveryId, "1", "http://127.0.0.1/", "product.updated", "product", "updated", 1L,
                null, null, "{\"id\":1}".getBytes(StandardCharsets.UTF_8), "application/json", "valid", "127.0.0.1",
                status, "test");
    }
}
