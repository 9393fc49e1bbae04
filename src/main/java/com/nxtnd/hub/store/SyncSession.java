package com.nxtnd.hub.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A row of wc_sync_sessions, its jsonb columns read as JSON (counts per entity, direction and result). */
public record SyncSession(UUID id, String kind, String direction, List<String> entityTypes, boolean dryRun,
                          String status, JsonNode counts, JsonNode checkpoint, String error, Instant startedAt,
                          Instant finishedAt, long durationMs) {
}
