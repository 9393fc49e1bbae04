package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nxtnd.hub.mapping.CanonicalRecords;
import com.nxtnd.hub.mapping.MappingException;
import com.nxtnd.hub.store.ConflictRepository;
import com.nxtnd.hub.store.EntityMapping;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Per-record step of routes/pull.camel.yaml (bean {@code pullPlanner}): maps a WooCommerce record, compares it with
 * its pair and answers what goes to NXT-ND ({@link PullCandidate}), or null when nothing does: unchanged, skipped,
 * a conflict (recorded) or an error (recorded under the route, the run goes on). Only the records whose canonical
 * hash changed are written; a SKU held by two WooCommerce records is a conflict, never a silent merge.
 */
@Component("pullPlanner")
public class PullPlanner {

    private final WooToNxtWriter writer;
    private final CanonicalRecords canonical;
    private final SkuLessProducts skuLess;
    private final ConflictRepository conflicts;
    private final PullErrors errors;
    private final PullSettle settle;

    public PullPlanner(WooToNxtWriter writer, CanonicalRecords canonical, SkuLessProducts skuLess,
                       ConflictRepository conflicts, PullErrors errors, PullSettle settle) {
        this.writer = writer;
        this.canonical = canonical;
        this.skuLess = skuLess;
        this.conflicts = conflicts;
        this.errors = errors;
        this.settle = settle;
    }

    public PullCandidate product(PullRun run, PullItem item) {
        Optional<JsonNode> keyed = skuLess.prepare(item.woo(), item.parent(), run.dryRun(), "batch");
        if (keyed.isEmpty()) { // no SKU and hub.products.missing-sku=skip: reported once, then only counted
            run.count("skipped");
            return null;
        }
        JsonNode wooRecord = keyed.get();
        long wooId = wooRecord.path("id").asLong();
        Optional<JsonNode> valid = mapValid(run, wooRecord, item);
        if (valid.isEmpty()) {
            return null;
        }
        JsonNode mapped = valid.get();
        String sku = mapped.path("sku").asText();
        long holder = run.seenKeys().holder(sku, wooId);
        if (holder != wooId) {
            run.count("conflicts");
            conflicts.recordBusinessRule("product", wooId, null, List.of("sku"),
                    "SKU " + sku + " is used by WooCommerce products " + holder + " and " + wooId, "batch");
            return null;
        }
        String hash = canonical.hash(mapped);
        if (unchanged(run, item.pair(), hash)) {
            return null;
        }
        return settle.settle("product", new PullCandidate(wooRecord, mapped, hash, sku, item.pair()), run)
                .orElse(null);
    }

    public PullCandidate customer(PullRun run, PullItem item) {
        Optional<JsonNode> valid = mapValid(run, item.woo(), item);
        if (valid.isEmpty()) {
            return null;
        }
        JsonNode mapped = valid.get();
        String hash = canonical.hash(mapped);
        if (unchanged(run, item.pair(), hash)) {
            return null;
        }
        String email = mapped.path("email").asText();
        // NXT-ND batches match customers by customerCode: keep the one a matched customer already has
        Optional<JsonNode> existing = item.pair().flatMap(p -> Optional.ofNullable(p.nxtSnapshot()))
                .or(() -> run.matcher().find(email));
        String code = existing.map(e -> e.path("customerCode").asText(null)).orElse("WC" + item.wooId());
        ObjectNode withCode = ((ObjectNode) mapped).deepCopy().put("customerCode", code);
        return settle.settle("customer", new PullCandidate(item.woo(), withCode, hash, email, item.pair(),
                existing.orElse(null), false), run).orElse(null);
    }

    private boolean unchanged(PullRun run, Optional<EntityMapping> pair, String hash) {
        if (!run.request().force() && pair.isPresent() && hash.equals(pair.get().wooHash())) {
            run.count("unchanged");
            return true;
        }
        return false;
    }

    /** Maps and validates; an invalid record is a conflict (counted), a broken mapping an error (counted, stored). */
    private Optional<JsonNode> mapValid(PullRun run, JsonNode wooRecord, PullItem item) {
        try {
            // a pull maps every record of the catalogue: one UPDATE each to supersede conflicts that almost no record
            // has was a statement per record; the run reads which records have one, once
            Optional<JsonNode> mapped = writer.mapValid(run.entity(), wooRecord, wooRecord.path("id").asLong(),
                    item.bindings(), "batch", id -> {
                        if (run.hadRecordConflict(id, () -> conflicts.wooIdsWithPendingRecordConflicts(run.entity()))) {
                            conflicts.supersedeRecordConflicts(run.entity(), id);
                        }
                    });
            if (mapped.isEmpty()) {
                run.count("conflicts");
            }
            return mapped;
        } catch (MappingException e) {
            run.count("errors");
            errors.record("hub", "MappingException", run.entity(), e.file(), PullRun.ref(wooRecord), e.getMessage(),
                    wooRecord);
            return Optional.empty();
        }
    }
}
