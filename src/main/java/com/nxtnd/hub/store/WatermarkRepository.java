package com.nxtnd.hub.store;

import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Incremental sync positions: a modified-after time per entity for pulls, the changes-feed cursor for pushes. */
@Repository
public class WatermarkRepository {

    private final JdbcTemplate jdbc;

    public WatermarkRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<String> get(String name) {
        return jdbc.queryForList("select value from wc_sync_watermarks where name = ?", String.class, name)
                .stream().findFirst();
    }

    public void set(String name, String value) {
        jdbc.update("""
                insert into wc_sync_watermarks (name, value) values (?, ?)
                on conflict (name) do update set value = excluded.value, updated_at = now()
                """, name, value);
    }
}
