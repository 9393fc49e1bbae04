package com.nxtnd.hub.conflict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nxtnd.hub.store.Conflict;
import com.nxtnd.hub.store.ConflictRepository;
import com.nxtnd.hub.store.EntityMapping;
import com.nxtnd.hub.store.EntityMappingRepository;
import com.nxtnd.hub.sync.PairWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * A person settles a conflict: {@code wc} (WooCommerce's values), {@code nxt} (NXT-ND's) or {@code merged} (values
 * given in {@code data}) for the conflicting fields; what either side changed elsewhere is kept. The settled record
 * is written to both sides and becomes the pair's new base. A conflict resolved already, or whose record changed
 * again since it was raised, is refused (the newer edit is compared anew by the next sync).
 */
@Component
public class ManualResolution {

    public static final Set<String> RESOLUTIONS = Set.of("wc", "nxt", "merged");

    /** What was resolved and what each side holds now. */
    public record Outcome(Conflict conflict, JsonNode settled, boolean wroteWoo, boolean wroteNxt) {
    }

    private final ConflictRepository conflicts;
    private final EntityMappingRepository pairs;
    private final ConflictDetector detector;
    private final ThreeWayMerge merge;
    private final PairWriter writer;
    private final Set<Long> inProgress = ConcurrentHashMap.newKeySet();

    public ManualResolution(ConflictRepository conflicts, EntityMappingRepository pairs, ConflictDetector detector,
                            ThreeWayMerge merge, PairWriter writer) {
        this.conflicts = conflicts;
        this.pairs = pairs;
        this.detector = detector;
        this.merge = merge;
        this.writer = writer;
    }

    /** @return empty when there is no conflict {@code id} */
    public Optional<Outcome> resolve(long id, String resolution, JsonNode data, String by) {
        Optional<Conflict> found = conflicts.find(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Conflict conflict = found.get();
        if (resolution == null || !RESOLUTIONS.contains(resolution)) {
            throw new IllegalArgumentException("resolution: must be one of wc, nxt, merged");
        }
        requirePending(conflict);
        if (!inProgress.add(id)) {
            throw new ConflictStateException("resolution_in_progress", "Conflict " + id + " is being resolved right now",
                    Map.of("id", id));
        }
        try {
            return Optional.of(settle(conflict, resolution, data, by));
        } finally {
            inProgress.remove(id);
        }
    }

    private Outcome settle(Conflict conflict, String resolution, JsonNode data, String by) {
        if (!"field_conflict".equals(conflict.type())) {
            // a record-level problem (no SKU, bad e-mail...) is fixed at its source; resolving acknowledges it
            ObjectNode note = JsonNodeFactory.instance.objectNode().put("acknowledged", true);
            if (!conflicts.resolve(conflict.id(), resolution, note, by)) {
                requirePending(conflicts.find(conflict.id()).orElseThrow());
            }
            return new Outcome(conflicts.find(conflict.id()).orElseThrow(), null, false, false);
        }
        ObjectNode chosen = chosenValues(conflict, resolution, data);
        EntityMapping pair = Optional.ofNullable(conflict.mappingId()).flatMap(pairs::byId)
                .orElseThrow(() -> new ConflictStateException("pair_missing", "The records of conflict "
                        + conflict.id() + " are no longer paired", Map.of("id", conflict.id())));
        String entity = conflict.entityType();
        JsonNode wooRecord = writer.readWoo(entity, pair).orElseThrow(() -> gone(conflict, "WooCommerce"));
        JsonNode nxtRecord = writer.readNxt(entity, pair).orElseThrow(() -> gone(conflict, "NXT-ND"));
        ObjectNode woo = detector.synced(entity, writer.wooCanonical(entity, wooRecord, pair.wooParentId()));
        ObjectNode nxt = detector.synced(entity, nxtRecord);
        List<String> changed = new ArrayList<>();
        if (!sameValues(woo, conflict.wooValues())) {
            changed.add("WooCommerce");
        }
        if (!sameValues(nxt, conflict.nxtValues())) {
            changed.add("NXT-ND");
        }
        if (!changed.isEmpty()) {
            conflicts.supersede(conflict.id());
            throw new ConflictStateException("superseded", "Conflict " + conflict.id() + " is superseded: "
                    + String.join(" and ", changed) + " changed the record after the conflict was raised; the next "
                    + "sync compares the newer version", Map.of("id", conflict.id(), "changedSince", changed));
        }
        // fields only one side changed keep that side's edit; the conflicting ones take the chosen values
        MergeResult merged = merge.merge(entity, "wc".equals(resolution) ? Strategy.WC_WINS : Strategy.NXT_WINS,
                detector.synced(entity, pair.baseSnapshot()), woo, nxt, null, null);
        ObjectNode settled = merged.merged();
        settled.setAll(chosen);
        boolean writeNxt = !settled.equals(nxt);
        boolean writeWoo = !settled.equals(woo);
        JsonNode nxtNow = writeNxt ? writer.writeNxt(entity, pair.nxtId(), settled, "conflict-" + conflict.id()) : nxtRecord;
        JsonNode wooNow = writeWoo ? writer.writeWoo(entity, pair.wooId(), pair.wooParentId(), settled) : wooRecord;
        ObjectNode base = pair.baseSnapshot() instanceof ObjectNode b ? b.deepCopy() : JsonNodeFactory.instance.objectNode();
        base.setAll(settled);
        writer.saveSynced(entity, pair, base, wooNow, nxtNow, "resolve", writeWoo ? "woo" : "nxt");
        if (!conflicts.resolve(conflict.id(), resolution, chosen, by)) {
            requirePending(conflicts.find(conflict.id()).orElseThrow());
        }
        return new Outcome(conflicts.find(conflict.id()).orElseThrow(), settled, writeWoo, writeNxt);
    }

    /** The values the conflicting fields take: one side's, or those given (every conflicting field, no other). */
    private static ObjectNode chosenValues(Conflict conflict, String resolution, JsonNode data) {
        ObjectNode chosen = JsonNodeFactory.instance.objectNode();
        if ("merged".equals(resolution)) {
            if (data == null || !data.isObject()) {
                throw new IllegalArgumentException("data: an object with a value for each conflicting field "
                        + conflict.fields() + " is required when resolution is merged");
            }
            List<String> missing = conflict.fields().stream().filter(f -> !data.has(f)).toList();
            List<String> unknown = new ArrayList<>();
            for (Iterator<String> it = data.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!conflict.fields().contains(f)) {
                    unknown.add(f);
                }
            }
            if (!missing.isEmpty() || !unknown.isEmpty()) {
                throw new IllegalArgumentException("data: " + (missing.isEmpty() ? "" : "missing " + missing + " ")
                        + (unknown.isEmpty() ? "" : "not in conflict " + unknown + " ")
                        + "(the conflicting fields are " + conflict.fields() + ")");
            }
            conflict.fields().forEach(f -> chosen.set(f, data.get(f)));
            return chosen;
        }
        JsonNode side = "wc".equals(resolution) ? conflict.wooValues() : conflict.nxtValues();
        conflict.fields().forEach(f -> chosen.set(f, side == null ? null : side.get(f)));
        return chosen;
    }

