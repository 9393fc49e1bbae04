package com.nxtnd.hub.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/** A row of wc_batch_jobs, its jsonb columns read as JSON. */
public record SyncJob(UUID id, String jobType, int priority, JsonNode request, String status, UUID sessionId,
                      double progress, JsonNode checkpoint, JsonNode counts, JsonNode errors, Instant createdAt,
                      Instant startedAt, Instant finishedAt) {
}
