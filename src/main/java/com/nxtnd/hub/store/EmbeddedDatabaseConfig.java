package com.nxtnd.hub.store;

import com.nxtnd.hub.HubProperties;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The embedded default's database: a real PostgreSQL started in-process, its data kept under ./data/postgres
 * across restarts. Only used when SPRING_DATASOURCE_URL is not set.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "hub.embedded-db", havingValue = "true")
public class EmbeddedDatabaseConfig {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfig.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(HubProperties hub) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        String dir = hub.embeddedDbDir();
        if (dir != null && !dir.isBlank()) {
            Path dataDir = Path.of(dir).toAbsolutePath();
            Files.createDirectories(dataDir);
            // zonky starts PostgreSQL as a throw-away test database, with fsync and synchronous_commit off; kept data
            // is the webhook inbox among others, and a delivery answered 200 must survive a crash
            builder.setDataDirectory(dataDir).setCleanDataDirectory(false)
                    .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
            log.info("Embedded PostgreSQL keeps its data in {}", dataDir);
        }
        return builder.start();
    }

    @Bean
    PostgresStopsLast postgresStopsLast(EmbeddedPostgres postgres) {
        return new PostgresStopsLast(postgres);
    }

    @Bean
    @Primary
    DataSource dataSource(EmbeddedPostgres postgres) {
        HikariDataSource ds = DataSourceBuilder.create().type(HikariDataSource.class)
                .url(postgres.getJdbcUrl("postgres", "postgres"))
                .username("postgres").password("postgres").build();
        ds.setMaximumPoolSize(20);
        ds.setPoolName("hub-embedded");
        return ds;
    }
}
