package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nxtnd.hub.conflict.ConflictDetector;
import com.nxtnd.hub.conflict.Detection;
import com.nxtnd.hub.mapping.CanonicalRecords;
import com.nxtnd.hub.mapping.MappingException;
import com.nxtnd.hub.mapping.MappingService;
import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.store.ConflictRepository;
import com.nxtnd.hub.store.EntityMapping;
import com.nxtnd.hub.store.EntityMappingRepository;
import com.nxtnd.hub.store.EntityMappingRepository.SyncedPair;
import com.nxtnd.hub.store.ErrorLogRepository;
import com.nxtnd.hub.store.WatermarkRepository;
import com.nxtnd.hub.woo.WooCommerceClient;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * WooCommerce -> NXT-ND in pages of 100 (one page in memory at a time): products with their variations and
 * customers through NXT-ND's batch upsert, orders one by one through {@link WooToNxtWriter}. Only records whose
 * canonical hash changed are written; a SKU held by two WooCommerce records is a conflict, never a silent merge.
 */
@Component
public class PullSync {

    /** One record to upsert, with what is known of its pair. */
    private record Candidate(JsonNode woo, JsonNode canonical, String hash, String key, Optional<EntityMapping> pair,
                             JsonNode existing, boolean writeBack) {
        Candidate(JsonNode woo, JsonNode canonical, String hash, String key, Optional<EntityMapping> pair) {
            this(woo, canonical, hash, key, pair, null, false);
        }
    }

    private final WooCommerceClient woo;
    private final NxtClient nxt;
    private final MappingService mappings;
    private final CanonicalRecords canonical;
    private final EntityMappingRepository pairs;
    private final WooToNxtWriter writer;
    private final WatermarkRepository watermarks;
    private final ConflictRepository conflicts;
    private final ErrorLogRepository errors;
    private final SyncProperties properties;
    private final ConflictDetector detector;
    private final PairWriter pairWriter;
    private final com.fasterxml.jackson.databind.ObjectMapper json;
    private final SkuLessProducts skuLess;

    public PullSync(WooCommerceClient woo, NxtClient nxt, MappingService mappings, CanonicalRecords canonical,
                    EntityMappingRepository pairs, WooToNxtWriter writer, WatermarkRepository watermarks,
                    ConflictRepository conflicts, ErrorLogRepository errors, SyncProperties properties,
                    ConflictDetector detector, PairWriter pairWriter, com.fasterxml.jackson.databind.ObjectMapper json,
                    SkuLessProducts skuLess) {
        this.skuLess = skuLess;
        this.json = json;
        this.detector = detector;
        this.pairWriter = pairWriter;
        this.woo = woo;
        this.nxt = nxt;
        this.mappings = mappings;
        this.canonical = canonical;
        this.pairs = pairs;
        this.writer = writer;
        this.watermarks = watermarks;
        this.conflicts = conflicts;
        this.errors = errors;
        this.properties = properties;
    }

    /** Called after each page: the next page to read and the total, for checkpoints and progress. */
    @FunctionalInterface
    public interface PageListener {
        void pageDone(int nextPage, int totalPages);
    }

    public void pull(String entity, SyncRequest request, SyncCounts counts, List<Map<String, Object>> plan) throws Exception {
        pull(entity, request, counts, plan, 1, (next, total) -> { });
    }

    public void pull(String entity, SyncRequest request, SyncCounts counts, List<Map<String, Object>> plan,
                     int startPage, PageListener listener) throws Exception {
        Instant started = Instant.now();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("orderby", "id");
        params.put("order", "asc");
        Optional<String> mark = request.incremental() ? watermarks.get("pull:" + entity) : Optional.empty();
        if (mark.isPresent() && !"customer".equals(entity)) { // customers have no modified_after: full scan by hash
            LocalDateTime since = LocalDateTime.ofInstant(Instant.parse(mark.get()).minus(properties.overlap()), ZoneOffset.UTC)
                    .truncatedTo(ChronoUnit.SECONDS);
            params.put("modified_after", since.toString());
            params.put("dates_are_gmt", "true");
        }
        Map<String, Long> seenKeys = new HashMap<>();
        NxtCustomerMatcher matcher = new NxtCustomerMatcher(nxt, json, properties.customerIndexMax());
        woo.forEachPageReadAhead(entity + "s", params, 100, startPage, page -> {
            switch (entity) {
                case "product" -> pullProducts(page.items(), request, counts, plan, seenKeys);
                case "customer" -> pullCustomers(page.items(), request, counts, plan, matcher);
                default -> pullOrders(page.items(), request, counts, plan);
            }
            counts.add(entity, "pull", "pages");
            listener.pageDone(page.page() + 1, page.totalPages());
            return true;
        });
        if (!request.dryRun()) {
            watermarks.set("pull:" + entity, started.toString());
        }
    }

