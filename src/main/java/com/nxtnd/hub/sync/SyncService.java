package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.store.SyncSessionRepository;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelExchangeException;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
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
                         List<Map<String, Object>> plan, long durationMs, String error, boolean peerUnavailable) {
    }

    private final ProducerTemplate routes;
    private final PushSync push;
    private final InventoryReconcile inventory;
    private final SyncSessionRepository sessions;
    private final SyncProperties properties;
    private final ObjectMapper json;

    public SyncService(ProducerTemplate routes, PushSync push, InventoryReconcile inventory, SyncSessionRepository sessions, SyncProperties properties,
                       ObjectMapper json) {
        this.routes = routes;
        this.push = push;
        this.inventory = inventory;
        this.sessions = sessions;
        this.properties = properties;
        this.json = json;
    }

    /** Receives the run's checkpoint and progress (0..100) as it moves on. */
    @FunctionalInterface
    public interface ProgressListener {
        void progress(SyncCheckpoint next, double percent, SyncCounts counts);
    }

    public Result run(String kind, SyncRequest request) {
        return run(kind, request, SyncCheckpoint.START, (next, percent, counts) -> { });
    }

    /** Runs the phases in order, skipping those before {@code from} and starting that one at its page. */
    public Result run(String kind, SyncRequest request, SyncCheckpoint from, ProgressListener listener) {
        long started = System.currentTimeMillis();
        UUID session = sessions.start(kind, request.direction(), request.entityTypes(), request.dryRun());
        SyncCounts counts = new SyncCounts();
        List<Map<String, Object>> plan = new ArrayList<>();
        String status = "completed";
        String error = null;
        boolean peerUnavailable = false;
        List<String> phases = phases(request);
        Set<String> stockMoved = null;
        int first = from.phase() == null ? 0 : Math.max(0, phases.indexOf(from.phase()));
        try {
            for (int i = first; i < phases.size(); i++) {
                String phase = phases.get(i);
                int index = i;
                SyncCheckpoint start = i == first && from.phase() != null ? from : SyncCheckpoint.START;
                if (phase.startsWith("pull:")) {
                    pull(new PullRun(phase.substring(5), request, counts, plan, start, (next, total, size) -> listener
                            .progress(new SyncCheckpoint(phase, next, size), percent(index, phases.size(), next - 1,
                                    total), counts)));
                } else if (phase.equals("push")) {
                    stockMoved = push.push(request.entityTypes().stream().filter(properties::pushes).toList(), request,
                            counts, plan);
                } else if (request.incremental() && stockMoved != null) {
                    // what the changes feed said moved, not the whole catalogue every 5 minutes; a run resumed at
                    // this phase (the set is gone) and the hourly schedule read everything
                    inventory.reconcileSkus(stockMoved, request, counts, plan);
                } else {
                    inventory.reconcile(request, counts, plan);
                }
                String nextPhase = i + 1 < phases.size() ? phases.get(i + 1) : "done";
                listener.progress(new SyncCheckpoint(nextPhase, 1), percent(i + 1, phases.size(), 0, 1), counts);
                sessions.progress(session, json.writeValueAsString(counts.asTree()),
                        json.writeValueAsString(new SyncCheckpoint(nextPhase, 1)));
            }
        } catch (Exception e) {
            status = "failed";
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
            peerUnavailable = peerUnavailable(e);
            if (peerUnavailable) {
                log.warn("Sync session {} stopped, a peer is unavailable: {}", session, error);
            } else {
                log.error("Sync session {} failed: {}", session, error, e);
            }
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
        return new Result(session, status, counts.asTree(), request.dryRun() ? plan : List.of(), duration, error,
                peerUnavailable);
    }

    /**
     * One entity's pull through its route in routes/pull.camel.yaml (pull-products, pull-customers, pull-orders),
     * in this thread. The run's failure is the step's, out of Camel's wrappers (the splits add one per level), so
     * that the session records what went wrong and a peer outage stays recognisable.
     */
    private void pull(PullRun run) throws Exception {
        try {
            routes.sendBody(run.endpoint(), run);
        } catch (CamelExecutionException e) {
            Throwable cause = e.getCause();
            while ((cause instanceof CamelExchangeException || cause instanceof CamelExecutionException)
                    && cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw cause instanceof Exception step ? step : e;
        } finally {
            run.over();
        }
    }

    /** Stopped by WooCommerce or NXT-ND being down, rate limited, behind an open breaker or refusing credentials. */
    static boolean peerUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof com.nxtnd.hub.peer.PeerApiException p
                    && (p instanceof com.nxtnd.hub.peer.CircuitOpenException || p.isTransient() || p.isAuthFailure())) {
                return true;
            }
        }
        return false;
    }

    private List<String> phases(SyncRequest request) {
        List<String> phases = new ArrayList<>();
        if (request.pull()) {
            for (String entity : List.of("product", "customer", "order")) {
                if (request.entityTypes().contains(entity) && properties.pulls(entity)) {
                    phases.add("pull:" + entity);
                }
            }
        }
        if (request.push()) {
            List<String> pushed = request.entityTypes().stream().filter(properties::pushes).toList();
            if (pushed.stream().anyMatch(e -> !e.equals("inventory"))) {
                phases.add("push");
            }
            if (pushed.contains("inventory")) {
                phases.add("inventory");
            }
        }
        return phases;
    }

    private static double percent(int phasesDone, int phases, int pagesDone, int pages) {
        if (phases == 0) {
            return 100;
        }
        double within = pages <= 0 ? 0 : Math.min(1.0, (double) pagesDone / pages);
        return Math.min(100, 100.0 * (phasesDone + within) / phases);
    }

    /** Entry points for the schedules in routes/sync-schedules.camel.yaml. */
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
