package com.nxtnd.hub.woo;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * WooCommerce connection settings, bound from the WOOCOMMERCE_* environment variables (see application.yml). Its
 * retries (WOOCOMMERCE_MAX_RETRIES, WOOCOMMERCE_RETRY_DELAY) are peer settings: hub.peers.woo.*, {@code peer.HubPeers}.
 */
@Validated
@ConfigurationProperties("woocommerce")
public record WooCommerceProperties(
        @NotBlank(message = "WOOCOMMERCE_SITE_URL must be set")
        @Pattern(regexp = "https?://[^\\s/]+.*", message = "WOOCOMMERCE_SITE_URL must be an absolute URL with http:// or https://")
        String siteUrl,
        @NotBlank(message = "WOOCOMMERCE_CONSUMER_KEY must be set") String consumerKey,
        @NotBlank(message = "WOOCOMMERCE_CONSUMER_SECRET must be set") String consumerSecret,
        @NotBlank(message = "WOOCOMMERCE_WEBHOOK_SECRET must be set") String webhookSecret,
        @DefaultValue("wc/v3")
        @Pattern(regexp = "wc/v[1-3]", message = "WOOCOMMERCE_VERSION must be wc/v1, wc/v2 or wc/v3") String version,
        @DefaultValue("50")
        @Min(value = 1, message = "WOOCOMMERCE_BATCH_SIZE must be between 1 and 100")
        @Max(value = 100, message = "WOOCOMMERCE_BATCH_SIZE must be between 1 and 100 (WooCommerce batch endpoints take at most 100 items)")
        int batchSize,
        String adminEmail,
        /** basic, query or oauth1; empty = chosen from the URL scheme (https: basic, http: oauth1). */
        @Pattern(regexp = "|basic|query|oauth1", message = "WOOCOMMERCE_AUTH_MODE must be basic, query or oauth1")
        String authMode,
        @DefaultValue("false") boolean allowInsecureHttp,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("30s") Duration readTimeout,
        /** pages a pull reads ahead of the one it works on, once page 1 said how many there are */
        @DefaultValue("4")
        @Min(value = 1, message = "WOOCOMMERCE_READ_AHEAD must be between 1 and 16")
        @Max(value = 16, message = "WOOCOMMERCE_READ_AHEAD must be between 1 and 16")
        int readAhead) {

    /**
     * Basic auth and query keys travel in clear over http: a store that is not on this machine must use https
     * unless WOOCOMMERCE_ALLOW_INSECURE_HTTP=true says the risk is accepted.
     */
    @AssertTrue(message = "WOOCOMMERCE_SITE_URL uses plain http:// for a store that is not on this machine: the API "
            + "keys would travel unencrypted. Use https://, or set WOOCOMMERCE_ALLOW_INSECURE_HTTP=true to accept the risk")
    public boolean isTransportAcceptable() {
        if (siteUrl == null || !siteUrl.regionMatches(true, 0, "http://", 0, 7) || allowInsecureHttp) {
            return true;
        }
        String host = java.net.URI.create(siteUrl.trim()).getHost();
        return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]")
                || host.equals("::1"));
    }

    /** Base of the REST API, e.g. https://shop.example/wp-json/wc/v3 */
    public String apiBase() {
        String site = siteUrl.endsWith("/") ? siteUrl.substring(0, siteUrl.length() - 1) : siteUrl;
        return site + "/wp-json/" + version;
    }
}
