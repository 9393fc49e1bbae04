package com.nxtnd.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.nxtnd.hub.HubIntegrationTest;
import com.nxtnd.hub.sandbox.FaultSettings;
import com.nxtnd.hub.sandbox.SandboxTrafficRegistry;
import com.nxtnd.hub.woo.WooCommerceClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/** Secrets never leave the hub; admin calls are audited; repeated bad logins are throttled. */
@ExtendWith(OutputCaptureExtension.class)
class CredentialSafetyTest extends HubIntegrationTest {

    static final List<String> SECRETS = List.of("cs_sandbox", "sandbox-secret", "sandbox-token");

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    LoginThrottle throttle;
    @Autowired
    WooCommerceClient woo;
    @Autowired
    SandboxTrafficRegistry traffic;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void noSecretInTheLogsOrInAnyActuatorEndpoint(CapturedOutput output) throws Exception {
        // things that log: failing calls to both peers, a rejected delivery, health checks
        traffic.woo().setFaults(new FaultSettings(0, 0, 0, 1.0, 500, 0, 1, false));
        try {
            woo.find("products", 12);
        } catch (RuntimeException expected) {
            assertThat(expected.getMessage()).doesNotContain(SECRETS);
        } finally {
            traffic.woo().setFaults(FaultSettings.NONE);
        }
        send("POST", "/api/woocommerce/webhooks", null, "{\"id\":1}");
        for (String endpoint : List.of("/actuator/env", "/actuator/configprops", "/actuator/health", "/actuator/metrics",
                "/actuator/jolokia/list", "/api/woocommerce/webhooks/stats")) {
            HttpResponse<String> r = send("GET", endpoint, "admin:admin", null);
            assertThat(r.statusCode()).as(endpoint).isEqualTo(200);
            assertThat(r.body()).as(endpoint).doesNotContain(SECRETS);
        }
        assertThat(send("GET", "/actuator/env/woocommerce.consumer-secret", "admin:admin", null).body())
                .doesNotContain("cs_sandbox");
        assertThat(output.getAll()).doesNotContain(SECRETS);
    }

    @Test
    void stateChangingAdminCallsAreAuditedWithWhoWhatAndWhere() throws Exception {
        HttpResponse<String> r = send("POST", "/api/woocommerce/webhooks/retry", "admin:admin", "{}");
        assertThat(r.statusCode()).isEqualTo(200);
        var row = jdbc.queryForMap("select * from wc_audit_log where action = 'POST /api/woocommerce/webhooks/retry' "
                + "order by id desc limit 1");
        assertThat(row.get("actor")).isEqualTo("admin");
        assertThat(row.get("status")).isEqualTo(200);
        assertThat(row.get("source_ip")).isEqualTo("127.0.0.1");
        assertThat(row.get("created_at")).isNotNull();
        long before = jdbc.queryForObject("select count(*) from wc_audit_log", Long.class);
        send("GET", "/api/woocommerce/webhooks/stats", "admin:admin", null);
        assertThat(jdbc.queryForObject("select count(*) from wc_audit_log", Long.class)).isEqualTo(before);
    }

    @Test
    void repeatedFailedLoginsAreThrottled() throws Exception {
        try {
            for (int i = 0; i < 10; i++) {
                assertThat(send("GET", "/api/woocommerce/webhooks/stats", "admin:guess" + i, null).statusCode()).isEqualTo(401);
            }
            HttpResponse<String> blocked = send("GET", "/api/woocommerce/webhooks/stats", "admin:admin", null);
            assertThat(blocked.statusCode()).isEqualTo(429);
            assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
            // deliveries and the sandboxes are not behind the admin login and keep working
            assertThat(send("GET", "/actuator/health", null, null).statusCode()).isEqualTo(200);
        } finally {
            throttle.clear();
        }
        assertThat(send("GET", "/api/woocommerce/webhooks/stats", "admin:admin", null).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> send(String method, String path, String credentials, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (credentials != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
