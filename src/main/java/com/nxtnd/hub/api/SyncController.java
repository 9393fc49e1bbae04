package com.nxtnd.hub.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.api.SyncResponses.JobResponse;
import com.nxtnd.hub.api.SyncResponses.QueuedJob;
import com.nxtnd.hub.api.SyncResponses.SessionPage;
import com.nxtnd.hub.api.SyncResponses.SyncResult;
import com.nxtnd.hub.store.BatchJobRepository;
import com.nxtnd.hub.store.SyncSessionRepository;
import com.nxtnd.hub.sync.SyncJobRunner;
import com.nxtnd.hub.sync.SyncJobType;
import com.nxtnd.hub.sync.SyncRequest;
import com.nxtnd.hub.sync.SyncService;
import java.util.LinkedHashMap;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** /api/woocommerce/sync: run a session now, queue a job, follow a job or a session, list past sessions. */
@RestController
class SyncController {

    /**
     * Body of /sync/full and /sync/batch. {@code type} (full_sync, incremental_sync, inventory_sync) is the seed's
     * job type; {@code options} takes the seed's second argument ({@code queueBatchSync(type, options)}) as it is,
     * its fields used where the body does not give them.
     */
    record SyncBody(String type,
                    @Pattern(regexp = "pull|push|both", message = "must be pull, push or both") String direction,
                    @Size(max = 4, message = "at most 4 entity types")
                    List<@NotNull(message = "must not be null")
                         @Pattern(regexp = "products?|customers?|orders?|inventory",
                                 message = "must be product, customer, order or inventory (or the plural)") String> entityTypes,
                    Boolean force,
                    @Min(value = 1, message = "must be between 1 and 100")
                    @Max(value = 100, message = "must be between 1 and 100") Integer batchSize,
                    Boolean dryRun, Boolean incremental,
                    // bounds on every number and list (issue 17: -2147483648 was accepted as a priority)
                    @Min(value = 0, message = "must be between 0 and 100")
                    @Max(value = 100, message = "must be between 0 and 100") Integer priority,
                    @Valid SyncBody options) {

        static final SyncBody EMPTY = new SyncBody(null, null, null, null, null, null, null, null, null);

        SyncBody merged() {
            if (options == null) {
                return this;
            }
            SyncBody o = options.merged();
            return new SyncBody(type != null ? type : o.type, direction != null ? direction : o.direction,
                    entityTypes != null ? entityTypes : o.entityTypes, force != null ? force : o.force,
                    batchSize != null ? batchSize : o.batchSize, dryRun != null ? dryRun : o.dryRun,
                    incremental != null ? incremental : o.incremental, priority != null ? priority : o.priority, null);
        }

        SyncJobType jobType() {
            return type != null ? SyncJobType.of(type)
                    : Boolean.TRUE.equals(incremental) ? SyncJobType.INCREMENTAL_SYNC : SyncJobType.FULL_SYNC;
        }

        SyncRequest toRequest() {
            return jobType().request(direction, entityTypes, incremental, Boolean.TRUE.equals(force),
                    Boolean.TRUE.equals(dryRun), batchSize);
        }
    }

    private final SyncService sync;
    private final SyncJobRunner jobRunner;
    private final BatchJobRepository jobs;
    private final SyncSessionRepository sessions;
    private final ObjectMapper json;

    SyncController(SyncService sync, SyncJobRunner jobRunner, BatchJobRepository jobs, SyncSessionRepository sessions,
                   ObjectMapper json) {
        this.sync = sync;
        this.jobRunner = jobRunner;
        this.jobs = jobs;
        this.sessions = sessions;
        this.json = json;
    }

    @PostMapping("/api/woocommerce/sync/full")
    SyncResult full(@Valid @RequestBody(required = false) SyncBody body) {
        SyncBody r = (body == null ? SyncBody.EMPTY : body).merged();
        SyncRequest request = r.toRequest();
        String kind = switch (r.jobType()) {
            case FULL_SYNC -> "full";
            case INCREMENTAL_SYNC -> "incremental";
            case INVENTORY_SYNC -> "inventory";
        };
        SyncService.Result result = sync.run(kind, request);
        return SyncResult.of(sessions.find(result.sessionId()).orElseThrow(), result.plan(), json);
    }

    @PostMapping("/api/woocommerce/sync/batch")
    ResponseEntity<QueuedJob> batch(@Valid @RequestBody(required = false) SyncBody body) throws Exception {
        SyncBody r = (body == null ? SyncBody.EMPTY : body).merged();
        SyncRequest checked = r.toRequest();
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("type", r.jobType().wire());
        request.put("direction", checked.direction());
        request.put("entityTypes", checked.entityTypes());
        request.put("force", checked.force());
        request.put("dryRun", checked.dryRun());
        request.put("incremental", checked.incremental());
        if (checked.batchSize() != null) {
            request.put("batchSize", checked.batchSize());
        }
        int priority = r.priority() == null ? 5 : r.priority();
        UUID id = jobRunner.enqueue(r.jobType().wire(), request, priority);
        return ResponseEntity.accepted().body(new QueuedJob(id, r.jobType().wire(), priority, "queued"));
    }

    @GetMapping("/api/woocommerce/sync/job/{jobId}")
    JobResponse job(@PathVariable UUID jobId) {
        return jobs.find(jobId).map(j -> JobResponse.of(j, json)).orElseThrow(() -> new NotFound("No job " + jobId));
    }

    @GetMapping("/api/woocommerce/sync/session/{sessionId}")
    SyncResult session(@PathVariable UUID sessionId) {
        return sessions.find(sessionId).map(s -> SyncResult.of(s, null, json))
                .orElseThrow(() -> new NotFound("No session " + sessionId));
    }

    /** An unknown job or session id: 404 with the error body. */
    static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }

    @ExceptionHandler(NotFound.class)
    ResponseEntity<?> notFound(NotFound e) {
        return ResponseEntity.status(404).body(ApiErrors.body("not_found", e.getMessage(), Map.of()));
    }

    /** Past sessions, newest first, by kind (full, incremental, inventory, job, webhook-gap) and status. */
    @GetMapping("/api/woocommerce/sync/sessions")
    SessionPage sessions(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size,
                         @RequestParam(required = false) String kind, @RequestParam(required = false) String status) {
        if (page < 0) {
            throw new IllegalArgumentException("page: must be 0 or more");
        }
        if (size < 1 || size > 200) {
            throw new IllegalArgumentException("size: must be between 1 and 200");
        }
        String k = kind == null || kind.isBlank() ? null : kind;
        String s = status == null || status.isBlank() ? null : status;
        if (s != null && !List.of("queued", "running", "completed", "failed", "cancelled").contains(s)) {
            throw new IllegalArgumentException("status: must be queued, running, completed, failed or cancelled");
        }
        return new SessionPage(sessions.page(k, s, page, size).stream().map(x -> SyncResult.of(x, null, json)).toList(),
                page, size, sessions.count(k, s));
    }
}
