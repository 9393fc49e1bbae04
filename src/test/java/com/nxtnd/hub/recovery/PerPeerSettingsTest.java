package com.nxtnd.hub.recovery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.nxt.NxtProperties;
import com.nxtnd.hub.peer.HubPeers;
import com.nxtnd.hub.peer.PeerApiException;
import com.nxtnd.hub.peer.PeerGuards;
import com.nxtnd.hub.peer.PeerSettings;
import com.nxtnd.hub.woo.WooCommerceClient;
import com.nxtnd.hub.woo.WooCommerceProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Each peer is called with its own settings (hub.peers.woo.*, hub.peers.nxt.*): the clients, breakers and limiters
 * as Spring wires them from application.yml and its environment variables, against WireMock answering 503.
 */
class PerPeerSettingsTest {

    WireMockServer wm;

    @BeforeEach
    void start() {
        wm = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503)));
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    /** The hub's guards and both clients, configured through application.yml as in production. */
    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({WooCommerceProperties.class, NxtProperties.class, com.nxtnd.hub.nxt.NxtPaths.class})
    @Import({ResilienceConfig.class, WooCommerceClient.class, NxtClient.class})
    static class Peers {
        @Bean
        ObjectMapper json() {
            return new ObjectMapper();
        }

        @Bean
        MeterRegistry meters() {
            return new SimpleMeterRegistry();
        }
    }

    ApplicationContextRunner hub(String... settings) {
        return new ApplicationContextRunner()
                .withInitializer(new ConfigDataApplicationContextInitializer())
                .withUserConfiguration(Peers.class)
                .withPropertyValues("WOOCOMMERCE_SITE_URL=http://127.0.0.1:" + wm.port(),
                        "WOOCOMMERCE_CONSUMER_KEY=ck_test", "WOOCOMMERCE_CONSUMER_SECRET=cs_test",
                        "WOOCOMMERCE_WEBHOOK_SECRET=whsec", "WOOCOMMERCE_AUTH_MODE=basic",
                        "NXT_BASE_URL=http://127.0.0.1:" + wm.port() + "/api", "NXT_API_TOKEN=nxt_token")
                .withPropertyValues(settings);
    }

    @Test
    void eachClientRetriesAsOftenAsItsOwnPeerSays() {
        // different from each other and from the default (3), so that a client reading the other peer's settings,
        // or none, makes a different number of attempts
        hub("WOOCOMMERCE_MAX_RETRIES=1", "WOOCOMMERCE_RETRY_DELAY=1", "NXT_MAX_RETRIES=4", "NXT_RETRY_DELAY=1")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThatThrownBy(() -> context.getBean(WooCommerceClient.class).find("products", 12))
                            .isInstanceOfSatisfying(PeerApiException.class, e -> {
                                assertThat(e.status()).isEqualTo(503);
                                assertThat(e.attempts()).isEqualTo(1 + 1);
                            });
                    assertThatThrownBy(() -> context.getBean(NxtClient.class).get("products", "p1"))
                            .isInstanceOfSatisfying(PeerApiException.class, e -> {
                                assertThat(e.status()).isEqualTo(503);
                                assertThat(e.attempts()).isEqualTo(1 + 4);
                            });
                });
        // the attempts as WireMock received them
        wm.verify(1 + 1, getRequestedFor(urlPathEqualTo("/wp-json/wc/v3/products/12")));
        wm.verify(1 + 4, getRequestedFor(urlPathEqualTo("/api/products/p1")));
    }

    @Test
    void eachPeersBreakersAndPacingTakeItsOwnSettings() {
        hub("hub.peers.woo.minimum-calls=4", "hub.peers.woo.open-wait=7s", "hub.peers.woo.concurrency=2",
                "hub.peers.nxt.minimum-calls=6", "hub.peers.nxt.open-wait=9s", "hub.peers.nxt.concurrency=5")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    PeerGuards guards = context.getBean(PeerGuards.class);
                    for (String breaker : new String[] {"woo-read", "woo-write"}) {
                        assertBreaker(guards.registry().circuitBreaker(breaker), 4, Duration.ofSeconds(7));
                    }
                    for (String breaker : new String[] {"nxt-read", "nxt-write"}) {
                        assertBreaker(guards.registry().circuitBreaker(breaker), 6, Duration.ofSeconds(9));
                    }
                    // route webhook-batch's breaker takes NXT-ND's settings in its route file: InboxBreakerTest
                    assertThat(guards.woo().limiter().limit()).isEqualTo(2);
                    assertThat(guards.nxt().limiter().limit()).isEqualTo(5);
                });
    }

    @Test
    void unsetPeersKeepTheBuiltInDefaults() {
        hub().run(context -> {
            assertThat(context).hasNotFailed();
            HubPeers peers = context.getBean(HubPeers.class);
            // the values hub.resilience.* and woocommerce.max-retries / retry-delay had before the split
            assertThat(peers.woo()).isEqualTo(PeerSettings.defaults()).isEqualTo(peers.nxt());
            assertThat(peers.woo().maxRetries()).isEqualTo(3);
            assertThat(peers.woo().retryDelay()).isEqualTo(Duration.ofMillis(1000));
            assertThat(peers.woo().minimumCalls()).isEqualTo(10);
            assertThat(peers.woo().openWait()).isEqualTo(Duration.ofSeconds(30));
        });
    }

    @Test
    void anOutOfRangeRetryCountStopsTheStart() {
        hub("NXT_MAX_RETRIES=21").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("hub.peers.nxt"));
    }

    private static void assertBreaker(CircuitBreaker breaker, int minimumCalls, Duration openWait) {
        assertThat(breaker.getCircuitBreakerConfig().getMinimumNumberOfCalls()).as(breaker.getName())
                .isEqualTo(minimumCalls);
        assertThat(breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1))
                .as(breaker.getName()).isEqualTo(openWait.toMillis());
    }
}
