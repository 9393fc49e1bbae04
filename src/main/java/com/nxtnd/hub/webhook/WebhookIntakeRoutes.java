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
    private final WebhookRegistrar registrar;

    public WebhookIntakeRoutes(WebhookIntakeProcessor intake, WebhookRegistrar registrar) {
        this.intake = intake;
        this.registrar = registrar;
    }

    @Override
    public void configure() {
        from("platform-http:/api/woocommerce/webhooks?httpMethodRestrict=POST")
                .routeId("webhook-intake").process(intake);
        for (String resource : new String[] {"product", "customer", "order"}) {
            from("platform-http:/api/woocommerce/webhooks/" + resource + "?httpMethodRestrict=POST")
                    .routeId("webhook-intake-" + resource).process(intake);
        }
        // once the endpoints above serve: the embedded default points the sandbox's webhooks here
        from("timer:webhook-registration?repeatCount=1&delay=500")
                .routeId("webhook-registration")
                .bean(registrar, "registerWithTheSandbox");
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
