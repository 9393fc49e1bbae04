package com.nxtnd.hub.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * wc_batch_jobs: queued sync jobs, taken highest priority first (SKIP LOCKED, so several hub instances share the
 * queue), with a checkpoint so that a job taken over after a crash resumes where it was.
 */
@Repository
public class BatchJobRepository {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public BatchJobRepository(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public UUID enqueue(String type, int priority, String requestJson) {
        UUID id = UUID.randomUUID();
        jdbc.update("insert into wc_batch_jobs (id, job_type, priority, request) values (?, ?, ?, cast(? as jsonb))",
                id, type, priority, requestJson);
        return id;
    }

    /** Takes the next queued job, or a running one whose owner stopped beating (crashed). */
    public Optional<Map<String, Object>> take(String owner, long staleAfterMs) {
        return jdbc.queryForList("""
                update wc_batch_jobs set status = 'running', locked_by = ?, heartbeat_at = now(),
                       started_at = coalesce(started_at, now())
                where id = (select id from wc_batch_jobs
                            where status = 'queued'
                               or (status = 'running' and heartbeat_at < now() - (? * interval '1 millisecond'))
                            order by priority desc, created_at
                            limit 1 for update skip locked)
                returning id, job_type, priority, request::text as request, checkpoint::text as checkpoint,
                          session_id
                """, owner, staleAfterMs).stream().findFirst();
    }

    public void checkpoint(UUID id, String checkpointJson, double progress, String countsJson) {
        jdbc.update("update wc_batch_jobs set checkpoint = cast(? as jsonb), progress = ?, counts = cast(? as jsonb), "
                + "heartbeat_at = now() where id = ?", checkpointJson, Math.min(100, progress), countsJson, id);
    }

    /** Tells the other hub instances that these jobs' owner is alive (between checkpoints, however long a page takes). */
    public void heartbeat(java.util.Collection<UUID> ids, String owner) {
        jdbc.update(con -> {
            java.sql.PreparedStatement ps = con.prepareStatement("update wc_batch_jobs set heartbeat_at = now() "
                    + "where id = any(?) and locked_by = ? and status = 'running'");
            ps.setArray(1, con.createArrayOf("uuid", ids.toArray()));
            ps.setString(2, owner);
            return ps;
        });
    }

    public void attachSession(UUID id, UUID sessionId) {
        jdbc.update("update wc_batch_jobs set session_id = ? where id = ?", sessionId, id);
    }

    public void finish(UUID id, String status, String countsJson, String errorsJson) {
        jdbc.update("update wc_batch_jobs set status = ?, counts = cast(? as jsonb), errors = cast(? as jsonb), "
                + "progress = case when ? = 'completed' then 100 else progress end, finished_at = now(), "
                + "locked_by = null where id = ?", status, countsJson, errorsJson, status, id);
    }

    /** Back to the queue with its checkpoint: a peer was unavailable, the job waits and resumes where it stopped. */
    public void requeue(UUID id, String note) {
        jdbc.update("update wc_batch_jobs set status = 'queued', locked_by = null, heartbeat_at = null, "
                + "errors = errors || jsonb_build_array(cast(? as text)) where id = ?", note, id);
    }

    public Optional<SyncJob> find(UUID id) {
        return jdbc.query("select id, job_type, priority, request::text as request, status, session_id, progress, "
                + "checkpoint::text as checkpoint, counts::text as counts, errors::text as errors, created_at, "
                + "started_at, finished_at from wc_batch_jobs where id = ?", this::row, id).stream().findFirst();
    }

    private SyncJob row(ResultSet rs, int n) throws SQLException {
        return new SyncJob(rs.getObject("id", UUID.class), rs.getString("job_type"), rs.getInt("priority"),
                JsonColumns.json(json, rs, "request"), rs.getString("status"), rs.getObject("session_id", UUID.class),
                rs.getDouble("progress"), JsonColumns.json(json, rs, "checkpoint"), JsonColumns.json(json, rs, "counts"),
                JsonColumns.json(json, rs, "errors"), JsonColumns.instant(rs, "created_at"),
                JsonColumns.instant(rs, "started_at"), JsonColumns.instant(rs, "finished_at"));
    }

    public List<Map<String, Object>> queueDepth() {
        return jdbc.queryForList("select status, count(*) as jobs from wc_batch_jobs group by status");
    }
}
