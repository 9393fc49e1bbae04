package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nxtnd.hub.conflict.ConflictDetector;
import com.nxtnd.hub.conflict.Detection;
import com.nxtnd.hub.mapping.CanonicalRecords;
import com.nxtnd.hub.mapping.MappingException;
import com.nxtnd.hub.mapping.MappingService;
import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.store.EntityMapping;
import com.nxtnd.hub.store.EntityMappingRepository;
import com.nxtnd.hub.store.EntityMappingRepository.SyncedPair;
import com.nxtnd.hub.store.ErrorLogRepository;
import com.nxtnd.hub.store.WatermarkRepository;
import com.nxtnd.hub.woo.WooCommerceClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * NXT-ND -> WooCommerce: products and customers (full: every NXT-ND record; incremental: what the changes feed
 * names since the stored cursor) and order statuses. Writes go through route
 * woo-batch-writer as /batch calls; only records whose NXT-ND content changed since the last sync are written.
 */
@Component
public class PushSync {

    private final NxtClient nxt;
    private final WooCommerceClient woo;
    private final MappingService mappings;
    private final CanonicalRecords canonical;
    private final EntityMappingRepository pairs;
    private final ErrorLogRepository errors;
    private final WatermarkRepository watermarks;
    private final ProducerTemplate producer;
    private final com.nxtnd.hub.store.ConflictRepository conflicts;
    private final ConflictDetector detector;
    private final PairWriter pairWriter;
    private final com.nxtnd.hub.store.WebhookEventRepository events;
    private final com.nxtnd.hub.conflict.RecordValidator validator;

    public PushSync(NxtClient nxt, WooCommerceClient woo, MappingService mappings, CanonicalRecords canonical,
                    EntityMappingRepository pairs, ErrorLogRepository errors, WatermarkRepository watermarks,
                    ProducerTemplate producer, com.nxtnd.hub.store.ConflictRepository conflicts,
                    ConflictDetector detector, PairWriter pairWriter, com.nxtnd.hub.store.WebhookEventRepository events,
                    com.nxtnd.hub.conflict.RecordValidator validator) {
        this.validator = validator;
        this.events = events;
        this.detector = detector;
        this.pairWriter = pairWriter;
        this.conflicts = conflicts;
        this.nxt = nxt;
        this.woo = woo;
        this.mappings = mappings;
        this.canonical = canonical;
        this.pairs = pairs;
        this.errors = errors;
        this.watermarks = watermarks;
        this.producer = producer;
    }

    /** Pushes products and customers; returns the SKUs whose stock the changes feed says moved (incremental). */
    public Set<String> push(List<String> entities, SyncRequest request, SyncCounts counts, List<Map<String, Object>> plan)
            throws InterruptedException {
        BatchTracker tracker = new BatchTracker(request.batchSize() == null ? 0 : request.batchSize());
        Set<String> stockMoved = new LinkedHashSet<>();
        if (request.incremental()) {
            String cursor = watermarks.get("push:changes").orElse(null);
            Map<String, Set<String>> ids = new HashMap<>();
            while (true) {
                NxtClient.Changes changes = nxt.changes(cursor, 500);
                for (JsonNode c : changes.changes()) {
                    if ("inventory".equals(c.path("entity").asText())) {
                        stockMoved.add(c.path("sku").asText());
                    } else {
                        ids.computeIfAbsent(c.path("entity").asText(), k -> new LinkedHashSet<>()).add(c.path("id").asText());
                    }
                }
                if (changes.changes().isEmpty() || changes.next().equals(cursor)) {
                    break;
                }
                cursor = changes.next();
            }
            if (entities.contains("order")) {
                for (String id : ids.getOrDefault("order", Set.of())) {
                    nxt.get("orders", id).ifPresent(order -> pushOrderStatus(order, request, counts, plan, tracker));
                }
            }
            for (String entity : List.of("product", "customer")) {
                if (entities.contains(entity)) {
                    List<JsonNode> records = new ArrayList<>();
                    for (String id : ids.getOrDefault(entity, Set.of())) {
                        nxt.get(entity + "s", id).ifPresent(records::add);
                        if (records.size() == 100) {
                            pushPage(entity, records, request, counts, plan, tracker);
                            records = new ArrayList<>();
                        }
                    }
                    pushPage(entity, records, request, counts, plan, tracker);
                }
            }
            awaitWrites(tracker);
            if (!request.dryRun() && cursor != null) {
                watermarks.set("push:changes", cursor);
            }
            return stockMoved;
        }
        // full: remember where the changes feed is now, so the next incremental run starts from here
        String head = nxt.changes(watermarks.get("push:changes").orElse(null), 1).next();
        for (String entity : List.of("product", "customer")) {
            if (!entities.contains(entity)) {
                continue;
            }
            for (int page = 1; ; page++) {
                NxtClient.Page p = nxt.list(entity + "s", page, 100, null);
                pushPage(entity, p.items(), request, counts, plan, tracker);
                if (page >= p.totalPages() || p.items().isEmpty()) {
                    break;
                }
            }
        }
        if (entities.contains("order")) {
            for (int page = 1; ; page++) {
                NxtClient.Page p = nxt.list("orders", page, 100, null);
                p.items().forEach(order -> pushOrderStatus(order, request, counts, plan, tracker));
                if (page >= p.totalPages() || p.items().isEmpty()) {
                    break;
                }
            }
        }
        awaitWrites(tracker);
        if (!request.dryRun()) {
            String latest = nxt.changes(head, 1_000_000).next();
            watermarks.set("push:changes", latest);
        }
        return stockMoved;
    }

