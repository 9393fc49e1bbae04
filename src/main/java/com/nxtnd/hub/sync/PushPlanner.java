package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nxtnd.hub.mapping.CanonicalRecords;
import com.nxtnd.hub.store.EntityMapping;
import com.nxtnd.hub.store.EntityMappingRepository;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Step "plan" of route sync-push: one page of NXT-ND records becomes the WooCommerce writes it needs. Only records
 * whose NXT-ND content changed since the last sync are written (or all, forced); a pair WooCommerce changed too is
 * settled by three-way merge first; a deleted pair is never pushed again. In a dry run the writes go to the plan.
 */
@Component("pushPlanner")
public class PushPlanner {

    private final CanonicalRecords canonical;
    private final EntityMappingRepository pairs;
    private final PushSettle settle;
    private final PushGuards guards;
    private final PushTargets targets;
    private final OrderStatusPush orders;

    public PushPlanner(CanonicalRecords canonical, EntityMappingRepository pairs, PushSettle settle, PushGuards guards,
                       PushTargets targets, OrderStatusPush orders) {
        this.canonical = canonical;
        this.pairs = pairs;
        this.settle = settle;
        this.guards = guards;
        this.targets = targets;
        this.orders = orders;
    }

    public List<WooWrite> plan(PushPage page) {
        PushRun run = page.run();
        run.throwIfStopped(); // WooCommerce stopped the run: the pages left wait for the next one
        if (page.records().isEmpty()) {
            return List.of();
        }
        if ("order".equals(page.entity())) {
            return orders.plan(page);
        }
        String entity = page.entity();
        List<JsonNode> records = page.records();
        SyncCounts counts = run.counts();
        List<String> fields = canonical.fields(entity);
        Map<String, EntityMapping> known = pairs.byNxtIds(entity, records.stream().map(r -> r.path("id").asText()).toList());
        Map<Long, JsonNode> wooNow = run.dryRun() ? Map.of() : settle.currentWoo(entity, records, known);
        List<WooWrite> out = new ArrayList<>();
        List<String> fit = new ArrayList<>(); // passed the bounds check: an earlier conflict of theirs is settled
        Map<String, PushWrites.Planned> unmatchedBySku = new LinkedHashMap<>();
        Map<String, ObjectNode> unmatchedBodies = new LinkedHashMap<>();
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
            if (!run.request().force() && pair.isPresent() && hash.equals(pair.get().nxtHash())) {
                counts.add(entity, "push", "unchanged");
                continue;
            }
            JsonNode wooCurrent = pair.map(EntityMapping::wooId).map(wooNow::get).orElse(null);
            if (wooCurrent != null && pair.get().baseSnapshot() != null && settle.wooMoved(entity, pair.get(), wooCurrent)) {
                // WooCommerce changed the pair too since the last sync: three-way merge before anything is written
                Optional<JsonNode> settled = settle.settle(entity, pair.get(), wooCurrent, record, counts);
                if (settled.isEmpty()) {
                    continue;
                }
                record = settled.get();
                projection = canonical.project(record, fields);
                hash = canonical.hash(projection);
            }
            if (!guards.fits(entity, record, pair.map(EntityMapping::wooId).orElse(null), counts)) {
                continue;
            }
            fit.add(nxtId);
            Optional<ObjectNode> body = targets.payload(run, entity, record);
            if (body.isEmpty()) {
                continue;
            }
            PushWrites.Planned planned = new PushWrites.Planned(entity, record, projection, hash);
            if (pair.isPresent() && pair.get().wooId() != null) {
                targets.paired(run, planned, body.get(), pair.get().wooId(), pair.get().wooParentId(), out);
            } else if ("product".equals(entity)) {
                unmatchedBySku.put(record.path("sku").asText(), planned);
                unmatchedBodies.put(record.path("sku").asText(), body.get());
            } else if (guards.emailFree(record, counts)) {
                targets.customer(run, planned, body.get(), out);
            }
        }
        if (!run.dryRun()) {
            guards.settled(entity, fit);
        }
        targets.products(run, unmatchedBySku, unmatchedBodies, out);
        return out;
    }
}
