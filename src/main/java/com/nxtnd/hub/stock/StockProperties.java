package com.nxtnd.hub.stock;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who owns stock once the two systems are connected (hub.stock.*).
 *
 * @param master       {@code nxt} (default): NXT-ND's available quantity is written to the shop, after each order
 *                     event for the order's products and by the stock reconciliation for all; {@code woo}: the
 *                     shop's figure wins and the reconciliation books the difference into NXT-ND as an adjustment
 * @param followOrders with {@code master=nxt}, write the order's products' stock to the shop right after the order
 *                     event reached NXT-ND (else only the stock reconciliation does)
 */
@ConfigurationProperties("hub.stock")
public record StockProperties(@DefaultValue("nxt") String master, @DefaultValue("true") boolean followOrders) {

    public StockProperties {
        if (!"nxt".equals(master) && !"woo".equals(master)) {
            throw new IllegalArgumentException("hub.stock.master (HUB_STOCK_MASTER) must be nxt or woo, was '" + master + "'");
        }
    }

    public boolean nxtIsMaster() {
        return "nxt".equals(master);
    }
}