    private void pullProducts(List<JsonNode> page, SyncRequest request, SyncCounts counts, List<Map<String, Object>> plan,
                              Map<String, Long> seenKeys) throws Exception {
        List<Map.Entry<JsonNode, Map<String, Object>>> records = new ArrayList<>();
        for (JsonNode product : page) {
            records.add(Map.entry(product, Map.of()));
            if ("variable".equals(product.path("type").asText())) {
                woo.forEachPage("products/" + product.path("id").asLong() + "/variations", Map.of("orderby", "id", "order", "asc"),
                        100, 1, variations -> {
                            variations.items().forEach(v -> records.add(Map.entry(v, Map.of("parent", product))));
                            return true;
                        });
            }
        }
        upsertProducts(records, request, counts, plan, seenKeys);
    }

    /**
     * Writes these WooCommerce records to NXT-ND as a pull writes one of its pages: mapped (a variation with its
     * {@code parent} binding), matched to their pairs, only the changed ones upserted in batches of 100, the pairs
     * saved with the NXT-ND ids the batches answer. Counted under {@code <entity>.pull} (created, updated, unchanged,
     * conflicts, errors). For a reconcile re-creating records NXT-ND lost: the same path as a pull, not a second one.
     */
    public void upsertRecords(String entity, List<Map.Entry<JsonNode, Map<String, Object>>> records,
                              SyncRequest request, SyncCounts counts) throws Exception {
        if ("product".equals(entity)) {
            upsertProducts(records, request, counts, new ArrayList<>(), new HashMap<>());
        } else if ("customer".equals(entity)) {
            pullCustomers(records.stream().map(Map.Entry::getKey).toList(), request, counts, new ArrayList<>(),
                    new NxtCustomerMatcher(nxt, json, properties.customerIndexMax()));
        } else {
            throw new IllegalArgumentException("no batch upsert for " + entity);
        }
    }

    private void upsertProducts(List<Map.Entry<JsonNode, Map<String, Object>>> records, SyncRequest request,
                                SyncCounts counts, List<Map<String, Object>> plan, Map<String, Long> seenKeys) {
        Map<Long, EntityMapping> known = pairs.byWooIds("product",
                records.stream().map(r -> r.getKey().path("id").asLong()).toList());
        List<Candidate> changed = new ArrayList<>();
        for (var r : records) {
            consider(r.getKey(), r.getValue(), known, counts, request, seenKeys, changed);
        }
        upsertInBatches("product", changed, request, counts, plan, null);
    }

    private void consider(JsonNode read, Map<String, Object> bindings, Map<Long, EntityMapping> known,
                          SyncCounts counts, SyncRequest request, Map<String, Long> seenKeys, List<Candidate> changed) {
        Optional<JsonNode> keyed = skuLess.prepare(read, (JsonNode) bindings.get("parent"), request.dryRun(), "batch");
        if (keyed.isEmpty()) { // no SKU and hub.products.missing-sku=skip: reported once, then only counted
            counts.add("product", "pull", "skipped");
            return;
        }
        JsonNode wooRecord = keyed.get();
        long wooId = wooRecord.path("id").asLong();
        Optional<JsonNode> valid = mapValid("product", wooRecord, bindings, counts);
        if (valid.isEmpty()) {
            return;
        }
        JsonNode mapped = valid.get();
        String sku = mapped.path("sku").asText();
        Long holder = seenKeys.putIfAbsent(sku, wooId);
        if (holder != null && holder != wooId) {
            counts.add("product", "pull", "conflicts");
            conflicts.recordBusinessRule("product", wooId, null, List.of("sku"),
                    "SKU " + sku + " is used by WooCommerce products " + holder + " and " + wooId, "batch");
            return;
        }
        String hash = canonical.hash(mapped);
        Optional<EntityMapping> pair = Optional.ofNullable(known.get(wooId));
        if (!request.force() && pair.isPresent() && hash.equals(pair.get().wooHash())) {
            counts.add("product", "pull", "unchanged");
            return;
        }
        settle("product", new Candidate(wooRecord, mapped, hash, sku, pair), request, counts).ifPresent(changed::add);
    }

