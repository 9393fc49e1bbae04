package com.nxtnd.hub.sync;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Batch sync settings (hub.sync.*).
 *
 * @param directions     per entity: pull, push, both or off (product, customer, order, inventory)
 * @param concurrency    WooCommerce batch writes in flight at once
 * @param overlap        incremental pulls re-read this much before the watermark (clock skew, same-second edits)
 * @param customerIndexMax a pull reads NXT-ND's whole customer list once to match new customers by e-mail, when
 *                       that list holds at most this many (else one lookup per new customer)
 */
@ConfigurationProperties("hub.sync")
public record SyncProperties(
        Map<String, String> directions,
        @DefaultValue("4") int concurrency,
        @DefaultValue("10s") Duration overlap,
        @DefaultValue("50000") int customerIndexMax) {

    private static final Map<String, String> DEFAULTS = Map.of("product", "both", "customer", "both",
            "order", "both", "inventory", "push");

    public SyncProperties {
        directions = directions == null || directions.isEmpty() ? DEFAULTS : Map.copyOf(directions);
    }

    public boolean pulls(String entity) {
        String d = directions.getOrDefault(entity, DEFAULTS.getOrDefault(entity, "off"));
        return d.equals("pull") || d.equals("both");
    }

    public boolean pushes(String entity) {
        String d = directions.getOrDefault(entity, DEFAULTS.getOrDefault(entity, "off"));
        return d.equals("push") || d.equals("both");
    }
}
