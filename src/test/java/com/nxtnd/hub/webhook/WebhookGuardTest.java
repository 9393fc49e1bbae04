package com.nxtnd.hub.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.store.NewWebhookEvent;
import com.nxtnd.hub.store.WebhookEventRepository;
import com.nxtnd.hub.woo.WebhookSignature;
import com.nxtnd.hub.woo.WooCommerceProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

/** The intake's guards, each on its own. */
class WebhookGuardTest {

    @Test
    void allowListTakesCidrBlocksAndSingleAddresses() {
        IpAllowList list = new IpAllowList(List.of("10.0.0.0/8", "203.0.113.7", "2001:db8::/32"));
        assertThat(list.allows("10.20.30.40")).isTrue();
        assertThat(list.allows("203.0.113.7")).isTrue();
        assertThat(list.allows("203.0.113.8")).isFalse();
        assertThat(list.allows("2001:db8::1")).isTrue();
        assertThat(list.allows("192.168.1.1")).isFalse();
        assertThat(new IpAllowList(List.of()).allows("192.168.1.1")).isTrue();
        assertThatThrownBy(() -> new IpAllowList(List.of("not-an-ip/99"))).hasMessageContaining("hub.webhooks.allowed-ips");
    }

    @Test
    void rateLimitIsPerSourceAddressAndSaysWhenToComeBack() {
        SourceRateLimiter limiter = new SourceRateLimiter(Duration.ofMinutes(1), 3);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("198.51.100.1")).isZero();
        }
        assertThat(limiter.acquire("198.51.100.1")).isBetween(1L, 60L);
        assertThat(limiter.acquire("198.51.100.2")).isZero();
    }

    @Test
    void aStoreThatCannotBeWrittenIsAnswered503SoNothingIsClaimedAsKept() {
        WebhookEventRepository down = new WebhookEventRepository(null, null) {
            @Override
            public long insert(NewWebhookEvent e) {
                throw new DataAccessResourceFailureException("connection refused");
            }
        };
        WooCommerceProperties woo = new WooCommerceProperties("https://shop.example", "ck", "cs", "whs", "wc/v3", 50,
                null, "", false, Duration.ofSeconds(5), Duration.ofSeconds(30), 4);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        WebhookIntakeProcessor intake = new WebhookIntakeProcessor(down, woo, new WebhookRejections(meters), meters,
                new ObjectMapper(), new IntakePressure(Duration.ofMillis(5), System::currentTimeMillis));
        byte[] body = "{\"id\":5,\"date_modified_gmt\":\"2026-11-25T05:40:13\"}".getBytes();
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setBody(body);
        exchange.getIn().setHeader("X-WC-Webhook-Topic", "product.updated");
        exchange.getIn().setHeader("X-WC-Webhook-Signature", WebhookSignature.sign(body, "whs"));
        intake.process(exchange);
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(503);
        assertThat(exchange.getMessage().getBody(String.class)).contains("store_unavailable");
    }
}
