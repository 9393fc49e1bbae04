package com.nxtnd.hub.api;

import com.nxtnd.hub.store.BatchJobRepository;
import com.nxtnd.hub.store.SyncSessionRepository;
import com.nxtnd.hub.sync.SyncJobRoutes;
import com.nxtnd.hub.sync.SyncRequest;
import com.nxtnd.hub.sync.SyncService;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** /api/woocommerce/sync: run a session now, queue a job, follow a job or a session. */
@RestController
class SyncController {

    record FullSyncRequest(String direction, List<String> entityTypes, Boolean force, Integer batchSize, Boolean dryRun,
                           Boolean incremental, Integer priority) {
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
    Map<String, Object> full(@RequestBody(required = false) FullSyncRequest body) {
        FullSyncRequest r = body == null ? new FullSyncRequest(null, null, null, null, null, null, null) : body;
        return sync.describe(sync.run(Boolean.TRUE.equals(r.incremental()) ? "incremental" : "full", r.toRequest()));
    }

    @PostMapping("/api/woocommerce/sync/batch")
    ResponseEntity<Map<String, Object>> batch(@RequestBody(required = false) FullSyncRequest body) throws Exception {
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

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<?> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(ApiErrors.body("bad_request", e.getMessage(), Map.of()));
    }
}
