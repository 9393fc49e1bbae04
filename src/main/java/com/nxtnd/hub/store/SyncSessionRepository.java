package com.nxtnd.hub.store;

import java.sql.Array;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** wc_sync_sessions: one row per sync run, with counts per entity and direction and its checkpoint. */
@Repository
public class SyncSessionRepository {

    private final JdbcTemplate jdbc;

    public SyncSessionRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public UUID start(String kind, String direction, List<String> entityTypes, boolean dryRun) {
        UUID id = UUID.randomUUID();
        jdbc.update(con -> {
            var ps = con.prepareStatement("insert into wc_sync_sessions (id, kind, direction, entity_types, dry_run) "
                    + "values (?, ?, ?, ?, ?)");
            ps.setObject(1, id);
            ps.setString(2, kind);
            ps.setString(3, direction);
            Array types = con.createArrayOf("text", entityTypes.toArray());
            ps.setArray(4, types);
            ps.setBoolean(5, dryRun);
            return ps;
        });
        return id;
    }

    public void progress(UUID id, String countsJson, String checkpointJson) {
        jdbc.update("update wc_sync_sessions set counts = cast(? as jsonb), checkpoint = cast(? as jsonb) where id = ?",
                countsJson, checkpointJson, id);
    }

    public void finish(UUID id, String status, String countsJson, String error) {
        jdbc.update("update wc_sync_sessions set status = ?, counts = cast(? as jsonb), error = ?, finished_at = now() "
                + "where id = ?", status, countsJson, error, id);
    }

    public Optional<Map<String, Object>> find(UUID id) {
        return jdbc.queryForList("select id, kind, direction, entity_types::text as entity_types, dry_run, status, "
                + "counts::text as counts, checkpoint::text as checkpoint, error, started_at, finished_at, "
                + "extract(epoch from (coalesce(finished_at, now()) - started_at)) * 1000 as duration_ms "
                + "from wc_sync_sessions where id = ?", id).stream().findFirst();
    }

    public List<Map<String, Object>> recent(int limit) {
        return jdbc.queryForList("select id, kind, direction, status, counts::text as counts, started_at, finished_at, "
                + "extract(epoch from (coalesce(finished_at, now()) - started_at)) * 1000 as duration_ms "
                + "from wc_sync_sessions order by started_at desc limit ?", limit);
    }
}
