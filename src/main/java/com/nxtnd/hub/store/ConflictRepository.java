package com.nxtnd.hub.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** wc_sync_conflicts: records that could not be synced as they are, kept for a person to see and settle. */
@Repository
public class ConflictRepository {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final TransactionTemplate tx;

    public ConflictRepository(JdbcTemplate jdbc, ObjectMapper json, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.json = json;
        this.tx = tx;
    }

    /** A field conflict as detected: pending when held for a person, else resolved by its strategy. */
    public record NewFieldConflict(String entity, Long mappingId, Long wooId, String nxtId, List<String> fields,
                                   JsonNode base, JsonNode woo, JsonNode nxt, Instant wooModified, Instant nxtModified,
                                   String detail, String source, String strategy, boolean held, String resolution,
                                   JsonNode resolvedValues) {
    }

    public long recordValidation(String entity, Long wooId, String nxtId, List<String> fields, String detail, String source) {
        return insert(entity, wooId, nxtId, "data_validation", fields, detail, source);
    }

    public long recordTypeMismatch(String entity, Long wooId, String nxtId, List<String> fields, String detail, String source) {
        return insert(entity, wooId, nxtId, "type_mismatch", fields, detail, source);
    }

    public long recordBusinessRule(String entity, Long wooId, String nxtId, List<String> fields, String detail, String source) {
        return insert(entity, wooId, nxtId, "business_rule", fields, detail, source);
    }

    public long recordField(NewFieldConflict c) {
        return jdbc.queryForObject("""
                insert into wc_sync_conflicts (entity_type, mapping_id, woo_id, nxt_id, conflict_type, fields,
                    base_values, woo_values, nxt_values, woo_modified_at, nxt_modified_at, detail, source, strategy,
                    status, resolution, resolved_values, resolved_at, resolved_by)
                values (?, ?, ?, ?, 'field_conflict', ?::text[], cast(? as jsonb), cast(? as jsonb), cast(? as jsonb),
                    ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?)
                returning id""", Long.class, c.entity(), c.mappingId(), c.wooId(), c.nxtId(), array(c.fields()),
                text(c.base()), text(c.woo()), text(c.nxt()), ts(c.wooModified()), ts(c.nxtModified()), c.detail(),
                c.source(), c.strategy(), c.held() ? "pending" : "resolved", c.held() ? null : c.resolution(),
                text(c.resolvedValues()), c.held() ? null : Timestamp.from(Instant.now()),
                c.held() ? null : "auto:" + c.strategy());
    }

    public Optional<Conflict> find(long id) {
        return jdbc.query("select * from wc_sync_conflicts where id = ?", this::row, id).stream().findFirst();
    }

    public List<Conflict> pendingFor(long mappingId) {
        return jdbc.query("select * from wc_sync_conflicts where mapping_id = ? and status = 'pending' order by id",
                this::row, mappingId);
    }

    public List<Conflict> pendingPage(int page, int size, String entity) {
        return jdbc.query("""
                select * from wc_sync_conflicts where status = 'pending' and (cast(? as text) is null or entity_type = ?)
                order by created_at, id limit ? offset ?""", this::row, entity, entity, size, (long) page * size);
    }

    public long pending() {
        return jdbc.queryForObject("select count(*) from wc_sync_conflicts where status = 'pending'", Long.class);
    }

    public long pending(String entity) {
        return jdbc.queryForObject("""
                select count(*) from wc_sync_conflicts where status = 'pending'
                and (cast(? as text) is null or entity_type = ?)""", Long.class, entity, entity);
    }

    /** Marks pending conflicts of a pair as superseded by a newer state (all of them, or all but {@code keep}). */
    public int supersedePending(long mappingId, Long keep) {
        return jdbc.update("""
                update wc_sync_conflicts set status = 'superseded', resolved_at = now(), resolved_by = 'hub'
                where mapping_id = ? and status = 'pending' and (cast(? as bigint) is null or id <> ?)""",
                mappingId, keep, keep);
    }

    public boolean supersede(long id) {
        return jdbc.update("""
                update wc_sync_conflicts set status = 'superseded', resolved_at = now(), resolved_by = 'hub'
                where id = ? and status = 'pending'""", id) == 1;
    }