    /** Pushes the given NXT-ND records now (a replay of failed writes); returns the counts. */
    public SyncCounts pushRecords(String entity, List<JsonNode> records) throws InterruptedException {
        SyncCounts counts = new SyncCounts();
        BatchTracker tracker = new BatchTracker(0);
        SyncRequest request = new SyncRequest("push", List.of(entity), false, true, false, null);
        pushPage(entity, records, request, counts, new ArrayList<>(), tracker);
        awaitWrites(tracker);
        return counts;
    }

    private void pushPage(String entity, List<JsonNode> records, SyncRequest request, SyncCounts counts,
                          List<Map<String, Object>> plan, BatchTracker tracker) {
        if (records.isEmpty()) {
            return;
        }
        List<String> fields = canonical.fields(entity);
        Map<String, JsonNode> unmatchedBySku = new LinkedHashMap<>();
        Map<String, EntityMapping> known = pairs.byNxtIds(entity, records.stream().map(r -> r.path("id").asText()).toList());
        Map<Long, JsonNode> wooNow = request.dryRun() ? Map.of() : currentWoo(entity, records, known);
        List<String> fit = new ArrayList<>(); // passed the bounds check: an earlier conflict of theirs is settled
        for (JsonNode nxtRecord : records) {
            JsonNode record = nxtRecord;
            String nxtId = record.path("id").asText();
            ObjectNode projection = canonical.project(record, fields);
            String hash = canonical.hash(projection);
            Optional<EntityMapping> pair = Optional.ofNullable(known.get(nxtId));
            if (pair.isPresent() && "deleted".equals(pair.get().syncStatus())) {
                // its WooCommerce record is gone (deleted there, found by a webhook or a reconcile): never pushed again
                counts.add(entity, "push", "skipped");
                continue;
            }
            if (!request.force() && pair.isPresent() && hash.equals(pair.get().nxtHash())) {
                counts.add(entity, "push", "unchanged");
                continue;
            }
            JsonNode wooCurrent = pair.map(EntityMapping::wooId).map(wooNow::get).orElse(null);
            if (wooCurrent != null && pair.get().baseSnapshot() != null) {
                String wooHash = canonical.hash(mappings.map(entity + ".woo-to-nxt", wooCurrent, Map.of()));
                if (!wooHash.equals(pair.get().wooHash())) {
                    // WooCommerce changed the pair too since the last sync: three-way merge before anything is written
                    Optional<JsonNode> settled = settle(entity, pair.get(), wooCurrent, record, counts);
                    if (settled.isEmpty()) {
                        continue;
                    }
                    record = settled.get();
                    projection = canonical.project(record, fields);
                    hash = canonical.hash(projection);
                }
            }
            Optional<com.nxtnd.hub.conflict.RecordValidator.Violation> bad = validator.outOfBounds(entity, record);
            if (bad.isPresent()) { // a price WooCommerce cannot hold: this record waits as a conflict, the page goes on
                counts.add(entity, "push", "conflicts");
                conflicts.recordTypeMismatch(entity, pair.map(EntityMapping::wooId).orElse(null), nxtId,
                        bad.get().fields(), "NXT-ND " + entity + " " + nxtId + ": " + bad.get().message(), "batch");
                continue;
            }
            fit.add(nxtId);
            JsonNode payload;
            try {
                payload = mappings.map(entity + ".nxt-to-woo", record, Map.of());
            } catch (MappingException e) {
                counts.add(entity, "push", "errors");
                recordError(entity, nxtId, "MappingException", e.getMessage(), record);
                continue;
            }
            if (pair.isPresent() && pair.get().wooId() != null) {
                write(entity, "update", ((ObjectNode) payload).put("id", pair.get().wooId()), record, projection, hash,
                        pair.get().wooParentId(), request, counts, plan, tracker);
            } else if ("product".equals(entity)) {
                unmatchedBySku.put(record.path("sku").asText(), record);
            } else {
                Optional<EntityMapping> holder = pairs.byMatchKey("customer", record.path("email").asText()).stream()
                        .filter(m -> m.nxtId() != null && !m.nxtId().equals(nxtId)).findFirst();
                if (holder.isPresent()) {
                    // two NXT-ND customers with one e-mail: never merged silently into one WooCommerce customer
                    counts.add(entity, "push", "conflicts");
                    conflicts.recordBusinessRule("customer", holder.get().wooId(), nxtId, List.of("email"),
                            "e-mail " + record.path("email").asText() + " belongs to NXT-ND customers "
                                    + holder.get().nxtId() + " and " + nxtId, "batch");
                    continue;
                }
                Optional<JsonNode> existing = woo.list("customers", Map.of("email", record.path("email").asText()), 1, 1)
                        .items().stream().findFirst();
                ObjectNode body = ((ObjectNode) payload).deepCopy();
                existing.ifPresent(c -> body.put("id", c.path("id").asLong()));
                write(entity, existing.isPresent() ? "update" : "create", body, record, projection, hash, null, request,
                        counts, plan, tracker);
            }
        }
        if (!request.dryRun()) {
            // fixed at the source: the type_mismatch it was held as is no longer pending (one update per page)
            conflicts.supersedeRecordConflictsOfNxt(entity, fit);
        }
        if (!unmatchedBySku.isEmpty()) {
            // one lookup for the page: an SKU search returns variations too
            Map<String, JsonNode> found = new HashMap<>();
            List<String> skus = new ArrayList<>(unmatchedBySku.keySet());
            for (int from = 0; from < skus.size(); from += 100) {
                woo.list("products", Map.of("sku", String.join(",", skus.subList(from, Math.min(skus.size(), from + 100)))),
                        1, 100).items().forEach(p -> found.put(p.path("sku").asText(), p));
            }
            unmatchedBySku.forEach((sku, record) -> {
                JsonNode payload = mappings.map("product.nxt-to-woo", record, Map.of());
                JsonNode existing = found.get(sku);
                ObjectNode body = ((ObjectNode) payload).deepCopy();
                Long parent = null;
                if (existing != null) {
                    body.put("id", existing.path("id").asLong());
                    parent = existing.path("parent_id").asLong(0) > 0 ? existing.path("parent_id").asLong() : null;
                }
                ObjectNode projection = canonical.project(record, canonical.fields("product"));
                write("product", existing != null ? "update" : "create", body, record, projection,
                        canonical.hash(projection), parent, request, counts, plan, tracker);
            });
        }
    }

