package com.nxtnd.hub.sandbox;

import com.nxtnd.hub.HubProperties;
import com.nxtnd.hub.nxt.NxtProperties;
import com.nxtnd.hub.woo.WooCommerceProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Says once, clearly, when the hub runs against its own sandboxes and how to point it at real systems. */
@Component
class EmbeddedDefaultNotice {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDefaultNotice.class);

    private final HubProperties hub;
    private final WooCommerceProperties woo;
    private final NxtProperties nxt;

    EmbeddedDefaultNotice(HubProperties hub, WooCommerceProperties woo, NxtProperties nxt) {
        this.hub = hub;
        this.woo = woo;
        this.nxt = nxt;
    }

    @EventListener(ApplicationReadyEvent.class)
    void announce() {
        if (hub.anySandbox() || hub.embeddedDb()) {
            log.warn("EMBEDDED DEFAULT: running against {}{}{}(WooCommerce {}, NXT-ND {}); admin login admin/admin. "
                            + "To use a real store set WOOCOMMERCE_SITE_URL, WOOCOMMERCE_CONSUMER_KEY/SECRET, "
                            + "WOOCOMMERCE_WEBHOOK_SECRET, NXT_BASE_URL, NXT_API_TOKEN, SPRING_DATASOURCE_URL and "
                            + "HUB_ADMIN_PASSWORD (see README).",
                    hub.sandboxWoo() ? "the WooCommerce sandbox, " : "",
                    hub.sandboxNxt() ? "the NXT-ND sandbox, " : "",
                    hub.embeddedDb() ? "an embedded PostgreSQL " : "",
                    woo.siteUrl(), nxt.baseUrl());
        }
    }
}
