package com.nxtnd.hub.sandbox.woo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * WooCommerce sandbox behaviour (hub.sandbox.woo.*).
 *
 * @param strictHttpAuth  refuse Basic and query-string keys over plain http, as a real store does (only OAuth 1.0a)
 * @param deliveryDelayMs wait before a webhook delivery goes out (WooCommerce queues them)
 */
@ConfigurationProperties("hub.sandbox.woo")
public record WooSandboxProperties(@DefaultValue("false") boolean strictHttpAuth, @DefaultValue("20") long deliveryDelayMs) {
}
