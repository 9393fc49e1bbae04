package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.peer.PeerGuards;
import com.nxtnd.hub.store.BatchJobRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The steps of routes sync-jobs and sync-job-heartbeat (routes/sync-jobs.camel.yaml): takes queued jobs from
 * wc_batch_jobs, highest priority first, a few at a time, and runs each as a sync session on its own runner thread.
 * A job whose hub died (no heartbeat) is taken again and run to the same end state: every write is keyed and
 * hash-compared, so a second run writes nothing already written.
 */
@Component
public class SyncJobRunner {

    private static final Logger log = LoggerFactory.getLogger(SyncJobRunner.class);

    /**
     * A job whose beat is this old lost its hub (killed) and is taken over; route sync-job-heartbeat beats every 10 s,
     * well inside it.
     */
    private static final long STALE_MS = 45_000;
    private static final int AT_ONCE = 2;

    private final BatchJobRepository jobs;
    private final SyncService sync;
    private final ObjectMapper json;
    private final PeerGuards guards;
    private final CamelContext camel;
    private final String owner = "hub-" + UUID.randomUUID();
    private final Semaphore slots = new Semaphore(AT_ONCE);
    private final Set<UUID> running = ConcurrentHashMap.newKeySet();
    private volatile ExecutorService runners;

    public SyncJobRunner(BatchJobRepository jobs, SyncService sync, ObjectMapper json, PeerGuards guards,
                         CamelContext camel) {
        this.jobs = jobs;
        this.sync = sync;
        this.json = json;
        this.guards = guards;
        this.camel = camel;
    }

    /**
     * Route sync-jobs: takes jobs while a runner is free. A job runs on a runner thread of its own (it may take hours),
     * so that the route's poll is short. The Java keeps the semaphore: a YAML threads pool would queue jobs in memory
     * that belong in wc_batch_jobs, where another hub instance can take them.
     */
    public void takeJobs() {
        // a peer behind an open breaker or refusing credentials: queued jobs wait in the store
        if (guards.unavailable("woo") || guards.unavailable("nxt")) {
            return;
        }
        while (slots.tryAcquire()) {
            var job = jobs.take(owner, STALE_MS);
            if (job.isEmpty()) {
                slots.release();
                return;
            }
            UUID id = (UUID) job.get().get("id");
            running.add(id);
            runners().execute(() -> {
                try {
                    runJob(job.get());
                } catch (Exception e) {
                    log.error("Sync job {} could not run: {}", id, e.getMessage(), e);
                } finally {
                    running.remove(id);
                    slots.release();
                }
            });
        }
    }

    /** Route sync-job-heartbeat: the running jobs' beat, so that no other hub takes them over. */
    public void heartbeat() {
        if (!running.isEmpty()) {
            jobs.heartbeat(List.copyOf(running), owner);
        }
    }

    /** Camel's executor manager owns the pool: it is shut down with the context. */
    private ExecutorService runners() {
        if (runners == null) {
            synchronized (this) {
                if (runners == null) {
                    runners = camel.getExecutorServiceManager().newFixedThreadPool(this, "sync-job-runner", AT_ONCE);
                }
            }
        }
        return runners;
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