    private static void requirePending(Conflict conflict) {
        if (conflict.pending()) {
            return;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("id", conflict.id());
        details.put("status", conflict.status());
        if (conflict.resolution() != null) {
            details.put("resolution", conflict.resolution());
        }
        if (conflict.resolvedAt() != null) {
            details.put("resolvedAt", conflict.resolvedAt().toString());
        }
        if (conflict.resolvedBy() != null) {
            details.put("resolvedBy", conflict.resolvedBy());
        }
        if ("superseded".equals(conflict.status())) {
            throw new ConflictStateException("superseded", "Conflict " + conflict.id()
                    + " is superseded by a newer edit of the record; see the newer conflict or the record itself",
                    details);
        }
        throw new ConflictStateException("already_resolved", "Conflict " + conflict.id() + " was already resolved ("
                + conflict.resolution() + " by " + conflict.resolvedBy() + ")", details);
    }

    /** The stored values as they would compare field by field (numbers by value). */
    private static boolean sameValues(ObjectNode now, JsonNode stored) {
        if (stored == null) {
            return true;
        }
        Set<String> names = new java.util.LinkedHashSet<>();
        now.fieldNames().forEachRemaining(names::add);
        stored.fieldNames().forEachRemaining(names::add);
        for (String n : names) {
            JsonNode a = now.path(n);
            JsonNode b = stored.path(n);
            if (!ThreeWayMerge.same(a.isNull() ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : a,
                    b.isNull() ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : b)) {
                return false;
            }
        }
        return true;
    }

    private static ConflictStateException gone(Conflict conflict, String side) {
        return new ConflictStateException("record_missing", "The " + side + " record of conflict " + conflict.id()
                + " no longer exists", Map.of("id", conflict.id()));
    }
}
