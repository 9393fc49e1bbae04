package com.nxtnd.hub.webhook;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The guard in front of the delivery endpoints of routes/webhook-intake.camel.yaml (a servlet filter, not a route). */
@Configuration(proxyBeanMethods = false)
class WebhookGuardRegistration {

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
