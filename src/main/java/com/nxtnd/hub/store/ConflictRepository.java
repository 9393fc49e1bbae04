package com.nxtnd.hub.store;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** wc_sync_conflicts: records that could not be synced as they are, kept for a person to see and settle. */
@Repository
public class ConflictRepository {

    private final JdbcTemplate jdbc;

    public ConflictRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public long recordValidation(String entity, Long wooId, String nxtId, List<String> fields, String detail, String source) {
        return insert(entity, wooId, nxtId, "data_validation", fields, detail, source);
    }

    public long recordBusinessRule(String entity, Long wooId, String nxtId, List<String> fields, String detail, String source) {
        return insert(entity, wooId, nxtId, "business_rule", fields, detail, source);
    }

    public long pending() {
        return jdbc.queryForObject("select count(*) from wc_sync_conflicts where status = 'pending'", Long.class);
    }

    private long insert(String entity, Long wooId, String nxtId, String type, List<String> fields, String detail,
                        String source) {
        return jdbc.queryForObject("""
                insert into wc_sync_conflicts (entity_type, woo_id, nxt_id, conflict_type, fields, detail, source)
                values (?, ?, ?, ?, ?::text[], ?, ?) returning id""", Long.class, entity, wooId, nxtId, type,
                "{" + String.join(",", fields) + "}", detail, source);
    }
}
