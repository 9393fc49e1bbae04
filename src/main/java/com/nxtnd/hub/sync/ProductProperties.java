package com.nxtnd.hub.sync;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Product settings (hub.products.*).
 *
 * @param missingSku what becomes of a WooCommerce product with no SKU (NXT-ND requires one): {@code skip} leaves it
 *                   out of NXT-ND, {@code generate} writes SKU {@code WOO-<id>} to the shop and syncs it with that;
 *                   either way it is reported once (see {@link SkuLessProducts})
 */
@ConfigurationProperties("hub.products")
public record ProductProperties(@DefaultValue("skip") MissingSku missingSku) {

    public enum MissingSku { SKIP, GENERATE }
}