    /** Maps and validates; an invalid record is a conflict (counted), a broken mapping an error (counted). */
    private Optional<JsonNode> mapValid(String entity, JsonNode wooRecord, Map<String, Object> bindings,
                                        SyncCounts counts) {
        long wooId = wooRecord.path("id").asLong();
        try {
            Optional<JsonNode> mapped = writer.mapValid(entity, wooRecord, wooId, bindings, "batch");
            if (mapped.isEmpty()) {
                counts.add(entity, "pull", "conflicts");
            }
            return mapped;
        } catch (MappingException e) {
            counts.add(entity, "pull", "errors");
            errors.record(new ErrorLogRepository.NewError("hub", "MappingException", "sync-pull", e.file(), entity,
                    "woo:" + wooId, e.getMessage(), null,
                    wooRecord.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), null, 1));
            return Optional.empty();
        }
    }

    /**
     * A changed WooCommerce record whose pair NXT-ND changed too since the last sync: three-way merge. Held for a
     * person: left out of the batch. Otherwise the settled record is what goes to NXT-ND (and back to WooCommerce
     * when NXT-ND's side won a field).
     */
    private Optional<Candidate> settle(String entity, Candidate c, SyncRequest request, SyncCounts counts) {
        if (c.pair().isEmpty() || c.pair().get().baseSnapshot() == null || c.pair().get().nxtId() == null
                || request.dryRun()) {
            return Optional.of(c);
        }
        EntityMapping pair = c.pair().get();
        Optional<JsonNode> current = nxt.get(entity + "s", pair.nxtId());
        if (current.isEmpty() || canonical.nxtHash(entity, current.get()).equals(pair.nxtHash())) {
            return Optional.of(c);
        }
        Detection detection = detector.detect(entity, pair, c.canonical(), WooToNxtWriter.wooModified(c.woo()),
                current.get(), WooToNxtWriter.instant(current.get().path("updatedAt").asText(null)), "batch");
        if (detection.conflicted()) {
            counts.add(entity, "pull", "conflicts");
        }
        if (detection.held()) {
            pairs.rememberSeen(pair.id(), "woo", c.woo());
            return Optional.empty();
        }
        ObjectNode settled = ((ObjectNode) c.canonical()).deepCopy();
        settled.setAll(detection.merged());
        boolean writeBack = !detector.synced(entity, c.canonical()).equals(detector.synced(entity, settled));
        return Optional.of(new Candidate(c.woo(), settled, c.hash(), c.key(), c.pair(), current.get(), writeBack));
    }

    private void pullCustomers(List<JsonNode> page, SyncRequest request, SyncCounts counts,
                               List<Map<String, Object>> plan, NxtCustomerMatcher matcher) throws Exception {
        Map<Long, EntityMapping> known = pairs.byWooIds("customer",
                page.stream().map(c -> c.path("id").asLong()).toList());
        List<Candidate> toSettle = new ArrayList<>();
        for (JsonNode customer : page) {
            long wooId = customer.path("id").asLong();
            Optional<JsonNode> valid = mapValid("customer", customer, Map.of(), counts);
            if (valid.isEmpty()) {
                continue;
            }
            JsonNode mapped = valid.get();
            String hash = canonical.hash(mapped);
            Optional<EntityMapping> pair = Optional.ofNullable(known.get(wooId));
            if (!request.force() && pair.isPresent() && hash.equals(pair.get().wooHash())) {
                counts.add("customer", "pull", "unchanged");
                continue;
            }
            toSettle.add(new Candidate(customer, mapped, hash, mapped.path("email").asText(), pair));
        }
        matcher.prepare(toSettle.stream().filter(c -> c.pair().map(p -> p.nxtSnapshot() == null).orElse(true))
                .map(Candidate::key).toList());
        List<Candidate> changed = new ArrayList<>();
        for (Candidate c : toSettle) {
            // NXT-ND batches match customers by customerCode: keep the one a matched customer already has
            Optional<JsonNode> existing = c.pair().flatMap(p -> Optional.ofNullable(p.nxtSnapshot()))
                    .or(() -> matcher.find(c.key()));
            String code = existing.map(e -> e.path("customerCode").asText(null)).orElse("WC" + c.woo().path("id").asLong());
            ObjectNode withCode = ((ObjectNode) c.canonical()).deepCopy().put("customerCode", code);
            settle("customer", new Candidate(c.woo(), withCode, c.hash(), c.key(), c.pair(), existing.orElse(null), false),
                    request, counts).ifPresent(changed::add);
        }
        upsertInBatches("customer", changed, request, counts, plan, matcher);
    }

    private void upsertInBatches(String entity, List<Candidate> changed, SyncRequest request, SyncCounts counts,
                                 List<Map<String, Object>> plan, NxtCustomerMatcher matcher) {
        if (request.dryRun()) {
            for (Candidate c : changed) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("entity", entity);
                item.put("wooId", c.woo().path("id").asLong());
                item.put("key", c.key());
                item.put("action", c.pair().isPresent() ? "update" : "create-or-match");
                item.put("changedFields", c.pair().map(p -> com.nxtnd.hub.mapping.FieldDiff.changed(p.baseSnapshot(), c.canonical()))
                        .orElse(List.of()));
                plan.add(item);
                counts.add(entity, "pull", "planned");
            }
            return;
        }
        for (int from = 0; from < changed.size(); from += 100) {
            List<Candidate> chunk = changed.subList(from, Math.min(changed.size(), from + 100));
            List<JsonNode> records = chunk.stream().map(Candidate::canonical).toList();
            String key = "pull-" + entity + "-" + canonical.hash(com.fasterxml.jackson.databind.node.JsonNodeFactory
                    .instance.arrayNode().addAll(chunk.stream().map(c -> (JsonNode) com.fasterxml.jackson.databind.node
                            .TextNode.valueOf(c.hash())).toList()));
            JsonNode results = nxt.batchUpsert(entity + "s", records, List.of(), key).path("upserted");
            List<SyncedPair> synced = new ArrayList<>();
            List<String> outcomes = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                Candidate c = chunk.get(i);
                JsonNode result = results.path(i);
                if (result.has("error") || result.isMissingNode()) {
                    counts.add(entity, "pull", "errors");
                    errors.record(new ErrorLogRepository.NewError("nxt", result.path("error").path("code").asText("BATCH_ITEM"),
                            "sync-pull", "/" + entity + "s/batch", entity, "woo:" + c.woo().path("id").asLong(),
                            result.path("error").path("message").asText("no result for item"), null,
                            c.canonical().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), null, 1));
                    continue;
                }
                // NXT-ND merges an upsert into what it had: the record now holds its old fields plus ours
                ObjectNode nxtRecord = c.pair().map(EntityMapping::nxtSnapshot).filter(JsonNode::isObject)
                        .map(snapshot -> ((ObjectNode) snapshot).deepCopy()).orElseGet(() -> c.existing() == null
                                ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                                : ((ObjectNode) c.existing()).deepCopy());
                nxtRecord.setAll((ObjectNode) c.canonical());
                nxtRecord.put("id", result.path("id").asText());
                Long parentId = c.woo().path("parent_id").asLong(0) > 0 ? c.woo().path("parent_id").asLong() : null;
                JsonNode wooNow = c.woo();
                String wooHash = c.hash();
                if (c.writeBack()) { // NXT-ND's side won a field of a merged conflict: WooCommerce gets it too
                    wooNow = pairWriter.writeWoo(entity, c.woo().path("id").asLong(), parentId, c.canonical());
                    wooHash = canonical.hash(pairWriter.wooCanonical(entity, wooNow, parentId));
                }
                synced.add(new SyncedPair(entity, c.woo().path("id").asLong(), parentId,
                        result.path("id").asText(), c.key(), wooHash, wooHash, canonical.nxtHash(entity, nxtRecord),
                        c.canonical(), wooNow,
                        nxtRecord, WooToNxtWriter.wooModified(wooNow), null, null, "pull", c.writeBack() ? "woo" : "nxt"));
                outcomes.add(result.path("status").asText("updated"));
                if (matcher != null && c.pair().isEmpty()) {
                    matcher.created(nxtRecord);
                }
            }
            pairs.saveAll(synced);
            outcomes.forEach(outcome -> counts.add(entity, "pull", outcome));
        }
    }

    private void pullOrders(List<JsonNode> page, SyncRequest request, SyncCounts counts, List<Map<String, Object>> plan) {
        for (JsonNode order : page) {
            if (request.dryRun()) {
                boolean known = pairs.byWooId("order", order.path("id").asLong()).isPresent();
                plan.add(Map.of("entity", "order", "wooId", order.path("id").asLong(), "action", known ? "update-if-changed" : "create"));
                counts.add("order", "pull", "planned");
                continue;
            }
            try {
                counts.add("order", "pull", writer.apply("order", order, "batch").result());
            } catch (RuntimeException e) {
                if (SyncService.peerUnavailable(e)) {
                    throw e; // NXT-ND is down: the run stops before its watermark moves and is resumed, not recorded
                }
                counts.add("order", "pull", "errors");
                errors.record(new ErrorLogRepository.NewError(e instanceof PermanentFailure ? "hub" : "nxt",
                        e.getClass().getSimpleName(), "sync-pull", "/orders", "order", "woo:" + order.path("id").asLong(),
                        e.getMessage(), null, order.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), null, 1));
            }
        }
    }
}
