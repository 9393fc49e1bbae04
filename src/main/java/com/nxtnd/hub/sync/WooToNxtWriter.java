package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nxtnd.hub.conflict.ConflictDetector;
import com.nxtnd.hub.conflict.Detection;
import com.nxtnd.hub.conflict.RecordValidator;
import com.nxtnd.hub.mapping.CanonicalRecords;
import com.nxtnd.hub.mapping.MappingException;
import com.nxtnd.hub.mapping.MappingService;
import com.nxtnd.hub.store.ConflictRepository;
import com.nxtnd.hub.nxt.NxtBatchResult;
import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.store.EntityMapping;
import com.nxtnd.hub.store.EntityMappingRepository;
import com.nxtnd.hub.store.EntityMappingRepository.SyncedPair;
import com.nxtnd.hub.woo.WooCommerceClient;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Carries WooCommerce records into NXT-ND: maps them through mappings/*.woo-to-nxt.jsonata, pairs them (mapping,
 * else SKU / e-mail / external ref), writes only what changed, and recognises the hub's own writes coming back.
 */
@Component
public class WooToNxtWriter implements WooRecordApplier {

    private final MappingService mappings;
    private final CanonicalRecords canonical;
    private final NxtClient nxt;
    private final OrderWriter orders;
    private final EntityMappingRepository pairs;
    private final WooCommerceClient wooClient;
    private final RecordValidator validator;
    private final ConflictDetector detector;
    private final ConflictRepository conflicts;
    private final PairWriter pairWriter;
    private final SkuLessProducts skuLess;

    public WooToNxtWriter(MappingService mappings, CanonicalRecords canonical, NxtClient nxt,
                          OrderWriter orders, EntityMappingRepository pairs, WooCommerceClient wooClient,
                          RecordValidator validator, ConflictDetector detector, ConflictRepository conflicts,
                          PairWriter pairWriter, SkuLessProducts skuLess) {
        this.skuLess = skuLess;
        this.wooClient = wooClient;
        this.validator = validator;
        this.detector = detector;
        this.conflicts = conflicts;
        this.pairWriter = pairWriter;
        this.mappings = mappings;
        this.canonical = canonical;
        this.nxt = nxt;
        this.orders = orders;
        this.pairs = pairs;
    }

    @Override
    public ApplyOutcome apply(String resource, JsonNode woo, String source) {
        return switch (resource) {
            case "product" -> applyProduct(woo, source);
            case "customer" -> applyCustomer(woo, source);
            case "order" -> orders.apply(woo, source);
            default -> throw new InvalidRecordException("No sync for WooCommerce resource '" + resource + "'");
        };
    }

    @Override
    public ApplyOutcome delete(String resource, long wooId, String source) {
        Optional<EntityMapping> pair = pairs.byWooId(resource, wooId);
        if (pair.isEmpty() || pair.get().nxtId() == null) {
            return new ApplyOutcome("skipped", null, "no NXT-ND record is mapped to WooCommerce " + resource + " " + wooId);
        }
        String entity = entity(resource);
        if (!"orders".equals(entity)) {
            nxt.deactivate(entity, pair.get().nxtId(), "woo-" + resource + "-" + wooId + "-delete");
        } else {
            nxt.updateOrderStatus(pair.get().nxtId(), "cancelled", "deleted in WooCommerce",
                    "woo-order-" + wooId + "-delete");
        }
        pairs.markStatus(pair.get().id(), "deleted");
        return ApplyOutcome.of("deactivated", pair.get().nxtId());
    }

    /** A record of {@link #applyAll} that goes into a batch upsert, with what NXT-ND is known to hold for it. */
    private record Upsert(int index, JsonNode woo, long wooId, Long parentId, JsonNode mapped, String hash,
                          String matchKey, Optional<EntityMapping> pair, JsonNode existing) {
    }

