package com.nxtnd.hub.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.nxtnd.hub.HubIntegrationTest;
import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

class BatchJobRepositoryTest extends HubIntegrationTest {

    @Autowired
    BatchJobRepository jobs;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aHeartbeatKeepsOnlyItsOwnersRunningJobsAlive() {
        UUID mine = runningJob("hub-heartbeat-test");
        UUID someoneElses = runningJob("hub-other");

        jobs.heartbeat(List.of(mine, someoneElses), "hub-heartbeat-test");

        assertThat(secondsSinceBeat(mine)).isLessThan(5);
        assertThat(secondsSinceBeat(someoneElses)).isGreaterThan(15); // not ours: it may still be taken over
        jdbc.update("delete from wc_batch_jobs where id in (?, ?)", mine, someoneElses);
    }

    private UUID runningJob(String owner) {
        UUID id = UUID.randomUUID();
        // a priority below every real job and a fresh-enough beat, so that this context's job runner leaves it alone
        jdbc.update("insert into wc_batch_jobs (id, job_type, priority, request, status, locked_by, heartbeat_at, "
                + "started_at) values (?, 'sync', -100, '{}'::jsonb, 'running', ?, now() - interval '20 second', now())",
                id, owner);
        return id;
    }

    private double secondsSinceBeat(UUID id) {
        Timestamp beat = jdbc.queryForObject("select heartbeat_at from wc_batch_jobs where id = ?", Timestamp.class, id);
        return (System.currentTimeMillis() - beat.getTime()) / 1000.0;
    }
}