    /**
     * The WooCommerce state of the pairs whose NXT-ND side changed, for the three-way check: the last record the hub
     * saw (webhooks keep it current), read afresh only for records with a WooCommerce webhook event still waiting in
     * the inbox, so that a push costs no extra call in the common case and never overwrites an edit not yet seen.
     */
    private Map<Long, JsonNode> currentWoo(String entity, List<JsonNode> records, Map<String, EntityMapping> known) {
        Map<Long, JsonNode> found = new HashMap<>();
        Map<Long, EntityMapping> toCheck = new HashMap<>();
        for (JsonNode record : records) {
            Optional.ofNullable(known.get(record.path("id").asText()))
                    .filter(p -> p.wooId() != null && p.wooParentId() == null && p.baseSnapshot() != null)
                    .filter(p -> !canonical.nxtHash(entity, record).equals(p.nxtHash()))
                    .ifPresent(p -> toCheck.put(p.wooId(), p));
        }
        if (toCheck.isEmpty()) {
            return found;
        }
        List<Long> unseen = events.waitingFor(entity, toCheck.keySet());
        toCheck.forEach((wooId, p) -> {
            if (!unseen.contains(wooId) && p.wooSnapshot() != null) {
                found.put(wooId, p.wooSnapshot());
            }
        });
        woo.listByIds(entity + "s", unseen).forEach(w -> found.put(w.path("id").asLong(), w));
        return found;
    }

