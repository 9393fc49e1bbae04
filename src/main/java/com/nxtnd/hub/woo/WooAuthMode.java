package com.nxtnd.hub.woo;

import java.net.URI;

/** How the hub authenticates to WooCommerce. Basic and query keys only work over https; http needs OAuth 1.0a. */
public enum WooAuthMode {
    BASIC, QUERY, OAUTH1;

    /** The configured mode, or the one the URL's scheme allows (https: basic, http: oauth1). */
    public static WooAuthMode resolve(String configured, String siteUrl) {
        if (configured != null && !configured.isBlank()) {
            return valueOf(configured.trim().toUpperCase());
        }
        return "https".equalsIgnoreCase(URI.create(siteUrl).getScheme()) ? BASIC : OAUTH1;
    }
}
