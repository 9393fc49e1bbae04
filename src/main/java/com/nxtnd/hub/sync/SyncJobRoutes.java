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

    private static final long STALE_MS = 120_000;

    private final BatchJobRepository jobs;
    private final SyncService sync;
    private final ObjectMapper json;
    private final String owner = "hub-" + UUID.randomUUID();

    public SyncJobRoutes(BatchJobRepository jobs, SyncService sync, ObjectMapper json) {
        this.jobs = jobs;
        this.sync = sync;
        this.json = json;
    }

    @Override
    public void configure() {
        from("scheduler:sync-jobs?initialDelay=1000&delay=1000&poolSize=2")
                .routeId("sync-jobs")
                .process(exchange -> {
                    var job = jobs.take(owner, STALE_MS);
                    if (job.isEmpty()) {
                        return;
                    }
                    UUID id = (UUID) job.get().get("id");
                    JsonNode request = json.readTree((String) job.get().get("request"));
                    List<String> entities = new ArrayList<>();
                    request.path("entityTypes").forEach(e -> entities.add(e.asText()));
                    try {
                        SyncRequest r = new SyncRequest(request.path("direction").asText("both"), entities,
                                request.path("incremental").asBoolean(false), request.path("force").asBoolean(false),
                                request.path("dryRun").asBoolean(false),
                                request.hasNonNull("batchSize") ? request.path("batchSize").asInt() : null);
                        SyncService.Result result = sync.run("job", r);
                        jobs.attachSession(id, result.sessionId());
                        jobs.finish(id, result.status(), json.writeValueAsString(result.counts()),
                                json.writeValueAsString(result.error() == null ? List.of() : List.of(result.error())));
                    } catch (IllegalArgumentException e) {
                        jobs.finish(id, "failed", "{}", json.writeValueAsString(List.of(e.getMessage())));
                    }
                });
    }

    public UUID enqueue(Map<String, Object> request, int priority) throws Exception {
        return jobs.enqueue("sync", priority, json.writeValueAsString(request));
    }
}
