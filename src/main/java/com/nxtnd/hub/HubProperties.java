package com.nxtnd.hub;

import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Hub-wide settings. {@code sandboxWoo}, {@code sandboxNxt} and {@code embeddedDb} are switched on by
 * {@link com.nxtnd.hub.sandbox.EmbeddedDefaultsPostProcessor} when the matching real system is not configured.
 */
@Validated
@ConfigurationProperties("hub")
public record HubProperties(
        /** Public URL of this hub, used as delivery URL for the store's webhooks (API_BASE_URL). */
        @Pattern(regexp = "|https?://[^\\s/]+.*", message = "API_BASE_URL must be an absolute URL with http:// or https://")
        String apiBaseUrl,
        @DefaultValue("false") boolean sandboxWoo,
        @DefaultValue("false") boolean sandboxNxt,
        @DefaultValue("false") boolean embeddedDb,
        /** Where the embedded PostgreSQL keeps its data; empty = a throw-away temporary directory. */
        @DefaultValue("data/postgres") String embeddedDbDir) {

    public boolean anySandbox() {
        return sandboxWoo || sandboxNxt;
    }
}
