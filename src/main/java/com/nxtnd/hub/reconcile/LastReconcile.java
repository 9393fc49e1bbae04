package com.nxtnd.hub.reconcile;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The figures of the last reconcile run, from its session: what the dashboard shows. */
@Component
public class LastReconcile {

    /** The last run: when, whether it was a dry run, its status and figures per entity. */
    public record Summary(UUID sessionId, String status, boolean dryRun, Instant startedAt, Instant finishedAt,
                          Map<String, ReconcileFigures> entities, String error) {
    }

    private final ReconcilePairs store;
    private final ObjectMapper json;

    public LastReconcile(ReconcilePairs store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    public Optional<Summary> find() {
        return store.lastSession().map(row -> {
            Map<String, ReconcileFigures> entities = new LinkedHashMap<>();
            try {
                Map<String, Map<String, Map<String, Long>>> counts = json.readValue((String) row.get("counts"),
                        new TypeReference<>() { });
                counts.forEach((entity, byDirection) -> {
                    Map<String, Long> c = byDirection.getOrDefault("reconcile", Map.of());
                    entities.put(entity, new ReconcileFigures(c.getOrDefault("inStep", 0L), c.getOrDefault("repaired", 0L),
                            c.getOrDefault("createdInWoo", 0L), c.getOrDefault("createdInNxt", 0L),
                            c.getOrDefault("deactivated", 0L), c.getOrDefault("flagged", 0L), c.getOrDefault("errors", 0L)));
                });
            } catch (Exception e) {
                throw new IllegalStateException("Unreadable counts of reconcile session " + row.get("id"), e);
            }
            return new Summary((UUID) row.get("id"), (String) row.get("status"), Boolean.TRUE.equals(row.get("dry_run")),
                    ((Timestamp) row.get("started_at")).toInstant(), ((Timestamp) row.get("finished_at")).toInstant(),
                    entities, (String) row.get("error"));
        });
    }
}
