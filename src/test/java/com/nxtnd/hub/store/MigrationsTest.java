package com.nxtnd.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nxtnd.hub.HubIntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

class MigrationsTest extends HubIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void migrationsCreateTheStoreTablesOnPostgres() {
        List<String> tables = jdbc.queryForList(
                "select table_name from information_schema.tables where table_schema = 'public'", String.class);
        assertThat(tables).contains("wc_sync_sessions", "wc_sync_conflicts", "wc_entity_mapping", "wc_webhook_events",
                "wc_monitoring_metrics", "wc_batch_jobs", "wc_error_log", "camel_messageprocessed",
                "qrtz_job_details", "qrtz_triggers", "qrtz_locks");
        assertThat(jdbc.queryForObject("select version()", String.class)).startsWith("PostgreSQL");
    }

    @Test
    void mappingIsUniquePerTypeOnBothSidesAndKeepsJsonbSnapshots() {
        jdbc.update("insert into wc_entity_mapping (entity_type, woo_id, nxt_id, base_snapshot) "
                + "values ('product', 900001, 'nxt-a', '{\"sku\":\"A\"}'::jsonb)");
        assertThatThrownBy(() -> jdbc.update("insert into wc_entity_mapping (entity_type, woo_id, nxt_id) "
                + "values ('product', 900001, 'nxt-b')")).isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> jdbc.update("insert into wc_entity_mapping (entity_type, woo_id, nxt_id) "
                + "values ('product', 900002, 'nxt-a')")).isInstanceOf(DataIntegrityViolationException.class);
        // The same ids are fine for another entity type.
        jdbc.update("insert into wc_entity_mapping (entity_type, woo_id, nxt_id) values ('customer', 900001, 'nxt-a')");
        assertThat(jdbc.queryForObject("select base_snapshot->>'sku' from wc_entity_mapping "
                + "where entity_type = 'product' and woo_id = 900001", String.class)).isEqualTo("A");
        assertThatThrownBy(() -> jdbc.update("insert into wc_entity_mapping (entity_type, woo_id) values ('coupon', 1)"))
                .isInstanceOf(DataIntegrityViolationException.class);
        jdbc.update("delete from wc_entity_mapping where woo_id = 900001");
    }

    @Test
    void idempotentRepositoryTableHasAPrimaryKey() {
        jdbc.update("insert into camel_messageprocessed (processorname, messageid) values ('t', 'k1')");
        assertThatThrownBy(() -> jdbc.update(
                "insert into camel_messageprocessed (processorname, messageid) values ('t', 'k1')"))
                .isInstanceOf(DataIntegrityViolationException.class);
        jdbc.update("delete from camel_messageprocessed where processorname = 't'");
    }
}
