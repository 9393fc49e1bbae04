package com.nxtnd.hub.webhook;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

/**
 * WooCommerce delivery endpoints: POST /api/woocommerce/webhooks (routed by X-WC-Webhook-Topic) and the
 * per-resource /product, /customer, /order. All of them only store the delivery; the inbox route processes it.
 */
@Component
public class WebhookIntakeRoutes extends RouteBuilder {

    private final WebhookIntakeProcessor intake;

    public WebhookIntakeRoutes(WebhookIntakeProcessor intake) {
        this.intake = intake;
    }

    @Override
    public void configure() {
        from("platform-http:/api/woocommerce/webhooks?httpMethodRestrict=POST")
                .routeId("webhook-intake").process(intake);
        for (String resource : new String[] {"product", "customer", "order"}) {
            from("platform-http:/api/woocommerce/webhooks/" + resource + "?httpMethodRestrict=POST")
                    .routeId("webhook-intake-" + resource).process(intake);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Guard {
        @Bean
        FilterRegistrationBean<WebhookGuardFilter> webhookGuardFilter(WebhookProperties properties,
                                                                      WebhookRejections rejections) {
            FilterRegistrationBean<WebhookGuardFilter> bean =
                    new FilterRegistrationBean<>(new WebhookGuardFilter(properties, rejections));
            bean.addUrlPatterns("/api/woocommerce/webhooks", "/api/woocommerce/webhooks/*");
            bean.setName("webhookGuard");
            return bean;
        }
    }
}
