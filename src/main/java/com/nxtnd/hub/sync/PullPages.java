package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.peer.CallTimeout;
import com.nxtnd.hub.store.EntityMapping;
import com.nxtnd.hub.store.EntityMappingRepository;
import com.nxtnd.hub.store.WatermarkRepository;
import com.nxtnd.hub.woo.WooCommerceClient;
import com.nxtnd.hub.woo.WooPage;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Page steps of routes/pull.camel.yaml (bean {@code pullPages}): the WooCommerce pages of a run (read ahead, from
 * the checkpoint's page, since the watermark when incremental), each page's records with their pairs, the
 * checkpoint after a page, the watermark after the last.
 */
@Component("pullPages")
public class PullPages {

    static final int PAGE_SIZE = 100;

    private final WooCommerceClient woo;
    private final NxtClient nxt;
    private final EntityMappingRepository pairs;
    private final WatermarkRepository watermarks;
    private final SyncProperties properties;
    private final ObjectMapper json;

    public PullPages(WooCommerceClient woo, NxtClient nxt, EntityMappingRepository pairs, WatermarkRepository watermarks,
                     SyncProperties properties, ObjectMapper json) {
        this.woo = woo;
        this.nxt = nxt;
        this.pairs = pairs;
        this.watermarks = watermarks;
        this.properties = properties;
        this.json = json;
    }

    /**
     * The run's pages in order, read ahead, of {@code pageSize} WooCommerce records (placeholder hub.pull.page-size
     * in routes/pull.camel.yaml; WooCommerce answers at most 100 per page); the route's split streams over them. Each
     * read is given {@code timeout} ({@code {{woocommerce.read-timeout}}}, see {@link CallTimeout}).
     */
    public Iterator<WooPage> pages(PullRun run, int pageSize, String timeout) {
        if (pageSize < 1 || pageSize > 100) {
            throw new IllegalArgumentException("hub.pull.page-size must be 1 to 100 (WooCommerce's per_page), not "
                    + pageSize);
        }
        run.pageSize(pageSize);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("orderby", "id");
        params.put("order", "asc");
        Optional<String> mark = run.request().incremental() ? watermarks.get("pull:" + run.entity()) : Optional.empty();
        if (mark.isPresent() && !"customer".equals(run.entity())) { // customers have no modified_after: full scan by hash
            LocalDateTime since = LocalDateTime.ofInstant(Instant.parse(mark.get()).minus(properties.overlap()),
                    ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
            params.put("modified_after", since.toString());
            params.put("dates_are_gmt", "true");
        }
        return woo.pagesReadAhead(run.entity() + "s", params, run.pageSize(), run.startPage(), CallTimeout.parse(timeout));
    }

    /** A page of products with the variations of its variable ones (after their parent), and their pairs. */
    public List<PullItem> products(WooPage page) throws Exception {
        List<Map.Entry<JsonNode, JsonNode>> records = new ArrayList<>();
        for (JsonNode product : page.items()) {
            records.add(new java.util.AbstractMap.SimpleEntry<>(product, null));
            if ("variable".equals(product.path("type").asText())) {
                woo.forEachPage("products/" + product.path("id").asLong() + "/variations",
                        Map.of("orderby", "id", "order", "asc"), PAGE_SIZE, 1, variations -> {
                            variations.items().forEach(v -> records.add(new java.util.AbstractMap.SimpleEntry<>(v, product)));
                            return true;
                        });
            }
        }
        return items("product", records);
    }

    /**
     * A page of customers with their pairs. NXT-ND matches a batch's customers by customerCode, so a new customer
     * must first be found by e-mail: the run's matcher gets the page's unpaired e-mails (it may read NXT-ND's whole
     * list once instead of one lookup each).
     */
    public List<PullItem> customers(PullRun run, WooPage page) {
        List<Map.Entry<JsonNode, JsonNode>> records = new ArrayList<>();
        page.items().forEach(c -> records.add(new java.util.AbstractMap.SimpleEntry<>(c, null)));
        List<PullItem> items = items("customer", records);
        prepareMatcher(run, items);
        return items;
    }

    void prepareMatcher(PullRun run, List<PullItem> items) {
        if (run.matcher() == null) {
            run.matcher(new NxtCustomerMatcher(nxt, json, properties.customerIndexMax()));
        }
        run.matcher().prepare(items.stream().filter(i -> i.pair().map(p -> p.nxtSnapshot() == null).orElse(true))
                .map(i -> i.field("email")).filter(e -> !e.isBlank()).toList());
    }

    /** The records with their pairs, read for all of them at once. */
    List<PullItem> items(String entity, List<Map.Entry<JsonNode, JsonNode>> records) {
        Map<Long, EntityMapping> known = pairs.byWooIds(entity,
                records.stream().map(r -> r.getKey().path("id").asLong()).toList());
        return records.stream().map(r -> new PullItem(r.getKey(), r.getValue(),
                Optional.ofNullable(known.get(r.getKey().path("id").asLong())))).toList();
    }

    /** The page is written: counted, and the checkpoint moves to the next page (a batch write failure stops here). */
    /** Longer than a batch upsert's retries take; a page still waiting then stops the run (it is resumed). */
    private static final java.time.Duration BATCHES_WAIT = java.time.Duration.ofMinutes(15);

    public void pageDone(PullRun run, WooPage page) throws Exception {
        run.awaitBatches(BATCHES_WAIT);
        run.throwIfFailed();
        run.count("pages");
        run.listener().pageDone(page.page() + 1, page.totalPages(), run.pageSize());
    }

    /** All pages done: the next incremental pull starts from when this one started. */
    public void finish(PullRun run) throws Exception {
        run.awaitBatches(BATCHES_WAIT);
        run.throwIfFailed();
        if (!run.dryRun()) {
            watermarks.set("pull:" + run.entity(), run.started().toString());
        }
    }
}