    /**
     * Writes these WooCommerce products or customers (upserts, each a different record) to NXT-ND as {@link #apply}
     * writes one, but the changed ones in batch upserts of up to 100 ({@code POST /{entity}/batch}, matched by SKU /
     * customerCode): one NXT-ND call per 100 records instead of two per record. Echoes, unchanged records, invalid
     * ones (kept as conflicts) and records both sides changed (three-way merge, one record at a time, as now) are
     * settled without the batch. A record whose SKU changed, or that shares its SKU / e-mail / id with another of
     * these, is written alone through {@link #apply}, after the batch, so that a batch never renames or merges.
     * <p>
     * One answer per record, in order: a record that fails (its mapping, its item error in NXT-ND's batch answer)
     * fails alone. A batch call that fails as a whole (NXT-ND down) throws: every record of it is to be retried.
     */
    @Override
    public List<Applied> applyAll(String resource, List<JsonNode> records, String source) {
        if (!"product".equals(resource) && !"customer".equals(resource)) {
            throw new IllegalArgumentException("no batch upsert for " + resource);
        }
        Applied[] results = new Applied[records.size()];
        Map<Long, EntityMapping> known = pairs.byWooIds(resource,
                records.stream().map(r -> r.path("id").asLong()).toList());
        Map<Long, Optional<JsonNode>> parents = new java.util.HashMap<>();
        java.util.Set<String> keys = new java.util.HashSet<>();
        java.util.Set<Long> ids = new java.util.HashSet<>();
        List<Integer> alone = new java.util.ArrayList<>();
        List<Upsert> upserts = new java.util.ArrayList<>();
        List<Long> valid = new java.util.ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            JsonNode read = records.get(i);
            try {
                Optional<Upsert> upsert = "product".equals(resource)
                        ? prepareProduct(i, read, known, parents, source, results, valid)
                        : prepareCustomer(i, read, known, source, results, valid);
                if (upsert.isEmpty()) {
                    continue;
                }
                Upsert u = upsert.get();
                boolean renamed = "product".equals(resource) && u.pair().isPresent() && u.pair().get().nxtId() != null
                        && !u.matchKey().equals(u.pair().get().matchKey());
                if (renamed || !keys.add(u.matchKey()) || !ids.add(u.wooId())) {
                    alone.add(i);
                } else {
                    upserts.add(u);
                }
            } catch (RuntimeException e) {
                results[i] = Applied.failed(e);
            }
        }
        conflicts.supersedeRecordConflicts(resource, valid);
        if ("customer".equals(resource)) {
            withCustomerCodes(upserts);
        }
        upsertInBatches(resource, upserts, results);
        for (int i : alone) {
            try {
                results[i] = Applied.of(apply(resource, records.get(i), source));
            } catch (RuntimeException e) {
                results[i] = Applied.failed(e);
            }
        }
        return List.of(results);
    }

    private Optional<Upsert> prepareProduct(int index, JsonNode read, Map<Long, EntityMapping> known,
                                            Map<Long, Optional<JsonNode>> parents, String source, Applied[] results,
                                            List<Long> valid) {
        Long parentId = read.path("parent_id").asLong(0) > 0 ? read.path("parent_id").asLong() : null;
        // a variation is named after its parent, as in apply; variations of one parent read it once
        JsonNode parent = parentId != null && "variation".equals(read.path("type").asText("variation"))
                ? parents.computeIfAbsent(parentId, id -> wooClient.find("products", id)).orElse(null) : null;
        Map<String, Object> bindings = parent == null ? Map.of() : Map.of("parent", parent);
        Optional<JsonNode> keyed = skuLess.prepare(read, parent, false, source);
        if (keyed.isEmpty()) {
            results[index] = Applied.of(new ApplyOutcome("skipped", null,
                    "no SKU: left out of NXT-ND (hub.products.missing-sku=skip)"));
            return Optional.empty();
        }
        JsonNode woo = keyed.get();
        long wooId = woo.path("id").asLong();
        Optional<JsonNode> mapped = mapValid("product", woo, wooId, bindings, source, valid::add);
        if (mapped.isEmpty()) {
            results[index] = Applied.of(new ApplyOutcome("conflict", null, "invalid record kept as a conflict"));
            return Optional.empty();
        }
        return settledAlone("product", index, woo, wooId, parentId, mapped.get(), mapped.get().path("sku").asText(),
                known, source, results);
    }

    private Optional<Upsert> prepareCustomer(int index, JsonNode woo, Map<Long, EntityMapping> known, String source,
                                             Applied[] results, List<Long> valid) {
        long wooId = woo.path("id").asLong();
        Optional<JsonNode> mapped = mapValid("customer", woo, wooId, Map.of("customerCode", "WC" + wooId), source,
                valid::add);
        if (mapped.isEmpty()) {
            results[index] = Applied.of(new ApplyOutcome("conflict", null, "invalid record kept as a conflict"));
            return Optional.empty();
        }
        return settledAlone("customer", index, woo, wooId, null, mapped.get(),
                mapped.get().path("email").asText().toLowerCase(), known, source, results);
    }

    /**
     * The checks {@link #upsert} makes before writing, for one record of a batch: an echo or an unchanged record, and
     * a pair both sides changed (checked against NXT-ND only where a base exists) are settled here; empty then.
     */
    private Optional<Upsert> settledAlone(String type, int index, JsonNode woo, long wooId, Long parentId,
                                          JsonNode mapped, String matchKey, Map<Long, EntityMapping> known,
                                          String source, Applied[] results) {
        String hash = canonical.hash(mapped);
        Optional<EntityMapping> pair = Optional.ofNullable(known.get(wooId));
        if (pair.isPresent() && hash.equals(pair.get().contentHash())) {
            pairs.rememberSeen(pair.get().id(), "woo", woo);
            results[index] = Applied.of(ApplyOutcome.of("woo".equals(pair.get().lastWrittenTo()) ? "echo" : "unchanged",
                    pair.get().nxtId()));
            return Optional.empty();
        }
        JsonNode existing = pair.map(EntityMapping::nxtSnapshot).orElse(null);
        if (pair.isPresent() && pair.get().baseSnapshot() != null && pair.get().nxtId() != null) {
            Optional<JsonNode> current = nxt.get(type + "s", pair.get().nxtId());
            if (current.isPresent() && !canonical.nxtHash(type, current.get()).equals(pair.get().nxtHash())) {
                results[index] = Applied.of(settleBothChanged(type, pair.get(), woo, mapped, current.get(), source));
                return Optional.empty();
            }
            existing = current.orElse(existing);
        }
        return Optional.of(new Upsert(index, woo, wooId, parentId, mapped, hash, matchKey, pair, existing));
    }

    /**
     * NXT-ND batches match customers by customerCode: a customer keeps the code its NXT-ND record has (found by
     * e-mail when it has no pair yet, one lookup each as {@link #apply} makes it: new customers are few, and reading
     * NXT-ND's whole customer list per batch, as a pull may, would cost more), a new one gets WC + its WooCommerce id.
     */
    private void withCustomerCodes(List<Upsert> upserts) {
        for (int i = 0; i < upserts.size(); i++) {
            Upsert u = upserts.get(i);
            JsonNode existing = u.existing() != null ? u.existing() : nxt.findCustomerByEmail(u.matchKey()).orElse(null);
            String code = existing == null ? "WC" + u.wooId() : existing.path("customerCode").asText("WC" + u.wooId());
            ObjectNode withCode = ((ObjectNode) u.mapped()).deepCopy().put("customerCode", code);
            upserts.set(i, new Upsert(u.index(), u.woo(), u.wooId(), u.parentId(), withCode, u.hash(), u.matchKey(),
                    u.pair(), existing));
        }
    }

    private void upsertInBatches(String type, List<Upsert> upserts, Applied[] results) {
        for (int from = 0; from < upserts.size(); from += NxtClient.MAX_BATCH_ITEMS) {
            List<Upsert> chunk = upserts.subList(from, Math.min(upserts.size(), from + NxtClient.MAX_BATCH_ITEMS));
            // the same records in the same state make the same key: a batch repeated after a lost answer is applied once
            String key = "woo-" + type + "-batch-" + canonical.hash(com.fasterxml.jackson.databind.node.JsonNodeFactory
                    .instance.arrayNode().addAll(chunk.stream().map(u -> (JsonNode) com.fasterxml.jackson.databind.node
                            .TextNode.valueOf(u.wooId() + ":" + u.hash())).toList())).substring(0, 32);
            List<NxtBatchResult.Item> items = nxt.batchUpsert(type + "s", chunk.stream().map(Upsert::mapped).toList(),
                    List.of(), key).items();
            List<SyncedPair> synced = new java.util.ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                Upsert u = chunk.get(i);
                NxtBatchResult.Item item = items.get(i);
                if (item.failed()) {
                    results[u.index()] = Applied.failed(item.error());
                    continue;
                }
                // NXT-ND merges an upsert into what it had: the record now holds its old fields plus these
                ObjectNode nxtRecord = u.existing() instanceof ObjectNode known ? known.deepCopy()
                        : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
                nxtRecord.setAll((ObjectNode) u.mapped());
                nxtRecord.put("id", item.id());
                synced.add(new SyncedPair(type, u.wooId(), u.parentId(), item.id(), u.matchKey(), u.hash(), u.hash(),
                        canonical.nxtHash(type, nxtRecord), u.mapped(), u.woo(), nxtRecord, wooModified(u.woo()),
                        null, null, "pull", "nxt"));
                results[u.index()] = Applied.of(ApplyOutcome.of(item.status() == null ? "updated" : item.status(),
                        item.id()));
            }
            pairs.saveAll(synced);
        }
    }

    private ApplyOutcome applyProduct(JsonNode read, String source) {
        Long parentId = read.path("parent_id").asLong(0) > 0 ? read.path("parent_id").asLong() : null;
        // a variation is named after its parent, as the batch pull maps it; otherwise the two would undo each other
        Map<String, Object> bindings = parentId != null && "variation".equals(read.path("type").asText("variation"))
                ? wooClient.find("products", parentId).<Map<String, Object>>map(parent -> Map.of("parent", parent))
                        .orElse(Map.of())
                : Map.of();
        Optional<JsonNode> keyed = skuLess.prepare(read, (JsonNode) bindings.get("parent"), false, source);
        if (keyed.isEmpty()) {
            return new ApplyOutcome("skipped", null, "no SKU: left out of NXT-ND (hub.products.missing-sku=skip)");
        }
        JsonNode woo = keyed.get();
        long wooId = woo.path("id").asLong();
        Optional<JsonNode> mapped = mapValid("product", woo, wooId, bindings, source);
        if (mapped.isEmpty()) {
            return new ApplyOutcome("conflict", null, "invalid record kept as a conflict");
        }
        String sku = mapped.get().path("sku").asText();
        return upsert("product", "products", woo, wooId, parentId, mapped.get(), sku, () -> nxt.findProductBySku(sku),
                source);
    }

    private ApplyOutcome applyCustomer(JsonNode woo, String source) {
        long wooId = woo.path("id").asLong();
        Optional<JsonNode> mapped = mapValid("customer", woo, wooId, Map.of("customerCode", "WC" + wooId), source);
        if (mapped.isEmpty()) {
            return new ApplyOutcome("conflict", null, "invalid record kept as a conflict");
        }
        String email = mapped.get().path("email").asText().toLowerCase();
        return upsert("customer", "customers", woo, wooId, null, mapped.get(), email,
                () -> nxt.findCustomerByEmail(email), source);
    }

    /**
     * The record mapped to the canonical form, or empty when it cannot be written as it is (no SKU, a bad e-mail, a
     * negative price...): then it is kept as a data_validation or type_mismatch conflict, not retried.
     */
    Optional<JsonNode> mapValid(String type, JsonNode woo, long wooId, Map<String, Object> bindings, String source) {
        return mapValid(type, woo, wooId, bindings, source, id -> conflicts.supersedeRecordConflicts(type, id));
    }

    /**
     * As {@link #mapValid(String, JsonNode, long, Map, String)}, a valid record's id handed to {@code valid}, which
     * supersedes its record-level conflicts: later and for many records in one statement (the inbox's batches), or
     * only where the run knows of one (a pull).
     */
    Optional<JsonNode> mapValid(String type, JsonNode woo, long wooId, Map<String, Object> bindings, String source,
                                java.util.function.LongConsumer valid) {
        JsonNode mapped;
        try {
            mapped = mappings.map(type + ".woo-to-nxt", woo, bindings);
        } catch (MappingException e) {
            if (e.field() != null) {
                conflicts.recordValidation(type, wooId, null, List.of(e.field()),
                        "WooCommerce " + type + " " + wooId + ": " + e.field() + " is missing", source);
            }
            // also kept in the error store, naming the mapping file and field, to be replayed once fixed
            throw e;
        }
        Optional<RecordValidator.Violation> violation = validator.check(type, mapped);
        if (violation.isPresent()) {
            RecordValidator.Violation v = violation.get();
            String detail = "WooCommerce " + type + " " + wooId + ": " + v.message();
            if ("type_mismatch".equals(v.type())) {
                conflicts.recordTypeMismatch(type, wooId, null, v.fields(), detail, source);
            } else {
                conflicts.recordValidation(type, wooId, null, v.fields(), detail, source);
            }
            return Optional.empty();
        }
        valid.accept(wooId);
        return Optional.of(mapped);
    }

    private ApplyOutcome upsert(String type, String entity, JsonNode woo, long wooId, Long parentId, JsonNode mapped,
                                String matchKey, java.util.function.Supplier<Optional<JsonNode>> findByKey,
                                String source) {
        String hash = canonical.hash(mapped);
        Optional<EntityMapping> pair = pairs.byWooId(type, wooId);
        if (pair.isPresent() && hash.equals(pair.get().contentHash())) {
            pairs.rememberSeen(pair.get().id(), "woo", woo);
            return ApplyOutcome.of("woo".equals(pair.get().lastWrittenTo()) ? "echo" : "unchanged", pair.get().nxtId());
        }
        Optional<JsonNode> current = pair.isPresent() && pair.get().nxtId() != null
                ? nxt.get(entity, pair.get().nxtId()) : findByKey.get();
        if (pair.isPresent() && pair.get().baseSnapshot() != null && current.isPresent()
                && !canonical.nxtHash(type, current.get()).equals(pair.get().nxtHash())) {
            return settleBothChanged(type, pair.get(), woo, mapped, current.get(), source);
        }
        String key = "woo-" + type + "-" + wooId + "-" + hash.substring(0, 16);
        JsonNode written;
        String result;
        if (current.isEmpty()) {
            written = nxt.create(entity, mapped, key);
            result = "created";
        } else {
            ObjectNode update = ((ObjectNode) mapped).deepCopy();
            update.remove("customerCode"); // NXT-ND's own key, never renamed from WooCommerce
            written = nxt.update(entity, current.get().path("id").asText(), update,
                    current.get().path("version").isInt() ? current.get().path("version").asInt() : null, key);
            result = "updated";
        }
        pairs.save(new SyncedPair(type, wooId, parentId, written.path("id").asText(), matchKey, hash, hash,
                canonical.nxtHash(type, written), mapped, woo, written, wooModified(woo), instant(written.path("updatedAt").asText(null)),
                written.path("version").isInt() ? written.path("version").asInt() : null, "pull", "nxt"));
        return ApplyOutcome.of(result, written.path("id").asText());
    }

    /**
     * WooCommerce and NXT-ND both changed the pair since its last sync: three-way merge. Held for a person: nothing
     * is written. Otherwise the settled record goes to NXT-ND and, where NXT-ND's side won a field, back to
     * WooCommerce, and becomes the new base.
     */
    private ApplyOutcome settleBothChanged(String type, EntityMapping pair, JsonNode woo, JsonNode mapped,
                                           JsonNode current, String source) {
        Detection detection = detector.detect(type, pair, mapped, wooModified(woo), current,
                instant(current.path("updatedAt").asText(null)), source);
        if (detection.held()) {
            pairs.rememberSeen(pair.id(), "woo", woo);
            return new ApplyOutcome("conflict", pair.nxtId(), "held for a person as conflict " + detection.conflictId());
        }
        ObjectNode settled = ((ObjectNode) mapped).deepCopy();
        settled.setAll(detection.merged());
        String key = "woo-" + type + "-" + pair.wooId() + "-" + canonical.hash(settled).substring(0, 16);
        JsonNode nxtNow = detector.synced(type, current).equals(detector.synced(type, settled)) ? current
                : pairWriter.writeNxt(type, pair.nxtId(), settled, key);
        JsonNode wooNow = detector.synced(type, mapped).equals(detector.synced(type, settled)) ? woo
                : pairWriter.writeWoo(type, pair.wooId(), pair.wooParentId(), settled);
        pairWriter.saveSynced(type, pair, settled, wooNow, nxtNow, "pull", wooNow == woo ? "nxt" : "woo");
        return new ApplyOutcome(detection.conflicted() ? "merged" : "updated", pair.nxtId(),
                detection.conflicted() ? "conflict " + detection.conflictId() + " settled" : "merged with NXT-ND's edits");
    }

    private static String entity(String resource) {
        return resource + "s";
    }

    static Instant wooModified(JsonNode woo) {
        String gmt = woo.path("date_modified_gmt").asText(null);
        if (gmt == null || gmt.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(gmt).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static Instant instant(String iso) {
        try {
            return iso == null || iso.isBlank() ? null : Instant.parse(iso);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
