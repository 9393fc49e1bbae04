package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.nxtnd.hub.conflict.RecordValidator;
import com.nxtnd.hub.store.ConflictRepository;
import com.nxtnd.hub.store.EntityMapping;
import com.nxtnd.hub.store.EntityMappingRepository;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The checks a pushed record passes before it is written: bounds WooCommerce can hold, one customer per e-mail. */
@Component
public class PushGuards {

    private final RecordValidator validator;
    private final ConflictRepository conflicts;
    private final EntityMappingRepository pairs;

    public PushGuards(RecordValidator validator, ConflictRepository conflicts, EntityMappingRepository pairs) {
        this.validator = validator;
        this.conflicts = conflicts;
        this.pairs = pairs;
    }

    /** False (and a conflict held) when the record holds a value WooCommerce cannot take, e.g. a price. */
    public boolean fits(String entity, JsonNode record, Long wooId, SyncCounts counts) {
        Optional<RecordValidator.Violation> bad = validator.outOfBounds(entity, record);
        if (bad.isEmpty()) {
            return true;
        }
        // this record waits as a conflict, the page goes on
        counts.add(entity, "push", "conflicts");
        String nxtId = record.path("id").asText();
        conflicts.recordTypeMismatch(entity, wooId, nxtId, bad.get().fields(),
                "NXT-ND " + entity + " " + nxtId + ": " + bad.get().message(), "batch");
        return false;
    }

    /** False (and a conflict held) when another NXT-ND customer already holds this e-mail: never merged silently. */
    public boolean emailFree(JsonNode record, SyncCounts counts) {
        String nxtId = record.path("id").asText();
        Optional<EntityMapping> holder = pairs.byMatchKey("customer", record.path("email").asText()).stream()
                .filter(m -> m.nxtId() != null && !m.nxtId().equals(nxtId)).findFirst();
        if (holder.isEmpty()) {
            return true;
        }
        counts.add("customer", "push", "conflicts");
        conflicts.recordBusinessRule("customer", holder.get().wooId(), nxtId, List.of("email"),
                "e-mail " + record.path("email").asText() + " belongs to NXT-ND customers "
                        + holder.get().nxtId() + " and " + nxtId, "batch");
        return false;
    }

    /** Fixed at the source: the type_mismatch these were held as is no longer pending (one update per page). */
    public void settled(String entity, List<String> nxtIds) {
        conflicts.supersedeRecordConflictsOfNxt(entity, nxtIds);
    }
}
