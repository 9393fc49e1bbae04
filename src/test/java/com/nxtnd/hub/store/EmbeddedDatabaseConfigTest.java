package com.nxtnd.hub.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.nxtnd.hub.HubProperties;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

class EmbeddedDatabaseConfigTest {

    @TempDir
    Path dir;

    @Test
    void dataKeptAcrossRestartsIsWrittenDurablyBeforeACommitReturns() throws Exception {
        try (EmbeddedPostgres postgres = new EmbeddedDatabaseConfig()
                .embeddedPostgres(new HubProperties("", true, true, true, dir.resolve("postgres").toString()))) {
            JdbcTemplate jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
            assertThat(jdbc.queryForObject("show fsync", String.class)).isEqualTo("on");
            assertThat(jdbc.queryForObject("show synchronous_commit", String.class)).isEqualTo("on");
        }
    }
}
