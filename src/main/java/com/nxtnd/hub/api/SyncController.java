package com.nxtnd.hub.api;

import com.nxtnd.hub.store.BatchJobRepository;
import com.nxtnd.hub.store.SyncSessionRepository;
import com.nxtnd.hub.sync.SyncJobRoutes;
import com.nxtnd.hub.sync.SyncRequest;
import com.nxtnd.hub.sync.SyncService;
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
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** /api/woocommerce/sync: run a session now, queue a job, follow a job or a session. */
@RestController
class SyncController {

    /** Bounds on every number and list (issue 17: 200,000 entityTypes were stored as given, -2147483648 a priority). */
    record FullSyncRequest(@Pattern(regexp = "pull|push|both", message = "must be pull, push or both") String direction,
                           @Size(max = 4, message = "at most 4 entity types")
                           List<@NotNull(message = "must not be null")
                                @Pattern(regexp = "product|customer|order|inventory",
                                        message = "must be product, customer, order or inventory") String> entityTypes,
                           Boolean force,
                           @Min(value = 1, message = "must be between 1 and 100")
                           @Max(value = 100, message = "must be between 1 and 100") Integer batchSize,
                           Boolean dryRun, Boolean incremental,
                           @Min(value = 0, message = "must be between 0 and 10")
                           @Max(value = 10, message = "must be between 0 and 10") Integer priority) {
        SyncRequest toRequest() {
            return new SyncRequest(direction, entityTypes, Boolean.TRUE.equals(incremental), Boolean.TRUE.equals(force),
                    Boolean.TRUE.equals(dryRun), batchSize);
        }
    }

    private final SyncService sync;
    private final SyncJobRoutes jobRunner;
    private final BatchJobRepository jobs;
    private final SyncSessionRepository sessions;

    SyncController(SyncService sync, SyncJobRoutes jobRunner, BatchJobRepository jobs, SyncSessionRepository sessions) {
        this.sync = sync;
        this.jobRunner = jobRunner;
        this.jobs = jobs;
        this.sessions = sessions;
    }

    @PostMapping("/api/woocommerce/sync/full")
    Map<String, Object> full(@Valid @RequestBody(required = false) FullSyncRequest body) {
        FullSyncRequest r = body == null ? new FullSyncRequest(null, null, null, null, null, null, null) : body;
        return sync.describe(sync.run(Boolean.TRUE.equals(r.incremental()) ? "incremental" : "full", r.toRequest()));
    }

    @PostMapping("/api/woocommerce/sync/batch")
    ResponseEntity<Map<String, Object>> batch(@Valid @RequestBody(required = false) FullSyncRequest body) throws Exception {
        FullSyncRequest r = body == null ? new FullSyncRequest(null, null, null, null, null, null, null) : body;
        SyncRequest checked = r.toRequest();
        Map<String, Object> request = new java.util.LinkedHashMap<>(Map.of("direction", checked.direction(),
                "entityTypes", checked.entityTypes(), "force", checked.force(), "dryRun", checked.dryRun(),
                "incremental", checked.incremental()));
        if (checked.batchSize() != null) {
            request.put("batchSize", checked.batchSize());
        }
        UUID id = jobRunner.enqueue(request, r.priority() == null ? 5 : r.priority());
        return ResponseEntity.accepted().body(Map.of("jobId", id, "status", "queued"));
    }

    @GetMapping("/api/woocommerce/sync/job/{jobId}")
    ResponseEntity<?> job(@PathVariable UUID jobId) {
        return jobs.find(jobId).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(404).body(ApiErrors.body("not_found", "No job " + jobId, Map.of())));
    }

    @GetMapping("/api/woocommerce/sync/session/{sessionId}")
    ResponseEntity<?> session(@PathVariable UUID sessionId) {
        return sessions.find(sessionId).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(404).body(ApiErrors.body("not_found", "No session " + sessionId, Map.of())));
    }
}
