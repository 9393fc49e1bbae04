package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.store.SyncSessionRepository;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Runs one sync session (a row in wc_sync_sessions): pulls first (customers before orders, so orders find their
 * customer), then pushes and the stock reconciliation, each entity only in the directions configured for it.
 */
@Service
public class SyncService {

    private static final Logger log = LoggerFactory.getLogger(SyncService.class);

    /** What a run did: its session, counts per entity and direction, the dry-run plan, how long it took. */
    public record Result(UUID sessionId, String status, Map<String, Map<String, Map<String, Long>>> counts,
                         List<Map<String, Object>> plan, long durationMs, String error) {
    }

    private final PullSync pull;
    private final PushSync push;
    private final SyncSessionRepository sessions;
    private final SyncProperties properties;
    private final ObjectMapper json;

    public SyncService(PullSync pull, PushSync push, SyncSessionRepository sessions, SyncProperties properties,
                       ObjectMapper json) {
        this.pull = pull;
        this.push = push;
        this.sessions = sessions;
        this.properties = properties;
        this.json = json;
    }

    public Result run(String kind, SyncRequest request) {
        long started = System.currentTimeMillis();
        UUID session = sessions.start(kind, request.direction(), request.entityTypes(), request.dryRun());
        SyncCounts counts = new SyncCounts();
        List<Map<String, Object>> plan = new ArrayList<>();
        String status = "completed";
        String error = null;
        try {
            if (request.pull()) {
                for (String entity : List.of("product", "customer", "order")) {
                    if (request.entityTypes().contains(entity) && properties.pulls(entity)) {
                        pull.pull(entity, request, counts, plan);
                        sessions.progress(session, json.writeValueAsString(counts.asTree()), "{\"done\":\"pull:" + entity + "\"}");
                    }
                }
            }
            if (request.push()) {
                List<String> entities = request.entityTypes().stream().filter(properties::pushes).toList();
                push.push(entities, request, counts, plan);
                if (entities.contains("inventory")) {
                    push.reconcileInventory(request, counts, plan);
                }
            }
        } catch (Exception e) {
            status = "failed";
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
            log.error("Sync session {} failed: {}", session, error, e);
        }
        String countsJson;
        try {
            countsJson = json.writeValueAsString(counts.asTree());
        } catch (Exception e) {
            countsJson = "{}";
        }
        sessions.finish(session, status, countsJson, error);
        long duration = System.currentTimeMillis() - started;
        log.info("Sync session {} ({} {}, {}) {} in {} ms: {}", session, kind, request.direction(),
                request.entityTypes(), status, duration, countsJson);
        return new Result(session, status, counts.asTree(), request.dryRun() ? plan : List.of(), duration, error);
    }

    /** Entry points for the schedules in routes/sync-schedules.yaml. */
    public Result incremental(String direction) {
        return run("incremental", new SyncRequest(direction, null, true, false, false, null));
    }

    public Result full() {
        return run("full", new SyncRequest("both", null, false, false, false, null));
    }

    public Result inventory() {
        return run("inventory", new SyncRequest("push", List.of("inventory"), false, false, false, null));
    }

    public Map<String, Object> describe(Result r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sessionId", r.sessionId());
        out.put("status", r.status());
        out.put("counts", r.counts());
        out.put("durationMs", r.durationMs());
        if (r.error() != null) {
            out.put("error", r.error());
        }
        if (!r.plan().isEmpty()) {
            out.put("plan", r.plan());
        }
        return out;
    }
}
