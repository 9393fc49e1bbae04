package com.nxtnd.hub.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.store.SyncJob;
import com.nxtnd.hub.store.SyncSession;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Answers of /api/woocommerce/sync. Each carries today's fields (counts per entity, direction and result) and the
 * seed's beside them: {@code products}/{@code customers}/{@code orders}/{@code inventory} (each
 * {@code {pull: {...}, push: {...}}}), {@code totalConflicts}, {@code totalErrors} and {@code duration} (ms).
 */
final class SyncResponses {

    private SyncResponses() {
    }

    /** counts: entity -> direction -> result -> records, e.g. {"product":{"pull":{"created":12}}}. */
    private static final TypeReference<Map<String, Map<String, Map<String, Long>>>> COUNTS = new TypeReference<>() {
    };

    /** A sync session, as it runs or as it ended. */
    record SyncResult(UUID sessionId, String kind, String direction, List<String> entityTypes, boolean dryRun,
                      String status, Map<String, Map<String, Map<String, Long>>> counts, Checkpoint checkpoint,
                      String error, Instant startedAt, Instant finishedAt, long durationMs,
                      List<Map<String, Object>> plan,
                      Map<String, Map<String, Long>> products, Map<String, Map<String, Long>> customers,
                      Map<String, Map<String, Long>> orders, Map<String, Map<String, Long>> inventory,
                      long totalConflicts, long totalErrors, long duration) {

        static SyncResult of(SyncSession s, List<Map<String, Object>> plan, ObjectMapper json) {
            Map<String, Map<String, Map<String, Long>>> counts = countsOf(s.counts(), json);
            return new SyncResult(s.id(), s.kind(), s.direction(), s.entityTypes(), s.dryRun(), s.status(), counts,
                    Checkpoint.of(s.checkpoint()), s.error(), s.startedAt(), s.finishedAt(), s.durationMs(),
                    plan == null || plan.isEmpty() ? null : plan, counts.get("product"), counts.get("customer"),
                    counts.get("order"), counts.get("inventory"), total(counts, "conflicts"), total(counts, "errors"),
                    s.durationMs());
        }
    }

    /** Where a run is: the phase (pull:product, pull:customer, pull:order, push, inventory, done) and its page. */
    record Checkpoint(String phase, Integer page) {
        static Checkpoint of(JsonNode node) {
            return node == null || node.isNull() || !node.hasNonNull("phase") ? null
                    : new Checkpoint(node.path("phase").asText(), node.hasNonNull("page") ? node.path("page").asInt() : null);
        }
    }

    /** A page of past sessions, newest first. */
    record SessionPage(List<SyncResult> items, int page, int size, long total) {
    }

    /** {@code POST /sync/batch}: the job is in the queue. */
    record QueuedJob(UUID jobId, String type, int priority, String status) {
    }

    /** The seed's {@code currentProgress}: its one snake_case field is kept as the seed's clients read it. */
    record CurrentProgress(@JsonProperty("progress_percent") double progressPercent, String phase, Integer page) {
    }

    /** The seed's result of a finished job. */
    record JobResult(UUID sessionId, Map<String, Map<String, Long>> products, Map<String, Map<String, Long>> customers,
                     Map<String, Map<String, Long>> orders, Map<String, Map<String, Long>> inventory,
                     long totalConflicts, long totalErrors, Long duration) {
    }

    /** A queued sync job: its request, status, progress, counts and errors; {@code result} once it has ended. */
    record JobResponse(UUID jobId, String type, int priority, JsonNode request, String status, UUID sessionId,
                       double progressPercent, CurrentProgress currentProgress,
                       Map<String, Map<String, Map<String, Long>>> counts, List<String> errors, Instant createdAt,
                       Instant startedAt, Instant finishedAt, JobResult result) {

        static JobResponse of(SyncJob j, ObjectMapper json) {
            Map<String, Map<String, Map<String, Long>>> counts = countsOf(j.counts(), json);
            Checkpoint at = Checkpoint.of(j.checkpoint());
            List<String> errors = j.errors() == null ? List.of() : json.convertValue(j.errors(), new TypeReference<>() {
            });
            boolean ended = j.finishedAt() != null;
            Long duration = ended && j.startedAt() != null ? Duration.between(j.startedAt(), j.finishedAt()).toMillis() : null;
            JobResult result = ended ? new JobResult(j.sessionId(), counts.get("product"), counts.get("customer"),
                    counts.get("order"), counts.get("inventory"), total(counts, "conflicts"), total(counts, "errors"),
                    duration) : null;
            return new JobResponse(j.id(), j.jobType(), j.priority(), j.request(), j.status(), j.sessionId(),
                    j.progress(), new CurrentProgress(j.progress(), at == null ? null : at.phase(),
                    at == null ? null : at.page()), counts, errors, j.createdAt(), j.startedAt(), j.finishedAt(), result);
        }
    }

    static Map<String, Map<String, Map<String, Long>>> countsOf(JsonNode node, ObjectMapper json) {
        return node == null || !node.isObject() ? Map.of() : json.convertValue(node, COUNTS);
    }

    /** A result summed over every entity and direction ("pages", a paging figure, is no record count). */
    static long total(Map<String, Map<String, Map<String, Long>>> counts, String result) {
        return counts.values().stream().flatMap(d -> d.values().stream())
                .mapToLong(r -> r.getOrDefault(result, 0L)).sum();
    }
}
