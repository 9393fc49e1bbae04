package com.nxtnd.hub.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Top-level fields whose values differ between two canonical records (metadata left out). */
public final class FieldDiff {

    private FieldDiff() {
    }

    public static List<String> changed(JsonNode before, JsonNode after) {
        Set<String> names = new LinkedHashSet<>();
        if (before != null) {
            before.fieldNames().forEachRemaining(names::add);
        }
        if (after != null) {
            after.fieldNames().forEachRemaining(names::add);
        }
        names.remove("metadata");
        List<String> changed = new ArrayList<>();
        for (String n : names) {
            JsonNode a = CanonicalRecords.comparable(before == null ? null : before.get(n));
            JsonNode b = CanonicalRecords.comparable(after == null ? null : after.get(n));
            boolean aEmpty = a.isMissingNode();
            boolean bEmpty = b.isMissingNode();
            if (aEmpty != bEmpty || (!aEmpty && !a.equals(b))) {
                changed.add(n);
            }
        }
        return changed;
    }
}