    /**
     * Both sides changed: the settled NXT-ND record (NXT-ND updated first when WooCommerce's side won a field), or
     * empty when the pair is held for a person.
     */
    private Optional<JsonNode> settle(String entity, EntityMapping pair, JsonNode wooCurrent, JsonNode nxtRecord,
                                      SyncCounts counts) {
        JsonNode wooCanonical = mappings.map(entity + ".woo-to-nxt", wooCurrent, Map.of());
        Detection detection = detector.detect(entity, pair, wooCanonical, WooToNxtWriter.wooModified(wooCurrent),
                nxtRecord, WooToNxtWriter.instant(nxtRecord.path("updatedAt").asText(null)), "batch");
        if (detection.conflicted()) {
            counts.add(entity, "push", "conflicts");
        }
        if (detection.held()) {
            return Optional.empty();
        }
        if (detector.synced(entity, nxtRecord).equals(detection.merged())) {
            return Optional.of(nxtRecord);
        }
        return Optional.of(pairWriter.writeNxt(entity, pair.nxtId(), detection.merged(),
                "push-settle-" + pair.id() + "-" + canonical.hash(detection.merged()).substring(0, 16)));
    }

    private void write(String entity, String action, ObjectNode body, JsonNode nxtRecord, JsonNode projection,
                       String nxtHash, Long parentId, SyncRequest request, SyncCounts counts,
                       List<Map<String, Object>> plan, BatchTracker tracker) {
        if (request.dryRun()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("entity", entity);
            item.put("nxtId", nxtRecord.path("id").asText());
            item.put("action", action);
            item.put("fields", body.deepCopy());
            plan.add(item);
            counts.add(entity, "push", "planned");
            return;
        }
        String resource = parentId != null ? "products/" + parentId + "/variations" : entity + "s";
        if (parentId != null) {
            body.remove("status"); // variations have no publish status of their own here
        }
        tracker.sent();
        producer.sendBody(WooBatchWriterRoute.ENDPOINT, new WooWrite(resource, action, body, saved -> {
            // a variation as the variations endpoint answers it is named by its options alone: mapped with its parent,
            // as pull, webhooks and reconcile map it, or its pair would look changed in WooCommerce to all of them
            JsonNode wooCanonical = mappings.map(entity + ".woo-to-nxt", saved,
                    parentId == null ? Map.of() : parentBinding(parentId));
            String wooHash = canonical.hash(wooCanonical);
            return new SyncedPair(entity, saved.path("id").asLong(), parentId, nxtRecord.path("id").asText(),
                    "product".equals(entity) ? nxtRecord.path("sku").asText() : nxtRecord.path("email").asText(),
                    wooHash, wooHash, nxtHash, projection, saved, nxtRecord, WooToNxtWriter.wooModified(saved),
                    WooToNxtWriter.instant(nxtRecord.path("updatedAt").asText(null)),
                    nxtRecord.path("version").isInt() ? nxtRecord.path("version").asInt() : null, "push", "woo");
        }, saved -> counts.add(entity, "push", "create".equals(action) ? "created" : "updated"), (code, message) -> {
            counts.add(entity, "push", "errors");
            recordError(entity, nxtRecord.path("id").asText(), code, message, body);
        }, tracker));
    }

