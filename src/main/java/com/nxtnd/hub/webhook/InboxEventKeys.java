package com.nxtnd.hub.webhook;

import java.sql.Timestamp;
import javax.sql.DataSource;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;

/**
 * The inbox's idempotent repository: Camel's {@link JdbcMessageIdRepository} on the Flyway-made
 * camel_messageprocessed (primary key processorName, messageId), with {@link #add} as one statement. Camel's add
 * reads the key, then inserts it, in a transaction of its own: four round trips per event where the primary key
 * decides in one ({@code on conflict do nothing}: a row inserted means the key was new).
 */
public class InboxEventKeys extends JdbcMessageIdRepository {

    public InboxEventKeys(DataSource dataSource, String processorName) {
        super(dataSource, processorName);
        setCreateTableIfNotExists(false); // created by Flyway, with a primary key
    }

    @Override
    public boolean add(String key) {
        return getJdbcTemplate().update("insert into camel_messageprocessed (processorName, messageId, createdAt) "
                + "values (?, ?, ?) on conflict do nothing", getProcessorName(), key,
                new Timestamp(System.currentTimeMillis())) == 1;
    }
}
