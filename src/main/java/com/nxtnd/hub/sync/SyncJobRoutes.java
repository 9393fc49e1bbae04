package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.store.BatchJobRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * route sync-jobs: takes queued jobs from wc_batch_jobs, highest priority first, a few at a time (consumers), and
 * runs each as a sync session. A job whose hub died (no heartbeat) is taken again and run to the same end state:
 * every write is keyed and hash-compared, so a second run writes nothing already written.
 */
@Component
public class SyncJobRoutes extends RouteBuilder {

    /** A running job beats this often; one whose beat is STALE_MS old lost its hub (killed) and is taken over. */
    private static final long HEARTBEAT_MS = 10_000;
    private static final long STALE_MS = 45_000;
    private static final int AT_ONCE = 2;

    private final BatchJobRepository jobs;
    private final SyncService sync;
    private final ObjectMapper json;
    private final String owner = "hub-" + UUID.randomUUID();

    private final com.nxtnd.hub.peer.PeerGuards guards;

    public SyncJobRoutes(BatchJobRepository jobs, SyncService sync, ObjectMapper json,
                         com.nxtnd.hub.peer.PeerGuards guards) {
        this.guards = guards;
        this.jobs = jobs;
        this.sync = sync;
        this.json = json;
    }

    private final java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(AT_ONCE);
    private final java.util.Set<UUID> running = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public void configure() {
        java.util.concurrent.ExecutorService runners = getContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "sync-job-runner", AT_ONCE);
        from("scheduler:sync-jobs?initialDelay=1000&delay=1000")
                .routeId("sync-jobs")
                .process(exchange -> {
                    // a peer behind an open breaker or refusing credentials: queued jobs wait in the store
                    if (guards.unavailable("woo") || guards.unavailable("nxt")) {
                        return;
                    }
                    // take jobs while a runner is free: highest priority first, a few at a time
                    while (slots.tryAcquire()) {
                        var job = jobs.take(owner, STALE_MS);
                        if (job.isEmpty()) {
                            slots.release();
                            return;
                        }
                        UUID id = (UUID) job.get().get("id");
                        running.add(id);
                        runners.execute(() -> {
                            try {
                                runJob(job.get());
                            } catch (Exception e) {
                                log.error("Sync job {} could not run: {}", job.get().get("id"), e.getMessage(), e);
                            } finally {
                                running.remove(id);
                                slots.release();
                            }
                        });
                    }
                });

        from("scheduler:sync-job-heartbeat?initialDelay=" + HEARTBEAT_MS + "&delay=" + HEARTBEAT_MS)
                .routeId("sync-job-heartbeat")
                .process(exchange -> {
                    if (!running.isEmpty()) {
                        jobs.heartbeat(List.copyOf(running), owner);
                    }
                });
    }

    private void runJob(Map<String, Object> job) throws Exception {
        UUID id = (UUID) job.get("id");
        JsonNode request = json.readTree((String) job.get("request"));
        SyncCheckpoint from = job.get("checkpoint") == null ? SyncCheckpoint.START
                : json.readValue((String) job.get("checkpoint"), SyncCheckpoint.class);
        if (from.phase() != null) {
            log.info("Sync job {} resumes at {} page {}", id, from.phase(), from.page());
        }
        List<String> entities = new ArrayList<>();
        request.path("entityTypes").forEach(e -> entities.add(e.asText()));
        try {
            SyncRequest r = new SyncRequest(request.path("direction").asText("both"), entities,
                    request.path("incremental").asBoolean(false), request.path("force").asBoolean(false),
                    request.path("dryRun").asBoolean(false),
                    request.hasNonNull("batchSize") ? request.path("batchSize").asInt() : null);
            SyncService.Result result = sync.run("job", r, from, (next, percent, counts) -> {
                try {
                    jobs.checkpoint(id, json.writeValueAsString(next), percent,
                            json.writeValueAsString(counts.asTree()));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            });
            jobs.attachSession(id, result.sessionId());
            if (result.peerUnavailable()) {
                log.warn("Sync job {} waits for its peer and resumes from its checkpoint: {}", id, result.error());
                jobs.requeue(id, "waited: " + result.error());
                return;
            }
            jobs.finish(id, result.status(), json.writeValueAsString(result.counts()),
                    json.writeValueAsString(result.error() == null ? List.of() : List.of(result.error())));
        } catch (IllegalArgumentException e) {
            jobs.finish(id, "failed", "{}", json.writeValueAsString(List.of(e.getMessage())));
        }
    }

    public UUID enqueue(Map<String, Object> request, int priority) throws Exception {
        return enqueue(SyncJobType.FULL_SYNC.wire(), request, priority);
    }

    /** @param type the seed's job type (full_sync, incremental_sync, inventory_sync), kept as the job's type */
    public UUID enqueue(String type, Map<String, Object> request, int priority) throws Exception {
        return jobs.enqueue(type, priority, json.writeValueAsString(request));
    }
}
