package com.nxtnd.hub.recovery;

import static org.apache.camel.builder.Builder.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nxtnd.hub.HubIntegrationTest;
import com.nxtnd.hub.routes.YamlRouteReloader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The generic path of the dead letter store, in the running hub: a failure inside a YAML flow (here
 * monitoring-snapshot, a timer route) lands in wc_error_log under that route's id with its original message and
 * headers, and the replay API sends it back into that very route, although a timer endpoint takes no message from a
 * producer. The failure is made with AdviceWith; the shipped route file is reloaded afterwards.
 */
class DeadLetterReplayTest extends HubIntegrationTest {

    private static final String ROUTE = "monitoring-snapshot";

    @Autowired
    CamelContext camel;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    YamlRouteReloader reloader;

    @AfterEach
    void restoreTheShippedRoute() {
        assertThat(reloader.reload(camel, ResourceHelper.resolveResource(camel,
                "file:" + ROUTES_COPY.resolve("monitoring.camel.yaml")))).isTrue();
        assertThat(camel.getRouteController().getRouteStatus(ROUTE)).isEqualTo(ServiceStatus.Started);
    }

    @Test
    void aFailedFlowIsKeptUnderItsRouteIdAndReplayedIntoThatRoute() throws Exception {
        // a snapshot that fails at its first step; a direct: entry so that the test fires it now, not in 10 s
        AdviceWith.adviceWith(camel, ROUTE, a -> {
            a.replaceFromWith("direct:monitoring-snapshot-drill");
            a.weaveAddFirst().filter(header("drill").isEqualTo("yes"))
                    .throwException(new IllegalStateException("snapshot drill"));
        });
        camel.createProducerTemplate().sendBodyAndHeader("direct:monitoring-snapshot-drill", "drill-body", "drill", "yes");

        Map<String, Object> kept = onlyOpenError();
        assertThat(kept.get("route_id")).isEqualTo(ROUTE);
        assertThat(kept.get("error_type")).isEqualTo("IllegalStateException");
        assertThat((Integer) kept.get("attempts")).as("first try and hub.errors.max-redeliveries (2)").isEqualTo(3);
        assertThat(new String((byte[]) kept.get("original_body"))).isEqualTo("drill-body");
        assertThat(kept.get("original_headers").toString()).contains("\"drill\"").doesNotContain("Camel");

        // replayed while the route still fails: the message is kept again, the first error is closed
        long first = ((Number) kept.get("id")).longValue();
        assertThat(adminPost("/api/woocommerce/errors/" + first + "/replay", "").body())
                .contains("\"outcome\":\"failed\"").contains("failed again; kept as error");
        assertThat(status(first)).isEqualTo("replayed");
        Map<String, Object> again = onlyOpenError();
        assertThat(again.get("route_id")).isEqualTo(ROUTE);
        long second = ((Number) again.get("id")).longValue();

        // the route is mended (its shipped file, a timer again): the replay goes through it and completes
        restoreTheShippedRoute();
        NotifyBuilder replayed = new NotifyBuilder(camel).fromRoute(ROUTE)
                // the stored header (the body is the snapshot's own result by the time the exchange completes)
                .filter(header("drill").isEqualTo("yes"))
                .whenCompleted(1).create();
        var response = adminPost("/api/woocommerce/errors/replay", "{\"routeId\":\"" + ROUTE + "\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"replayed\":1").contains("sent back into route " + ROUTE);
        assertThat(replayed.matches(20, TimeUnit.SECONDS)).as("the stored message went through " + ROUTE).isTrue();
        assertThat(status(second)).isEqualTo("replayed");
        assertThat(openErrors()).isEmpty();
    }

    @Test
    void aStoppedRouteIsNotReplayedIntoAndItsErrorStaysOpen() throws Exception {
        long id = jdbc.queryForObject("insert into wc_error_log (system, error_type, route_id, message, attempts) "
                + "values ('hub', 'Drill', 'monitoring-retention', 'drill', 3) returning id", Long.class);
        camel.getRouteController().stopRoute("monitoring-retention");
        try {
            assertThat(adminPost("/api/woocommerce/errors/" + id + "/replay", "").body())
                    .contains("\"outcome\":\"failed\"").contains("is Stopped");
            assertThat(status(id)).isEqualTo("open");
        } finally {
            camel.getRouteController().startRoute("monitoring-retention");
            jdbc.update("update wc_error_log set status = 'replayed' where id = ?", id);
        }
    }

    private Map<String, Object> onlyOpenError() {
        await().atMost(Duration.ofSeconds(30)).until(() -> openErrors().size() == 1);
        return openErrors().get(0);
    }

    private List<Map<String, Object>> openErrors() {
        return jdbc.queryForList("select * from wc_error_log where status = 'open' and route_id like 'monitoring-%'");
    }

    private String status(long id) {
        return jdbc.queryForObject("select status from wc_error_log where id = ?", String.class, id);
    }
}
