package com.nxtnd.hub.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** wc_sync_sessions: one row per sync run, with counts per entity and direction and its checkpoint. */
@Repository
public class SyncSessionRepository {

    private static final String COLUMNS = "id, kind, direction, entity_types, dry_run, status, counts::text as counts, "
            + "checkpoint::text as checkpoint, error, started_at, finished_at, "
            + "extract(epoch from (coalesce(finished_at, now()) - started_at)) * 1000 as duration_ms";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public SyncSessionRepository(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
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

    public Optional<SyncSession> find(UUID id) {
        return jdbc.query("select " + COLUMNS + " from wc_sync_sessions where id = ?", this::row, id).stream().findFirst();
    }

    /** Newest first; {@code kind} and {@code status} filter when not null. */
    public List<SyncSession> page(String kind, String status, int page, int size) {
        List<Object> args = new ArrayList<>(filterArgs(kind, status));
        args.add(size);
        args.add((long) page * size);
        return jdbc.query("select " + COLUMNS + " from wc_sync_sessions" + filter(kind, status)
                + " order by started_at desc, id limit ? offset ?", this::row, args.toArray());
    }

    public long count(String kind, String status) {
        Long n = jdbc.queryForObject("select count(*) from wc_sync_sessions" + filter(kind, status), Long.class,
                filterArgs(kind, status).toArray());
        return n == null ? 0 : n;
    }

    private static String filter(String kind, String status) {
        List<String> where = new ArrayList<>();
        if (kind != null) {
            where.add("kind = ?");
        }
        if (status != null) {
            where.add("status = ?");
        }
        return where.isEmpty() ? "" : " where " + String.join(" and ", where);
    }

    private static List<Object> filterArgs(String kind, String status) {
        List<Object> args = new ArrayList<>();
        if (kind != null) {
            args.add(kind);
        }
        if (status != null) {
            args.add(status);
        }
        return args;
    }

    private SyncSession row(ResultSet rs, int n) throws SQLException {
        Array types = rs.getArray("entity_types");
        List<String> entityTypes = types == null ? List.of() : Arrays.stream((Object[]) types.getArray()).map(String::valueOf).toList();
        return new SyncSession(rs.getObject("id", UUID.class), rs.getString("kind"), rs.getString("direction"), entityTypes,
                rs.getBoolean("dry_run"), rs.getString("status"), JsonColumns.json(json, rs, "counts"),
                JsonColumns.json(json, rs, "checkpoint"), rs.getString("error"), JsonColumns.instant(rs, "started_at"),
                JsonColumns.instant(rs, "finished_at"), Math.round(rs.getDouble("duration_ms")));
    }

    public List<Map<String, Object>> recent(int limit) {
        return jdbc.queryForList("select id, kind, direction, status, counts::text as counts, started_at, finished_at, "
                + "extract(epoch from (coalesce(finished_at, now()) - started_at)) * 1000 as duration_ms "
                + "from wc_sync_sessions order by started_at desc limit ?", limit);
    }
}
