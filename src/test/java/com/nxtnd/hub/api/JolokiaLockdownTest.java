package com.nxtnd.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.nxtnd.hub.HubIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 17's Jolokia attack, as sent: a page on another origin POSTs text/plain to Jolokia with the admin's cached
 * login and has the Camel context run {@code requestBody} on a bean endpoint that reads the consumer secret.
 */
class JolokiaLockdownTest extends HubIntegrationTest {

    private static final String CONTEXT = "org.apache.camel:context=woo-nxt-hub,type=context,name=\\\"woo-nxt-hub\\\"";
    private static final String STEAL_SECRET = "{\"type\":\"exec\",\"mbean\":\"" + CONTEXT + "\","
            + "\"operation\":\"requestBody(java.lang.String,java.lang.Object)\","
            + "\"arguments\":[\"bean:environment?method=getProperty('woocommerce.consumer-secret')\",\"x\"]}";

    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    CamelContext camel;

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/jolokia", "/actuator/hawtio/jolokia"})
    void anotherOriginIsRefusedBeforeJolokiaAndGetsNoCorsGrant(String path) throws Exception {
        HttpResponse<String> r = post(path, "http://evil.example", "text/plain", STEAL_SECRET);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("\"error\":\"cross_origin\"").doesNotContain("cs_sandbox");
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/jolokia", "/actuator/hawtio/jolokia"})
    void evenFromTheHubsOwnOriginTheContextRunsNothing(String path) throws Exception {
        HttpResponse<String> r = post(path, baseUrl(), "text/plain", STEAL_SECRET);
        assertThat(r.body()).doesNotContain("cs_sandbox").contains("\"status\":403");
    }

    @Test
    void jvmDiagnosticsAndWritesAreRefused() throws Exception {
        for (String request : new String[] {
            "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=HotSpotDiagnostic\",\"operation\":\"dumpHeap\",\"arguments\":[\"/tmp/h.hprof\",true]}",
            "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=DiagnosticCommand\",\"operation\":\"vmSystemProperties\",\"arguments\":[]}",
            "{\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\",\"operation\":\"gc\",\"arguments\":[]}",
            "{\"type\":\"write\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"Verbose\",\"value\":true}",
            "{\"type\":\"exec\",\"mbean\":\"" + CONTEXT + "\",\"operation\":\"stop()\",\"arguments\":[]}",
            "{\"type\":\"exec\",\"mbean\":\"org.apache.camel:context=woo-nxt-hub,type=routes,name=\\\"hub-info\\\"\","
                + "\"operation\":\"updateRouteFromXml\",\"arguments\":[\"<route/>\"]}"}) {
            HttpResponse<String> r = post("/actuator/jolokia", null, "application/json", request);
            assertThat(r.body()).as(request).contains("\"status\":403");
        }
        assertThat(camel.getStatus()).isEqualTo(ServiceStatus.Started);
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(baseUrl()
                + "/actuator/jolokia/exec/java.lang:type=Memory/gc")).header("Authorization", adminAuthorization()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
    }

    @Test
    void hawtioKeepsItsRouteViewAndStartStop() throws Exception {
        String route = "org.apache.camel:context=woo-nxt-hub,type=routes,name=\\\"hub-info\\\"";
        HttpResponse<String> read = post("/actuator/hawtio/jolokia", baseUrl(), "text/plain",
                "{\"type\":\"read\",\"mbean\":\"" + route + "\",\"attribute\":\"ExchangesTotal\"}");
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).contains("\"status\":200");
        try {
            HttpResponse<String> stop = post("/actuator/hawtio/jolokia", baseUrl(), "text/plain",
                    "{\"type\":\"exec\",\"mbean\":\"" + route + "\",\"operation\":\"stop()\",\"arguments\":[]}");
            assertThat(stop.body()).contains("\"status\":200");
            assertThat(camel.getRouteController().getRouteStatus("hub-info")).isEqualTo(ServiceStatus.Stopped);
            HttpResponse<String> dump = post("/actuator/hawtio/jolokia", baseUrl(), "text/plain",
                    "{\"type\":\"exec\",\"mbean\":\"" + route + "\",\"operation\":\"dumpRouteAsXml()\",\"arguments\":[]}");
            assertThat(dump.body()).contains("\"status\":200", "hub-info");
            HttpResponse<String> diagram = post("/actuator/hawtio/jolokia", baseUrl(), "text/plain",
                    "{\"type\":\"exec\",\"mbean\":\"" + CONTEXT + "\",\"operation\":\"dumpRoutesAsXml()\",\"arguments\":[]}");
            assertThat(diagram.body()).contains("\"status\":200", "hub-info");
        } finally {
            HttpResponse<String> start = post("/actuator/hawtio/jolokia", baseUrl(), "text/plain",
                    "{\"type\":\"exec\",\"mbean\":\"" + route + "\",\"operation\":\"start()\",\"arguments\":[]}");
            assertThat(start.body()).contains("\"status\":200");
        }
        assertThat(camel.getRouteController().getRouteStatus("hub-info")).isEqualTo(ServiceStatus.Started);
    }

    @Test
    void crossSiteFormsCannotTriggerAdminActions() throws Exception {
        HttpResponse<String> form = send("/api/woocommerce/initialize", null, "application/x-www-form-urlencoded", "a=b");
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(form.body()).contains("\"error\":\"unsupported_media_type\"", "\"field\":\"Content-Type\"");
        HttpResponse<String> plain = send("/api/woocommerce/errors/1/replay", null, "text/plain", "{}");
        assertThat(plain.statusCode()).isEqualTo(415);
        HttpResponse<String> crossJson = send("/api/woocommerce/webhooks/retry", "http://evil.example",
                "application/json", "{}");
        assertThat(crossJson.statusCode()).isEqualTo(403);
        HttpResponse<String> crossSite = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/woocommerce/webhooks/retry"))
                .header("Authorization", adminAuthorization()).header("Sec-Fetch-Site", "cross-site")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(crossSite.statusCode()).isEqualTo(403);
        // the dashboard's own requests: same origin, JSON
        HttpResponse<String> own = send("/api/woocommerce/webhooks/retry", baseUrl(), "application/json", "{}");
        assertThat(own.statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> post(String path, String origin, String contentType, String body) throws Exception {
        return send(path, origin, contentType, body);
    }

    private HttpResponse<String> send(String path, String origin, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Authorization", adminAuthorization()).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (origin != null) {
            b.header("Origin", origin);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
