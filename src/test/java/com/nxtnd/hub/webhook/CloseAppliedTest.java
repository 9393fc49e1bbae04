package com.nxtnd.hub.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import com.nxtnd.hub.store.WebhookEvent;
import com.nxtnd.hub.store.WebhookEventRepository;
import com.nxtnd.hub.store.WebhookEventRepository.Done;
import com.nxtnd.hub.sync.ApplyOutcome;
import com.nxtnd.hub.sync.WooRecordApplier;
import com.nxtnd.hub.webhook.WebhookEventApplier.EventApplied;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

/** Route webhook-batch's step close-applied: the applied events marked done together, the rest closed alone. */
class CloseAppliedTest {

    private final WebhookEventRepository events = mock(WebhookEventRepository.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final WebhookEventApplier applier = new WebhookEventApplier(events, mock(WooRecordApplier.class), null,
            meters);

    private static EventApplied applied(long id, String result) {
        return new EventApplied(event(id), ApplyOutcome.of(result, "p" + id), null, 12);
    }

    private static WebhookEvent event(long id) {
        return new WebhookEvent(id, "product.updated", "product", "updated", id, null, "key-" + id, new byte[0],
                "processing", 1, "127.0.0.1", Instant.now());
    }

    @Test
    void appliedEventsAreMarkedDoneInOneBatchAndOnlyTheFailedOnesAreLeftToCloseAlone() {
        EventApplied failed = new EventApplied(event(3), null, new IllegalStateException("item error"), 12);
        List<EventApplied> alone = applier.closeApplied(List.of(applied(1, "created"), applied(2, "echo"), failed));

        assertThat(alone).containsExactly(failed);
        verify(events).markAllDone(List.of(new Done(1, "processed", 12, "created"), new Done(2, "echo", 12, "echo")));
        assertThat(meters.counter("hub.webhooks.processed", "resource", "product", "result", "created").count())
                .isEqualTo(1);
    }

    @Test
    void whenTheBatchCannotBeWrittenEveryEventIsClosedAloneAndNoneIsCountedYet() {
        doThrow(new DataAccessResourceFailureException("connection dropped")).when(events).markAllDone(anyList());
        EventApplied failed = new EventApplied(event(3), null, new IllegalStateException("item error"), 12);
        List<EventApplied> batch = List.of(applied(1, "created"), applied(2, "updated"), failed);

        assertThat(applier.closeApplied(batch)).containsExactlyInAnyOrderElementsOf(batch);
        // counted once each when route webhook-event closes them
        assertThat(meters.find("hub.webhooks.processed").counters()).isEmpty();
    }
}
