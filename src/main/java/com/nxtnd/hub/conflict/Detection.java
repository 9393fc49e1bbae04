package com.nxtnd.hub.conflict;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What the three-way comparison of one pair decided: the record both sides should now hold (synced fields only),
 * or {@code held} when a person must choose (then nothing is written). {@code conflictId} names the row recorded.
 */
public record Detection(ObjectNode merged, boolean held, Long conflictId, List<FieldConflict> conflicts) {

    public boolean conflicted() {
        return !conflicts.isEmpty();
    }
}
