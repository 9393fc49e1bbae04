package com.nxtnd.hub.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;

/** The mapping store: pairs, last synced hashes and snapshots (base of three-way merges, echo suppression). */
@Repository
public class EntityMappingRepository {

    private static final String UPDATE = """
            update wc_entity_mapping set woo_id = coalesce(?, woo_id), woo_parent_id = coalesce(?, woo_parent_id),
                nxt_id = coalesce(?, nxt_id), match_key = coalesce(?, match_key), content_hash = ?,
                woo_hash = ?, nxt_hash = ?, base_snapshot = cast(? as jsonb),
                woo_snapshot = coalesce(cast(? as jsonb), woo_snapshot),
                nxt_snapshot = coalesce(cast(? as jsonb), nxt_snapshot),
                woo_modified_at = coalesce(?, woo_modified_at), nxt_modified_at = coalesce(?, nxt_modified_at),
                nxt_version = coalesce(?, nxt_version), last_direction = ?, last_written_to = ?,
                sync_status = 'synced', synced_at = now(), updated_at = now()
            where id = ?""";
    private static final String INSERT = """
            insert into wc_entity_mapping (entity_type, woo_id, woo_parent_id, nxt_id, match_key, content_hash,
                woo_hash, nxt_hash, base_snapshot, woo_snapshot, nxt_snapshot, woo_modified_at, nxt_modified_at,
                nxt_version, last_direction, last_written_to, sync_status, synced_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), cast(? as jsonb), ?, ?, ?, ?, ?,
                'synced', now())""";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public EntityMappingRepository(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The state to store after a successful sync of one pair. */
    public record SyncedPair(String entityType, Long wooId, Long wooParentId, String nxtId, String matchKey,
                             String contentHash, String wooHash, String nxtHash, JsonNode base, JsonNode wooSnapshot,
                             JsonNode nxtSnapshot, Instant wooModifiedAt, Instant nxtModifiedAt, Integer nxtVersion,
                             String direction, String writtenTo) {
    }

    public Optional<EntityMapping> byWooId(String type, long wooId) {
        return one("select * from wc_entity_mapping where entity_type = ? and woo_id = ?", type, wooId);
    }

    public Optional<EntityMapping> byNxtId(String type, String nxtId) {
        return one("select * from wc_entity_mapping where entity_type = ? and nxt_id = ?", type, nxtId);
    }

    /** The pairs of these WooCommerce ids, by WooCommerce id: one query for a page instead of one per record. */
    public Map<Long, EntityMapping> byWooIds(String type, Collection<Long> wooIds) {
        return byIds(type, "woo_id", "bigint", wooIds, EntityMapping::wooId);
    }

    /** The pairs of these NXT-ND ids, by NXT-ND id: one query for a page instead of one per record. */
    public Map<String, EntityMapping> byNxtIds(String type, Collection<String> nxtIds) {
        return byIds(type, "nxt_id", "text", nxtIds, EntityMapping::nxtId);
    }

    private <K> Map<K, EntityMapping> byIds(String type, String column, String sqlType, Collection<K> ids,
                                            java.util.function.Function<EntityMapping, K> idOf) {
        Map<K, EntityMapping> found = new HashMap<>();
        withIds("*", type, column, sqlType, ids, rs -> {
            EntityMapping m = row(rs, 0);
            found.put(idOf.apply(m), m);
        });
        return found;
    }

    /** Reads {@code columns} of the pairs of this type whose {@code column} is one of {@code ids}: one query. */
    private void withIds(String columns, String type, String column, String sqlType, Collection<?> ids,
                         RowCallbackHandler each) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement(
                    "select " + columns + " from wc_entity_mapping where entity_type = ? and " + column + " = any(?)");
            ps.setString(1, type);
            ps.setArray(2, con.createArrayOf(sqlType, ids.toArray()));
            return ps;
        }, each);
    }

    /** Pairs matched on this key (SKU, e-mail, external ref), case-insensitive. */
    public List<EntityMapping> byMatchKey(String type, String key) {
        return jdbc.query("select * from wc_entity_mapping where entity_type = ? and lower(match_key) = lower(?)",
                this::row, type, key);
    }

    /** The pairs matched on these keys (case-insensitive), by key as given: one query for up to a page of keys. */
    public Map<String, EntityMapping> byMatchKeys(String type, Collection<String> keys) {
        Map<String, String> given = new HashMap<>();
        keys.forEach(k -> given.put(k.toLowerCase(), k));
        Map<String, EntityMapping> found = new HashMap<>();
        if (given.isEmpty()) {
            return found;
        }
        jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement(
                    "select * from wc_entity_mapping where lower(match_key) = any(?) and entity_type = ?");
            ps.setArray(1, con.createArrayOf("text", given.keySet().toArray()));
            ps.setString(2, type);
            return ps;
        }, (RowCallbackHandler) rs -> {
            EntityMapping m = row(rs, 0);
            found.put(given.get(m.matchKey().toLowerCase()), m);
        });
        return found;
    }

    public Optional<EntityMapping> byId(long id) {
        return one("select * from wc_entity_mapping where id = ?", id);
    }

    public List<EntityMapping> all(String type) {
        return jdbc.query("select * from wc_entity_mapping where entity_type = ? order by id", this::row, type);
    }

    public long count(String type) {
        return jdbc.queryForObject("select count(*) from wc_entity_mapping where entity_type = ?", Long.class, type);
    }

    /**
     * The row ids of the pairs with these WooCommerce or NXT-ND ids, by that id: only the ids, since reading the whole
     * pairs would parse their three snapshots just to learn which exist.
     */
    private <K> Map<K, Long> rowIds(String type, String column, String sqlType, Collection<K> ids, Class<K> keyType) {
        Map<K, Long> found = new HashMap<>();
        withIds(column + ", id", type, column, sqlType, ids, rs -> found.put(rs.getObject(1, keyType), rs.getLong(2)));
        return found;
    }

    /**
     * Inserts or updates the pair. A pair is found by its WooCommerce id, else by its NXT-ND id, so a record first
     * seen on one side and later matched on the other ends up in one row.
     */
    public EntityMapping save(SyncedPair p) {
        try {
            return saveOnce(p);
        } catch (org.springframework.dao.DuplicateKeyException e) {
            // the same pair was inserted concurrently (a webhook and a batch run meeting): it is an update now
            return saveOnce(p);
        }
    }

    private EntityMapping saveOnce(SyncedPair p) {
        Long existing = p.wooId() != null
                ? rowIds(p.entityType(), "woo_id", "bigint", List.of(p.wooId()), Long.class).get(p.wooId()) : null;
        if (existing == null && p.nxtId() != null) {
            existing = rowIds(p.entityType(), "nxt_id", "text", List.of(p.nxtId()), String.class).get(p.nxtId());
        }
        if (existing != null) {
            return jdbc.queryForObject(UPDATE + " returning *", this::row, append(values(p), existing));
        }
        return jdbc.queryForObject(INSERT + " returning *", this::row, append(new Object[] {p.entityType()}, values(p)));
    }

    /**
     * Saves the pairs of one page or batch as {@link #save} would one by one, in few round trips: the ids of the pairs
     * already stored are read (by WooCommerce id, then by NXT-ND id for the rest), then they are updated in one JDBC
     * batch and the new ones inserted in another.
     */
    public void saveAll(List<SyncedPair> batch) {
        if (batch.isEmpty()) {
            return;
        }
        String type = batch.get(0).entityType();
        if (batch.stream().anyMatch(p -> !type.equals(p.entityType()))) {
            throw new IllegalArgumentException("saveAll takes the pairs of one entity type");
        }
        Map<Long, Long> byWoo = rowIds(type, "woo_id", "bigint", batch.stream().map(SyncedPair::wooId)
                .filter(Objects::nonNull).toList(), Long.class);
        Map<String, Long> byNxt = rowIds(type, "nxt_id", "text", batch.stream()
                .filter(p -> p.wooId() == null || !byWoo.containsKey(p.wooId()))
                .map(SyncedPair::nxtId).filter(Objects::nonNull).toList(), String.class);
        List<Object[]> updates = new ArrayList<>();
        List<Object[]> inserts = new ArrayList<>();
        // in the order of their ids, so that two writers of overlapping pairs take the rows' locks in the same order
        List<SyncedPair> ordered = new ArrayList<>(batch);
        ordered.sort(java.util.Comparator.comparing(SyncedPair::wooId, java.util.Comparator.nullsLast(Long::compare))
                .thenComparing(SyncedPair::nxtId, java.util.Comparator.nullsLast(String::compareTo)));
        for (SyncedPair p : ordered) {
            Long existing = p.wooId() != null && byWoo.containsKey(p.wooId()) ? byWoo.get(p.wooId())
                    : p.nxtId() != null ? byNxt.get(p.nxtId()) : null;
            if (existing != null) {
                updates.add(append(values(p), existing));
            } else {
                inserts.add(append(new Object[] {p.entityType()}, values(p)));
            }
        }
        try {
            if (!updates.isEmpty()) {
                jdbc.batchUpdate(UPDATE, updates);
            }
            if (!inserts.isEmpty()) {
                jdbc.batchUpdate(INSERT, inserts);
            }
        } catch (org.springframework.dao.DuplicateKeyException
                 | org.springframework.dao.PessimisticLockingFailureException e) {
            // a webhook stored one of these pairs meanwhile (or the batch holds one twice), or PostgreSQL made this
            // batch the victim of a deadlock with another writer of the same new pairs (a JDBC batch is one implicit
            // transaction, holding every row it wrote until its end; the pull failed so in CI against the inbox):
            // one by one, as save does, each statement holding one row at a time. In a transaction of the caller's
            // the statements after the failure cannot run: the failure goes up as it is.
            if (org.springframework.transaction.support.TransactionSynchronizationManager.isActualTransactionActive()) {
                throw e;
            }
            batch.forEach(this::save);
        }
    }

    private Object[] values(SyncedPair p) {
        return new Object[] {p.wooId(), p.wooParentId(), p.nxtId(), p.matchKey(), p.contentHash(), p.wooHash(),
            p.nxtHash(), text(p.base()), text(p.wooSnapshot()), text(p.nxtSnapshot()), ts(p.wooModifiedAt()),
            ts(p.nxtModifiedAt()), p.nxtVersion(), p.direction(), p.writtenTo()};
    }

    public void markStatus(long id, String status) {
        jdbc.update("update wc_entity_mapping set sync_status = ?, updated_at = now() where id = ?", status, id);
    }

    /** Remembers the latest record seen on one side without declaring the pair synced. */
    public void rememberSeen(long id, String side, JsonNode snapshot) {
        String column = "woo".equals(side) ? "woo_snapshot" : "nxt_snapshot";
        jdbc.update("update wc_entity_mapping set " + column + " = cast(? as jsonb), updated_at = now() where id = ?",
                text(snapshot), id);
    }

    private Optional<EntityMapping> one(String sql, Object... args) {
        return jdbc.query(sql, this::row, args).stream().findFirst();
    }

    private EntityMapping row(ResultSet rs, int i) throws SQLException {
        return new EntityMapping(rs.getLong("id"), rs.getString("entity_type"), (Long) rs.getObject("woo_id"),
                (Long) rs.getObject("woo_parent_id"), rs.getString("nxt_id"), rs.getString("match_key"),
                trim(rs.getString("content_hash")), trim(rs.getString("woo_hash")), trim(rs.getString("nxt_hash")),
                tree(rs.getString("base_snapshot")), tree(rs.getString("woo_snapshot")),
                tree(rs.getString("nxt_snapshot")), instant(rs.getTimestamp("woo_modified_at")),
                instant(rs.getTimestamp("nxt_modified_at")), (Integer) rs.getObject("nxt_version"),
                rs.getString("sync_status"), rs.getString("last_direction"), rs.getString("last_written_to"),
                instant(rs.getTimestamp("synced_at")));
    }

    private JsonNode tree(String text) {
        try {
            return text == null ? null : json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable snapshot in wc_entity_mapping", e);
        }
    }

    private String text(JsonNode node) {
        return node == null ? null : node.toString();
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }

    private static Object[] append(Object[] a, Object... b) {
        Object[] r = new Object[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
