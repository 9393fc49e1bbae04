package com.nxtnd.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.HubIntegrationTest;
import com.nxtnd.hub.sandbox.SandboxTrafficRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The seed's API, each example as its README shows it, through HTTP beside today's: plural entity names, the job
 * types, the result fields, {@code currentProgress.progress_percent}, the initialize options; and one JSON style
 * (real objects and arrays, camelCase, ISO-8601 UTC times) in the sessions' and jobs' answers.
 */
class SeedApiTest extends HubIntegrationTest {

    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SandboxTrafficRegistry traffic;

    JsonNode body(HttpResponse<String> response) throws Exception {
        return json.readTree(response.body());
    }

    /** Polls the job until it has ended (bounded), and returns its last answer. */
    JsonNode awaitJob(String jobId) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            HttpResponse<String> job = adminGet("/api/woocommerce/sync/job/" + jobId);
            assertThat(job.statusCode()).isEqualTo(200);
            last.set(body(job));
            return last.get().path("finishedAt").isTextual();
        });
        return last.get();
    }

    /** queueBatchSync('full_sync', { entityTypes: ['products', 'customers'], priority: 100, batchSize: 50 }) */
    @Test
    void queueBatchSyncFullSyncWithPluralEntitiesRunsAndShowsTheSeedsProgressAndResult() throws Exception {
        HttpResponse<String> queued = adminPost("/api/woocommerce/sync/batch",
                "{\"type\":\"full_sync\",\"entityTypes\":[\"products\",\"customers\"],\"priority\":100,\"batchSize\":50}");
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
        JsonNode q = body(queued);
        assertThat(q.path("type").asText()).isEqualTo("full_sync");
        assertThat(q.path("priority").asInt()).isEqualTo(100);
        assertThat(q.path("status").asText()).isEqualTo("queued");

        JsonNode job = awaitJob(q.path("jobId").asText());
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("completed");
        assertThat(job.path("type").asText()).isEqualTo("full_sync");
        assertThat(job.path("currentProgress").path("progress_percent").isNumber()).isTrue();
        assertThat(job.path("currentProgress").path("progress_percent").asDouble()).isEqualTo(100.0);
        assertThat(job.path("progressPercent").asDouble()).isEqualTo(100.0);
        // the stored request, as JSON (not a string), with the plural names taken as the singular ones
        assertThat(job.path("request").path("entityTypes").isArray()).isTrue();
        assertThat(json.convertValue(job.path("request").path("entityTypes"), String[].class))
                .containsExactly("product", "customer");
        assertThat(job.path("request").path("batchSize").asInt()).isEqualTo(50);
        assertThat(job.path("counts").path("product").path("pull").isObject()).isTrue();
        assertThat(job.path("counts").has("order")).isFalse();
        // the seed's result fields
        JsonNode result = job.path("result");
        assertThat(result.path("products").path("pull").isObject()).as(result.toString()).isTrue();
        assertThat(result.path("customers").path("pull").isObject()).isTrue();
        assertThat(result.path("totalConflicts").isIntegralNumber()).isTrue();
        assertThat(result.path("duration").isIntegralNumber()).isTrue();
        assertThat(Instant.parse(job.path("createdAt").asText())).isBefore(Instant.parse(job.path("finishedAt").asText()));
        assertThat(job.path("errors").isArray()).isTrue();
        assertThat(jdbc.queryForObject("select job_type from wc_batch_jobs where id = ?::uuid", String.class,
                q.path("jobId").asText())).isEqualTo("full_sync");
    }

    /** The same call with the seed's options object as the second argument: {type, options: {...}}. */
    @Test
    void theSeedsOptionsObjectIsTakenAsItIs() throws Exception {
        HttpResponse<String> queued = adminPost("/api/woocommerce/sync/batch",
                "{\"type\":\"incremental_sync\",\"options\":{\"entityTypes\":[\"orders\"],\"priority\":100,\"batchSize\":50}}");
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
        JsonNode job = awaitJob(body(queued).path("jobId").asText());
        assertThat(job.path("status").asText()).isEqualTo("completed");
        assertThat(job.path("type").asText()).isEqualTo("incremental_sync");
        assertThat(job.path("priority").asInt()).isEqualTo(100);
        assertThat(job.path("request").path("incremental").asBoolean()).isTrue();
        assertThat(json.convertValue(job.path("request").path("entityTypes"), String[].class)).containsExactly("order");
    }

    @Test
    void anInventorySyncJobPushesStockOnly() throws Exception {
        HttpResponse<String> queued = adminPost("/api/woocommerce/sync/batch", "{\"type\":\"inventory_sync\"}");
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
        JsonNode job = awaitJob(body(queued).path("jobId").asText());
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("completed");
        assertThat(job.path("request").path("direction").asText()).isEqualTo("push");
        assertThat(json.convertValue(job.path("request").path("entityTypes"), String[].class)).containsExactly("inventory");
        assertThat(job.path("result").path("inventory").path("push").isObject()).as(job.toString()).isTrue();
        assertThat(job.path("result").has("products")).isFalse();

        HttpResponse<String> wrong = adminPost("/api/woocommerce/sync/batch",
                "{\"type\":\"inventory_sync\",\"entityTypes\":[\"customers\"]}");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(body(wrong).path("details").path("parameter").asText()).isEqualTo("entityTypes");
        HttpResponse<String> unknown = adminPost("/api/woocommerce/sync/batch", "{\"type\":\"sideways_sync\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(body(unknown).path("message").asText()).contains("full_sync, incremental_sync, inventory_sync");
    }

    /** result.products.pull, result.totalConflicts, result.duration from a sync run now. */
    @Test
    void aSyncRunAnswersWithTheSeedsResultFieldsBesideTodays() throws Exception {
        HttpResponse<String> run = adminPost("/api/woocommerce/sync/full",
                "{\"type\":\"full_sync\",\"direction\":\"pull\",\"entityTypes\":[\"products\"]}");
        assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
        JsonNode result = body(run);
        assertThat(result.path("status").asText()).isEqualTo("completed");
        JsonNode pull = result.path("products").path("pull");
        assertThat(pull.isObject()).isTrue();
        long records = pull.path("created").asLong() + pull.path("updated").asLong() + pull.path("unchanged").asLong();
        assertThat(records).as(pull.toString()).isGreaterThan(0);
        assertThat(pull).isEqualTo(result.path("counts").path("product").path("pull"));
        assertThat(result.path("totalConflicts").isIntegralNumber()).isTrue();
        assertThat(result.path("totalConflicts").asLong()).isEqualTo(pull.path("conflicts").asLong());
        assertThat(result.path("duration").asLong()).isEqualTo(result.path("durationMs").asLong()).isGreaterThan(0);
        assertThat(result.has("customers")).isFalse();

        // the same session read back: one JSON style, no JSON inside strings
        HttpResponse<String> read = adminGet("/api/woocommerce/sync/session/" + result.path("sessionId").asText());
        assertThat(read.statusCode()).isEqualTo(200);
        JsonNode session = body(read);
        assertThat(session.path("counts").isObject()).isTrue();
        assertThat(session.path("entityTypes").isArray()).isTrue();
        assertThat(session.path("entityTypes").get(0).asText()).isEqualTo("product");
        assertThat(session.path("checkpoint").path("phase").asText()).isEqualTo("done");
        assertThat(session.path("startedAt").asText()).endsWith("Z");
        assertThat(Instant.parse(session.path("finishedAt").asText())).isAfterOrEqualTo(Instant.parse(session.path("startedAt").asText()));
        assertThat(session.path("products")).isEqualTo(result.path("products"));
        for (String snake : new String[] {"entity_types", "dry_run", "started_at", "finished_at", "duration_ms"}) {
            assertThat(session.has(snake)).as(snake).isFalse();
        }
    }

    @Test
    void pastSessionsArePagedAndFilteredByKindAndStatus() throws Exception {
        assertThat(adminPost("/api/woocommerce/sync/full", "{\"type\":\"incremental_sync\",\"direction\":\"pull\","
                + "\"entityTypes\":[\"customers\"]}").statusCode()).isEqualTo(200);
        assertThat(adminPost("/api/woocommerce/sync/full", "{\"type\":\"incremental_sync\",\"direction\":\"pull\","
                + "\"entityTypes\":[\"customers\"]}").statusCode()).isEqualTo(200);
        long incremental = jdbc.queryForObject("select count(*) from wc_sync_sessions where kind = 'incremental' "
                + "and status = 'completed'", Long.class);

        JsonNode first = body(adminGet("/api/woocommerce/sync/sessions?kind=incremental&status=completed&page=0&size=1"));
        assertThat(first.path("total").asLong()).isEqualTo(incremental).isGreaterThanOrEqualTo(2);
        assertThat(first.path("items").size()).isEqualTo(1);
        assertThat(first.path("page").asInt()).isZero();
        assertThat(first.path("size").asInt()).isEqualTo(1);
        JsonNode second = body(adminGet("/api/woocommerce/sync/sessions?kind=incremental&status=completed&page=1&size=1"));
        JsonNode newest = first.path("items").get(0);
        JsonNode older = second.path("items").get(0);
        assertThat(newest.path("sessionId")).isNotEqualTo(older.path("sessionId"));
        assertThat(Instant.parse(newest.path("startedAt").asText())).isAfterOrEqualTo(Instant.parse(older.path("startedAt").asText()));
        for (JsonNode s : new JsonNode[] {newest, older}) {
            assertThat(s.path("kind").asText()).isEqualTo("incremental");
            assertThat(s.path("status").asText()).isEqualTo("completed");
        }
        assertThat(body(adminGet("/api/woocommerce/sync/sessions?kind=no-such-kind")).path("total").asLong()).isZero();
        HttpResponse<String> bad = adminGet("/api/woocommerce/sync/sessions?status=sleeping");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(body(bad).path("details").path("parameter").asText()).isEqualTo("status");
    }

    /** initialize({ enableRealTime, batchSize, maxRetries, enableSecurity }) */
    @Test
    void initializeTakesTheSeedsOptionsItCanHonourAndRefusesTheOthersByName() throws Exception {
        int batchSize = 100; // HubIntegrationTest runs with woocommerce.batch-size=100
        HttpResponse<String> ok = adminPost("/api/woocommerce/initialize", "{\"enableRealTime\":true,\"batchSize\":"
                + batchSize + ",\"maxRetries\":3,\"enableSecurity\":true}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        JsonNode report = body(ok);
        assertThat(report.path("woocommerce").asText()).isEqualTo("ok");
        assertThat(report.path("nxt").asText()).isEqualTo("ok");
        assertThat(report.path("realTime").asText()).isEqualTo("on");
        assertThat(report.path("webhooks").path("product.updated").asText()).isIn("kept", "created", "repaired");
        assertThat(report.path("options").path("batchSize").asInt()).isEqualTo(batchSize);
        assertThat(report.path("options").path("maxRetries").asInt()).isEqualTo(3);

        // enableRealTime: false leaves the store's webhooks as they are: they are not even read
        long webhookCalls = traffic.woo().calls("GET", "/webhooks");
        assertThat(webhookCalls).isPositive();
        HttpResponse<String> off = adminPost("/api/woocommerce/initialize", "{\"enableRealTime\":false}");
        assertThat(off.statusCode()).isEqualTo(200);
        assertThat(body(off).has("webhooks")).isFalse();
        assertThat(body(off).path("realTime").asText()).startsWith("off");
        assertThat(body(off).path("options").path("enableRealTime").asBoolean()).isFalse();
        assertThat(traffic.woo().calls("GET", "/webhooks")).isEqualTo(webhookCalls);

        HttpResponse<String> refused = adminPost("/api/woocommerce/initialize",
                "{\"enableSecurity\":false,\"batchSize\":7,\"maxRetries\":3,\"cacheTtl\":60}");
        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode error = body(refused);
        assertThat(json.convertValue(error.path("details").path("options"), String[].class))
                .containsExactlyInAnyOrder("enableSecurity", "batchSize", "cacheTtl");
        assertThat(error.path("message").asText()).contains("WOOCOMMERCE_BATCH_SIZE").contains("cacheTtl");
    }

    /** The answers are response records: the OpenAPI document describes each of them. */
    @Test
    void theOpenApiDocumentShowsTheSchemasOfTheAnswers() throws Exception {
        JsonNode docs = body(adminGet("/api/docs"));
        JsonNode schemas = docs.path("components").path("schemas");
        assertThat(schemas.path("SyncResult").path("properties").has("totalConflicts")).as(schemas.toString()).isTrue();
        assertThat(schemas.path("SyncResult").path("properties").has("products")).isTrue();
        assertThat(schemas.path("SyncResult").path("properties").path("entityTypes").path("type").asText()).isEqualTo("array");
        assertThat(schemas.path("JobResponse").path("properties").has("currentProgress")).isTrue();
        assertThat(schemas.path("CurrentProgress").path("properties").has("progress_percent")).isTrue();
        assertThat(schemas.path("SessionPage").path("properties").has("items")).isTrue();
        assertThat(schemas.path("InitializeResponse").path("properties").has("options")).isTrue();
        assertThat(schemas.path("InitializeOptions").path("properties").has("enableRealTime")).isTrue();
        assertThat(schemas.path("ConflictPage").path("properties").has("items")).isTrue();
        JsonNode paths = docs.path("paths");
        assertThat(paths.path("/api/woocommerce/sync/job/{jobId}").path("get").path("responses").path("200").toString())
                .contains("#/components/schemas/JobResponse");
        assertThat(paths.path("/api/woocommerce/sync/sessions").path("get").path("responses").path("200").toString())
                .contains("#/components/schemas/SessionPage");
        assertThat(paths.path("/api/woocommerce/sync/full").path("post").path("responses").path("200").toString())
                .contains("#/components/schemas/SyncResult");
    }
}
