package com.nxtnd.hub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Two hub processes on one PostgreSQL, the sandboxes in a third process (bench/run scale-out is the large version).
 * The hubs run from the test's class path: no jar exists yet when the tests run. About two to three minutes, most of
 * it the takeover of the killed hub's job (45 s without a heartbeat) and the processes' start-up.
 */
class ScaleOutTest {

    @Test
    void twoHubsShareTheInboxTheSchedulesAndTheJobsAndTakeOverFromAKilledOne() throws Exception {
        Path work = Path.of("target/scale-out-test-" + System.currentTimeMillis());
        try (HubCluster cluster = new HubCluster(HubCluster.Launch.CLASS_PATH, work, "384m", null)) {
            BenchReport r = ScaleOut.run(cluster, ScaleOut.Params.smoke());
            System.out.print(r.table());
            JsonNode m = r.metrics();
            // deliveries: every one stored and applied exactly once, re-deliveries recognised on either hub
            assertThat(m.path("non200").asLong()).isZero();
            assertThat(m.path("processed").asLong()).isEqualTo(m.path("uniqueDeliveries").asLong()).isPositive();
            assertThat(m.path("processedTwice").asLong()).isZero();
            assertThat(m.path("failedOrRejected").asLong()).isZero();
            assertThat(m.path("nxtProducts").asLong()).isEqualTo(m.path("uniqueDeliveries").asLong());
            assertThat(m.path("nxtTwice").asLong()).isZero();
            assertThat(m.path("markedDuplicate").asLong()).isEqualTo(m.path("redeliveries").asLong()).isPositive();
            assertThat(m.path("redeliveredToBothHubs").asLong()).isPositive();
            assertThat(m.path("processedByHubA").asLong()).isPositive();
            assertThat(m.path("processedByHubB").asLong()).isPositive();
            // Quartz: fired, and never twice for one trigger time
            assertThat(m.path("quartzTriggerTimes").asLong()).isPositive();
            assertThat(m.path("quartzFiredTwice").asLong()).isZero();
            // the killed hub's job: taken over from its checkpoint, both sides equal, no duplicates
            assertThat(m.path("syncJobStatus").asText()).isEqualTo("completed");
            assertThat(m.path("resumedFromCheckpointOnOtherHub").asBoolean()).isTrue();
            assertThat(m.path("endStateDifferences").asLong()).isZero();
            assertThat(m.path("duplicates").asLong()).isZero();
            // every row with a target met, the route and mapping edits included
            assertThat(r.passed()).as(r.table()).isTrue();
        }
    }
}
