package com.nxtnd.hub.conflict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nxtnd.hub.mapping.CanonicalRecords;
import com.nxtnd.hub.store.Conflict;
import com.nxtnd.hub.store.ConflictRepository;
import com.nxtnd.hub.store.ConflictRepository.NewFieldConflict;
import com.nxtnd.hub.store.EntityMapping;
import com.nxtnd.hub.store.EntityMappingRepository;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Three-way detection for a pair both sides changed since it was last synced: base (the pair's snapshot),
 * WooCommerce and NXT-ND, compared field by field on the synced fields. Edits of different fields merge; the same
 * field edited to different values is a conflict, settled by the configured strategy or held for a person. Every
 * conflict becomes a wc_sync_conflicts row; a held one is recorded once while its values stay the same.
 */
@Component
public class ConflictDetector {

    private static final Logger log = LoggerFactory.getLogger(ConflictDetector.class);

    private final ThreeWayMerge merge;
    private final ConflictProperties properties;
    private final ConflictRepository conflicts;
    private final EntityMappingRepository pairs;
    private final CanonicalRecords canonical;

    public ConflictDetector(ThreeWayMerge merge, ConflictProperties properties, ConflictRepository conflicts,
                            EntityMappingRepository pairs, CanonicalRecords canonical) {
        this.merge = merge;
        this.properties = properties;
        this.conflicts = conflicts;
        this.pairs = pairs;
        this.canonical = canonical;
    }

    /** The synced fields of {@code entity} in {@code record} (a canonical or an NXT-ND record). */
    public ObjectNode synced(String entity, JsonNode record) {
        if (record == null) {
            return JsonNodeFactory.instance.objectNode();
        }
        return canonical.project(record, canonical.fields(entity));
    }

    /**
     * Compares the pair's base with both current sides. {@code nxtRecord} is the NXT-ND record as read now,
     * {@code wooCanonical} the WooCommerce record mapped to the canonical form.
     */
    public Detection detect(String entity, EntityMapping pair, JsonNode wooCanonical, Instant wooModified,
                            JsonNode nxtRecord, Instant nxtModified, String source) {
        ObjectNode base = synced(entity, pair.baseSnapshot());
        ObjectNode woo = synced(entity, wooCanonical);
        ObjectNode nxt = synced(entity, nxtRecord);
        MergeResult result = merge.merge(entity, base, woo, nxt, wooModified, nxtModified);
        if (!result.hasConflicts()) {
            conflicts.supersedePending(pair.id(), null);
            return new Detection(result.merged(), false, null, List.of());
        }
        boolean held = result.held() || !properties.autoResolve();
        List<String> fields = result.conflicts().stream().map(FieldConflict::field).toList();
        String strategy = held && !result.held() ? Strategy.MANUAL.id() : result.strategy().id();
        if (held) {
            Optional<Conflict> same = conflicts.pendingFor(pair.id()).stream()
                    .filter(c -> new HashSet<>(c.fields()).equals(new HashSet<>(fields))
                            && woo.equals(c.wooValues()) && nxt.equals(c.nxtValues()))
                    .findFirst();
            if (same.isPresent()) {
                return new Detection(result.merged(), true, same.get().id(), result.conflicts());
            }
            conflicts.supersedePending(pair.id(), null);
            long id = conflicts.recordField(new NewFieldConflict(entity, pair.id(), pair.wooId(), pair.nxtId(), fields,
                    base, woo, nxt, wooModified, nxtModified, "both sides changed " + String.join(", ", fields)
                    + " since the last sync; held for a person", source, strategy, true, null, null));
            pairs.markStatus(pair.id(), "conflict");
            log.warn("Conflict {} on {} woo:{} nxt:{} fields {}: held for manual resolution", id, entity,
                    pair.wooId(), pair.nxtId(), fields);
            return new Detection(result.merged(), true, id, result.conflicts());
        }
        conflicts.supersedePending(pair.id(), null);
        ObjectNode chosen = JsonNodeFactory.instance.objectNode();
        fields.forEach(f -> chosen.set(f, result.merged().get(f)));
        boolean backup = properties.backupConflicts();
        long id = conflicts.recordField(new NewFieldConflict(entity, pair.id(), pair.wooId(), pair.nxtId(), fields,
                backup ? base : only(base, fields), backup ? woo : only(woo, fields), backup ? nxt : only(nxt, fields),
                wooModified, nxtModified, describe(result.conflicts()), source, strategy, false,
                resolution(result.conflicts()), chosen));
        log.info("Conflict {} on {} woo:{} nxt:{} settled by {}: {}", id, entity, pair.wooId(), pair.nxtId(),
                strategy, describe(result.conflicts()));
        return new Detection(result.merged(), false, id, result.conflicts());
    }

    private static String resolution(List<FieldConflict> fieldConflicts) {
        boolean allWoo = fieldConflicts.stream().allMatch(c -> "woo".equals(c.winner()));
        boolean allNxt = fieldConflicts.stream().allMatch(c -> "nxt".equals(c.winner()));
        return allWoo ? "wc" : allNxt ? "nxt" : "merged";
    }

    private static String describe(List<FieldConflict> fieldConflicts) {
        return String.join("; ", fieldConflicts.stream()
                .map(c -> c.field() + ": " + ("woo".equals(c.winner()) ? "WooCommerce" : "nxt".equals(c.winner())
                        ? "NXT-ND" : "merged") + " by " + c.rule().id()).toList());
    }

    private static ObjectNode only(ObjectNode record, List<String> fields) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        fields.forEach(f -> {
            if (record.has(f)) {
                out.set(f, record.get(f));
            }
        });
        return out;
    }
}
