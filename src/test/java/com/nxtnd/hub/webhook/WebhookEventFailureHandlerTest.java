package com.nxtnd.hub.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.nxtnd.hub.nxt.NxtApiException;
import com.nxtnd.hub.store.ErrorLogRepository;
import com.nxtnd.hub.store.WebhookEvent;
import com.nxtnd.hub.store.WebhookEventRepository;
import com.nxtnd.hub.woo.WooApiException;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * What a failed attempt at a webhook event leads to: data a peer refused (400) is kept in the error store at the first
 * attempt, naming the peer; what may heal by waiting (a stale version, a business rule, a 5xx) is tried again.
 */
class WebhookEventFailureHandlerTest {

    WebhookEventRepository events = mock(WebhookEventRepository.class);
    ErrorLogRepository errors = mock(ErrorLogRepository.class);
    WebhookEventFailureHandler handler;

    @BeforeEach
    void handler() {
        WebhookProperties properties = mock(WebhookProperties.class);
        when(properties.maxAttempts()).thenReturn(6);
        when(properties.retryDelay()).thenReturn(Duration.ofSeconds(2));
        handler = new WebhookEventFailureHandler(events, errors, properties);
    }

    @Test
    void aDuplicatedSkuWooCommerceRefusedIsKeptAtOnceUnderWooCommerce() {
        fail(new WooApiException(400, "product_invalid_sku", "Invalid or duplicated SKU.", null, 0));

        verify(events).markAttemptFailed(eq(7L), anyString(), any(), eq(true));
        ArgumentCaptor<ErrorLogRepository.NewError> kept = ArgumentCaptor.forClass(ErrorLogRepository.NewError.class);
        verify(errors).record(kept.capture());
        assertThat(kept.getValue().system()).isEqualTo("woo");
        assertThat(kept.getValue().message()).contains("product_invalid_sku");
    }

    @Test
    void aRecordNxtNdRefusedAsInvalidIsKeptAtOnceUnderNxtNd() {
        fail(new NxtApiException(400, "VALIDATION", "price must be >= 0", null));

        verify(events).markAttemptFailed(eq(7L), anyString(), any(), eq(true));
        ArgumentCaptor<ErrorLogRepository.NewError> kept = ArgumentCaptor.forClass(ErrorLogRepository.NewError.class);
        verify(errors).record(kept.capture());
        assertThat(kept.getValue().system()).isEqualTo("nxt");
    }

    @Test
    void whatMayHealByWaitingIsTriedAgain() {
        for (NxtApiException e : new NxtApiException[] {
                new NxtApiException(409, "VERSION_CONFLICT", "stale", null),
                new NxtApiException(422, "INSUFFICIENT_STOCK", "not enough", null),
                new NxtApiException(500, "ERROR", "boom", null)}) {
            fail(e);
        }
        verify(events, org.mockito.Mockito.times(3)).markAttemptFailed(eq(7L), anyString(), eq(Duration.ofSeconds(2)), eq(false));
        verify(errors, never()).record(any());
    }

    private void fail(RuntimeException cause) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(new WebhookEvent(7, "product.updated", "product", "updated", 12L, null, "k",
                "{}".getBytes(), "processing", 1, "127.0.0.1", Instant.now()));
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, cause);
        handler.process(exchange);
    }
}
