package com.nxtnd.hub.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.nxtnd.hub.peer.PeerGuards;
import com.nxtnd.hub.store.WebhookEvent;
import com.nxtnd.hub.store.WebhookEventRepository;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class InboxClaimerTest {

    private final AtomicLong now = new AtomicLong(5_000_000);
    private final IntakePressure intake = new IntakePressure(java.time.Duration.ofMillis(5), now::get);
    private final WebhookEventRepository events = mock(WebhookEventRepository.class);
    private final InboxClaimer claimer = new InboxClaimer(events, defaults(), mock(PeerGuards.class), intake);

    @Test
    void whileDeliveriesWaitTheInboxClaimsOneBatchPerPollDelayInsteadOfAClaimAgainAndAgain() {
        when(events.claim(anyString(), anyInt())).thenReturn(List.of(new WebhookEvent(1, "product.updated", "product",
                "updated", 14L, null, "k", new byte[0], "processing", 1, "127.0.0.1", Instant.now())));
        assertThat(pollAgainAtOnce()).isTrue();
        verify(events).claim(anyString(), eq(400)); // hub.webhooks.claim-batch

        for (int i = 0; i < 100; i++) {
            intake.received(30_000_000); // 30 ms before the intake got to each
        }
        now.addAndGet(1_000);
        assertThat(pollAgainAtOnce()).isFalse();
        verify(events).claim(anyString(), eq(100)); // one batch, hub.webhooks.apply-batch-size

        now.addAndGet(1_000); // a second without deliveries
        assertThat(pollAgainAtOnce()).isTrue();
        verify(events, times(2)).claim(anyString(), eq(400));
    }

    private boolean pollAgainAtOnce() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        claimer.process(exchange);
        assertThat(exchange.getMessage().getBody(List.class)).hasSize(1);
        return exchange.getProperty(Exchange.SCHEDULER_POLLED_MESSAGES, Boolean.class);
    }

    private static WebhookProperties defaults() {
        return new Binder(new MapConfigurationPropertySource(java.util.Map.of()))
                .bindOrCreate("hub.webhooks", Bindable.of(WebhookProperties.class));
    }
}
