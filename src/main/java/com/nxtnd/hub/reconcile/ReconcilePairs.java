package com.nxtnd.hub.reconcile;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The reads and writes of wc_entity_mapping and wc_sync_sessions only a reconcile run needs. */
@Repository
public class ReconcilePairs {

    /** The ids of a pair, without its snapshots. */
    public record PairIds(long id, Long wooId, Long wooParentId, String nxtId) {
    }

    private final JdbcTemplate jdbc;

    public ReconcilePairs(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The live pairs (not marked deleted) of {@code entity} that existed when the run started, after row id
     * {@code afterId}, in id order, {@code limit} at a time: the run pages through them as it pages through the peers.
     */
    public List<PairIds> livePairs(String entity, Instant before, long afterId, int limit) {
        return jdbc.query("select id, woo_id, woo_parent_id, nxt_id from wc_entity_mapping where entity_type = ? "
                + "and id > ? and sync_status <> 'deleted' and created_at < ? order by id limit ?",
                (rs, i) -> new PairIds(rs.getLong(1), (Long) rs.getObject(2), (Long) rs.getObject(3), rs.getString(4)),
                entity, afterId, Timestamp.from(before), limit);
    }

    /**
     * Forgets what these pairs last synced, so that writing their WooCommerce records again creates them in NXT-ND
     * (where they are missing) instead of recognising them as unchanged. The base goes too: with NXT-ND's record
     * gone there is nothing to merge with, and a pull would read NXT-ND once per pair to try. One statement.
     */
    public void forgetSyncedContent(Collection<Long> pairIds) {
        if (pairIds.isEmpty()) {
            return;
        }
        jdbc.update("update wc_entity_mapping set content_hash = null, woo_hash = null, base_snapshot = null, "
                + "updated_at = now() where id = any(?)", (Object) pairIds.toArray(Long[]::new));
    }

    /** The last finished reconcile session: its counts, whether it was a dry run, when it started and ended. */
    public Optional<Map<String, Object>> lastSession() {
        return jdbc.queryForList("select id, status, dry_run, counts::text as counts, error, started_at, finished_at "
                + "from wc_sync_sessions where kind = 'reconcile' and finished_at is not null "
                + "order by started_at desc limit 1").stream().findFirst();
    }
}
