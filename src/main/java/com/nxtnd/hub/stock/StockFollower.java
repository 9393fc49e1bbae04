package com.nxtnd.hub.stock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nxtnd.hub.mapping.MappingService;
import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.store.EntityMapping;
import com.nxtnd.hub.store.EntityMappingRepository;
import com.nxtnd.hub.store.ErrorLogRepository;
import com.nxtnd.hub.woo.WooCommerceClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * With NXT-ND as the stock master: after an order event reached NXT-ND, the shop gets NXT-ND's available quantity
 * for the order's products at once, so that a reservation, an edit, a cancel or a restock shows in the shop without
 * waiting for the stock reconciliation. Only products whose stock the shop manages are written. A failure here is
 * kept in the error store and left to the reconciliation: the order itself is in NXT-ND already.
 */
@Component
public class StockFollower {

    private static final Logger log = LoggerFactory.getLogger(StockFollower.class);

    private final StockProperties properties;
    private final NxtClient nxt;
    private final WooCommerceClient woo;
    private final MappingService mappings;
    private final EntityMappingRepository pairs;
    private final ErrorLogRepository errors;

    public StockFollower(StockProperties properties, NxtClient nxt, WooCommerceClient woo, MappingService mappings,
                         EntityMappingRepository pairs, ErrorLogRepository errors) {
        this.properties = properties;
        this.nxt = nxt;
        this.woo = woo;
        this.mappings = mappings;
        this.pairs = pairs;
        this.errors = errors;
    }

    /** Writes NXT-ND's available stock of these SKUs to the shop; returns how many products were written. */
    public int follow(Collection<String> skus) {
        if (!properties.nxtIsMaster() || !properties.followOrders() || skus.isEmpty()) {
            return 0;
        }
        try {
            Map<String, List<JsonNode>> byResource = new LinkedHashMap<>();
            for (JsonNode level : nxt.inventoryLevels(new LinkedHashSet<>(skus))) {
                if (!level.path("known").asBoolean(true)) {
                    continue; // no stock known in NXT-ND: the shop's own figure stands (see OpeningStock)
                }
                Optional<EntityMapping> pair = pairs.byMatchKey("product", level.path("sku").asText()).stream()
                        .filter(p -> p.wooId() != null).findFirst();
                if (pair.isEmpty() || pair.get().wooSnapshot() == null
                        || !pair.get().wooSnapshot().path("manage_stock").asBoolean(false)) {
                    continue;
                }
                ObjectNode body = ((ObjectNode) mappings.map("inventory.nxt-to-woo", level, Map.of())).deepCopy();
                body.put("id", pair.get().wooId());
                String resource = pair.get().wooParentId() != null
                        ? "products/" + pair.get().wooParentId() + "/variations" : "products";
                byResource.computeIfAbsent(resource, r -> new ArrayList<>()).add(body);
            }
            int written = 0;
            for (var e : byResource.entrySet()) {
                written += woo.batch(e.getKey(), List.of(), e.getValue(), List.of()).succeeded().size();
            }
            return written;
        } catch (RuntimeException e) {
            log.warn("Stock of {} not written to the shop after an order ({}); the stock reconciliation will", skus,
                    e.getMessage());
            errors.record(new ErrorLogRepository.NewError("woo", e.getClass().getSimpleName(), "webhook-event",
                    "stock-follow", "inventory", "skus:" + String.join(",", skus), e.getMessage(), null,
                    String.join(",", skus).getBytes(StandardCharsets.UTF_8), null, 1));
            return 0;
        }
    }
}
