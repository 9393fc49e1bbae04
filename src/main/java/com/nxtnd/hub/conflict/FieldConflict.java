package com.nxtnd.hub.conflict;

import com.fasterxml.jackson.databind.JsonNode;

/** One field both sides changed to different values since the last sync; {@code winner} is woo, nxt or null (held). */
public record FieldConflict(String field, JsonNode base, JsonNode woo, JsonNode nxt, String winner, Strategy rule) {
}