    /** Settles a pending conflict; false when it was no longer pending (someone else settled it first). */
    public boolean resolve(long id, String resolution, JsonNode values, String by) {
        return jdbc.update("""
                update wc_sync_conflicts set status = 'resolved', resolution = ?, resolved_values = cast(? as jsonb),
                    resolved_at = now(), resolved_by = ?
                where id = ? and status = 'pending'""", resolution, text(values), by, id) == 1;
    }

    /** Counts over a window: by type, entity, strategy and status, and the share settled without a person. */
    public ConflictStats stats(Duration window) {
        Timestamp since = Timestamp.from(Instant.now().minus(window));
        Map<String, Object> totals = jdbc.queryForMap("""
                select count(*) as total,
                    count(*) filter (where status = 'pending') as pending,
                    count(*) filter (where status = 'resolved') as resolved,
                    count(*) filter (where status = 'superseded') as superseded,
                    count(*) filter (where resolved_by like 'auto:%') as auto_resolved
                from wc_sync_conflicts where created_at >= ?""", since);
        long total = ((Number) totals.get("total")).longValue();
        long auto = ((Number) totals.get("auto_resolved")).longValue();
        return new ConflictStats(total, ((Number) totals.get("pending")).longValue(),
                ((Number) totals.get("resolved")).longValue(), ((Number) totals.get("superseded")).longValue(), auto,
                total == 0 ? 0.0 : (double) auto / total, pending(), group("conflict_type", since),
                group("entity_type", since), group("coalesce(strategy, 'none')", since),
                group("coalesce(source, 'unknown')", since));
    }

