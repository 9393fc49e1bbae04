package com.nxtnd.hub.conflict;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The outcome of a three-way merge: the record both sides should hold, the fields that conflicted, and whether
 * the record is held for a person (then {@code merged} must not be written).
 */
public record MergeResult(ObjectNode merged, List<String> wooChanged, List<String> nxtChanged,
                          List<FieldConflict> conflicts, boolean held, Strategy strategy) {

    public boolean hasConflicts() {
        return !conflicts.isEmpty();
    }
}
