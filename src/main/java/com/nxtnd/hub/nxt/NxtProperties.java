package com.nxtnd.hub.nxt;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** NXT-ND connection settings, bound from NXT_* environment variables (see application.yml). */
@Validated
@ConfigurationProperties("nxt")
public record NxtProperties(
        @NotBlank(message = "NXT_BASE_URL must be set")
        @Pattern(regexp = "https?://[^\\s/]+.*", message = "NXT_BASE_URL must be an absolute URL with http:// or https://")
        String baseUrl,
        @NotBlank(message = "NXT_API_TOKEN must be set") String apiToken,
        /** Warehouses whose stock is sold online (NXT_ONLINE_WAREHOUSES, comma separated). */
        @DefaultValue("MAIN") List<String> onlineWarehouses,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("30s") Duration readTimeout) {

    public String apiBase() {
        return baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }
}