    /** The parent a variation is mapped with: as the hub last saw it, read from the store when it never did. */
    private Map<String, Object> parentBinding(long parentId) {
        Optional<JsonNode> parent = pairs.byWooId("product", parentId).map(EntityMapping::wooSnapshot)
                .filter(JsonNode::isObject);
        return parent.or(() -> woo.find("products", parentId))
                .<Map<String, Object>>map(p -> Map.of("parent", p)).orElse(Map.of());
    }

    /**
     * An order's status decided in NXT-ND (shipped, cancelled...) goes back to WooCommerce. Compared in NXT-ND terms,
     * so a WooCommerce status that maps to the same NXT-ND status (on-hold and pending) is left as it is.
     */
    private void pushOrderStatus(JsonNode order, SyncRequest request, SyncCounts counts, List<Map<String, Object>> plan,
                                 BatchTracker tracker) {
        Optional<EntityMapping> pair = pairs.byNxtId("order", order.path("id").asText());
        if (pair.isEmpty() || pair.get().wooId() == null) {
            return; // orders are born in WooCommerce; an unmapped NXT-ND order is not the shop's
        }
        String nxtStatus = order.path("status").asText();
        JsonNode wooOrder = pair.get().wooSnapshot();
        String wooAsNxt = wooOrder == null ? null
                : mappings.map("order.woo-to-nxt", wooOrder, Map.of("customerId", "")).path("status").asText(null);
        JsonNode toWoo = mappings.map("order-status.nxt-to-woo", order, Map.of());
        String wooStatus = toWoo.path("status").asText();
        String customerNote = toWoo.path("customerNote").asText(null);
        if (nxtStatus.equals(wooAsNxt) || (wooOrder != null && wooStatus.equals(wooOrder.path("status").asText()))) {
            counts.add("order", "push", "unchanged");
            return;
        }
        ObjectNode body = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                .put("id", pair.get().wooId()).put("status", wooStatus);
        if (request.dryRun()) {
            plan.add(Map.of("entity", "order", "wooId", pair.get().wooId(), "action", "update", "status", wooStatus));
            counts.add("order", "push", "planned");
            return;
        }
        tracker.sent();
        producer.sendBody(WooBatchWriterRoute.ENDPOINT, new WooWrite("orders", "update", body, saved -> {
            pairs.rememberSeen(pair.get().id(), "woo", saved);
            if (customerNote != null) {
                // the tracking number and carrier reach the customer as a note on the order
                woo.create("orders/" + pair.get().wooId() + "/notes", com.fasterxml.jackson.databind.node.JsonNodeFactory
                        .instance.objectNode().put("note", customerNote).put("customer_note", true));
            }
            counts.add("order", "push", "updated");
        }, (code, message) -> {
            counts.add("order", "push", "errors");
            recordError("order", order.path("id").asText(), code, message, body);
        }, tracker));
    }

    static void awaitWrites(BatchTracker tracker) throws InterruptedException {
        if (!tracker.awaitAll(Duration.ofMinutes(30))) {
            throw new IllegalStateException("WooCommerce batch writes did not finish within 30 minutes");
        }
        if (tracker.peerFailure() != null) {
            throw tracker.peerFailure(); // the phase is run again when the peer is back (its cursor was not moved)
        }
    }

    private void recordError(String entity, String ref, String code, String message, JsonNode original) {
        errors.record(new ErrorLogRepository.NewError("woo", code == null ? "BatchItemError" : code, "sync-push",
                "woo-batch-writer", entity, "nxt:" + ref, message, null,
                original.toString().getBytes(StandardCharsets.UTF_8), null, 1));
    }
}