    private Map<String, Long> group(String expression, Timestamp since) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.query("select " + expression + " as k, count(*) as n from wc_sync_conflicts where created_at >= ? "
                + "group by 1 order by 2 desc", rs -> {
                    counts.put(rs.getString("k"), rs.getLong("n"));
                }, since);
        return counts;
    }

    /**
     * A record-level report made once per WooCommerce record: recorded unless the same one (record, type, detail) was
     * recorded before and not superseded, so that a person who acknowledged it is not asked again on the next run.
     * {@code settledAs} non-null records it as settled by the hub already (an informational report). True when
     * recorded now.
     */
    public boolean recordOnce(String entity, long wooId, String type, List<String> fields, String detail, String source,
                              String settledAs, JsonNode values) {
        return Boolean.TRUE.equals(locked(entity, type, wooId, null,
                () -> recordOnceLocked(entity, wooId, type, fields, detail, source, settledAs, values)));
    }

    private boolean recordOnceLocked(String entity, long wooId, String type, List<String> fields, String detail,
                                     String source, String settledAs, JsonNode values) {
        Long before = jdbc.queryForObject("""
                select count(*) from wc_sync_conflicts where status <> 'superseded' and entity_type = ?
                and conflict_type = ? and woo_id = ? and detail = ?""", Long.class, entity, type, wooId, detail);
        if (before > 0) {
            return false;
        }
        jdbc.update("""
                insert into wc_sync_conflicts (entity_type, woo_id, conflict_type, fields, detail, source, status,
                    resolution, resolved_values, resolved_at, resolved_by)
                values (?, ?, ?, ?::text[], ?, ?, ?, ?, cast(? as jsonb), ?, ?)""", entity, wooId, type, array(fields),
                detail, source, settledAs == null ? "pending" : "resolved", settledAs, text(values),
                settledAs == null ? null : Timestamp.from(Instant.now()), settledAs == null ? null : "hub");
        return true;
    }

    /**
     * A record-level conflict; the same one still pending (same record, type and detail) is not recorded twice, also
     * when two paths find it at once (a webhook and a pull of the same record: two rows seen in a CI run): the check
     * and the insert hold a transaction lock on the record's key ({@link #locked}), so the second waits and then
     * finds the first's row. {@link #recordOnce} likewise.
     */
    private long insert(String entity, Long wooId, String nxtId, String type, List<String> fields, String detail,
                        String source) {
        return locked(entity, type, wooId, nxtId, () -> insertOnce(entity, wooId, nxtId, type, fields, detail, source));
    }

    /** {@code work} in a transaction holding a lock on this record's conflicts of this type (until it commits). */
    private <T> T locked(String entity, String type, Long wooId, String nxtId, java.util.function.Supplier<T> work) {
        return tx.execute(status -> {
            jdbc.query("select pg_advisory_xact_lock(hashtextextended(?, 0))", rs -> { },
                    "conflict|" + entity + "|" + type + "|" + wooId + "|" + nxtId);
            return work.get();
        });
    }

    private long insertOnce(String entity, Long wooId, String nxtId, String type, List<String> fields, String detail,
                            String source) {
        List<Long> same = jdbc.queryForList("""
                select id from wc_sync_conflicts where status = 'pending' and entity_type = ? and conflict_type = ?
                and woo_id is not distinct from ? and nxt_id is not distinct from ? and detail is not distinct from ?
                limit 1""", Long.class, entity, type, wooId, nxtId, detail);
        if (!same.isEmpty()) {
            return same.get(0);
        }
        return jdbc.queryForObject("""
                insert into wc_sync_conflicts (entity_type, woo_id, nxt_id, conflict_type, fields, detail, source)
                values (?, ?, ?, ?, ?::text[], ?, ?) returning id""", Long.class, entity, wooId, nxtId, type,
                array(fields), detail, source);
    }

    /** The record now passes validation: its pending record-level conflicts are superseded. */
    public int supersedeRecordConflicts(String entity, Long wooId) {
        return wooId == null ? 0 : supersedeRecordConflicts(entity, List.of(wooId));
    }

    /** WooCommerce ids of this entity with a pending record-level conflict (data_validation, type_mismatch). */
    public Set<Long> wooIdsWithPendingRecordConflicts(String entity) {
        return new HashSet<>(jdbc.queryForList("""
                select distinct woo_id from wc_sync_conflicts where status = 'pending' and entity_type = ?
                and woo_id is not null and conflict_type in ('data_validation', 'type_mismatch')""", Long.class, entity));
    }

    /** {@link #supersedeRecordConflicts(String, Long)} for many records in one statement (the inbox's batches). */
    public int supersedeRecordConflicts(String entity, List<Long> wooIds) {
        return supersede(entity, "woo_id", wooIds.toArray(Long[]::new));
    }

    /**
     * These NXT-ND records now fit what WooCommerce accepts (on their way there by a push or a reconcile): their
     * pending record-level conflicts are superseded, as {@link #supersedeRecordConflicts} does for WooCommerce records.
     */
    public int supersedeRecordConflictsOfNxt(String entity, List<String> nxtIds) {
        return supersede(entity, "nxt_id", nxtIds.toArray(String[]::new));
    }

    private int supersede(String entity, String idColumn, Object[] ids) {
        if (ids.length == 0) {
            return 0;
        }
        return jdbc.update("""
                update wc_sync_conflicts set status = 'superseded', resolved_at = now(), resolved_by = 'hub'
                where status = 'pending' and entity_type = ? and %s = any(?)
                and conflict_type in ('data_validation', 'type_mismatch')""".formatted(idColumn), entity, (Object) ids);
    }

    private Conflict row(ResultSet rs, int i) throws SQLException {
        Array fields = rs.getArray("fields");
        return new Conflict(rs.getLong("id"), rs.getString("entity_type"), (Long) rs.getObject("mapping_id"),
                (Long) rs.getObject("woo_id"), rs.getString("nxt_id"), rs.getString("conflict_type"),
                fields == null ? List.of() : Arrays.asList((String[]) fields.getArray()),
                tree(rs.getString("base_values")), tree(rs.getString("woo_values")), tree(rs.getString("nxt_values")),
                instant(rs.getTimestamp("woo_modified_at")), instant(rs.getTimestamp("nxt_modified_at")),
                rs.getString("detail"), rs.getString("source"), rs.getString("strategy"), rs.getString("status"),
                rs.getString("resolution"), tree(rs.getString("resolved_values")),
                instant(rs.getTimestamp("resolved_at")), rs.getString("resolved_by"),
                instant(rs.getTimestamp("created_at")));
    }

    private static String array(List<String> fields) {
        return "{" + String.join(",", fields.stream().map(f -> "\"" + f.replace("\"", "") + "\"").toList()) + "}";
    }

    private JsonNode tree(String text) {
        try {
            return text == null ? null : json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable values in wc_sync_conflicts", e);
        }
    }

    private static String text(JsonNode node) {
        return node == null ? null : node.toString();
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
