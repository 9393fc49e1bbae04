package com.nxtnd.hub.nxt;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where NXT-ND keeps each collection, relative to {@code NXT_BASE_URL} (contracts/nxt-nd-api.md), so that an
 * operator can point the hub at the NXT-ND they run without a rebuild (hub.peers.nxt.paths.*). A path may also be
 * an absolute http(s) URL, for a collection served elsewhere. Sub-paths follow the contract ({@code /batch},
 * {@code /by-sku/{sku}}, {@code /levels}, ...). The pull routes name the batch paths again in
 * routes/pull.camel.yaml, so they can be moved there too.
 */
@ConfigurationProperties("hub.peers.nxt.paths")
public record NxtPaths(@DefaultValue("/products") String products, @DefaultValue("/customers") String customers,
                       @DefaultValue("/orders") String orders, @DefaultValue("/inventory") String inventory,
                       @DefaultValue("/changes") String changes) {

    public static NxtPaths defaults() {
        return new NxtPaths("/products", "/customers", "/orders", "/inventory", "/changes");
    }

    /** The path of {@code entity}: products, customers, orders or inventory. */
    public String of(String entity) {
        return switch (entity) {
            case "products" -> products;
            case "customers" -> customers;
            case "orders" -> orders;
            case "inventory" -> inventory;
            default -> throw new IllegalArgumentException("NXT-ND has no collection " + entity);
        };
    }
}
