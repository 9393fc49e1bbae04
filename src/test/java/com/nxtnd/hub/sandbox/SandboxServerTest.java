package com.nxtnd.hub.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.nxtnd.hub.woo.OAuth1;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** Both sandboxes run alone in a process of their own (for benchmarks), without the hub or a database. */
class SandboxServerTest {

    @Test
    void bothSandboxesServeOnTheirOwnPort() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (ConfigurableApplicationContext sandbox = SandboxServer.start("--server.port=" + port,
                "--server.address=127.0.0.1")) {
            assertThat(sandbox.containsBean("dataSource")).isFalse();
            HttpClient http = HttpClient.newHttpClient();
            URI products = OAuth1.sign("GET", URI.create("http://127.0.0.1:" + port
                    + "/sandbox/woo/wp-json/wc/v3/products?per_page=1"), "ck_sandbox", "cs_sandbox");
            HttpResponse<String> woo = http.send(HttpRequest.newBuilder(products).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(woo.statusCode()).isEqualTo(200);
            assertThat(woo.headers().firstValue("X-WP-Total")).contains("200");
            HttpResponse<String> nxt = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/sandbox/nxt/api/products?pageSize=1")).header("Authorization", "Bearer sandbox-token").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(nxt.statusCode()).isEqualTo(200);
            assertThat(nxt.body()).contains("\"totalCount\":170");
            HttpResponse<String> faults = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/sandbox/nxt/_faults")).header("Authorization", "Basic " + java.util.Base64.getEncoder()
                    .encodeToString("admin:admin".getBytes(java.nio.charset.StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(faults.body()).contains("errorRate");
            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/sandbox/nxt/_faults")).PUT(HttpRequest.BodyPublishers.ofString("{\"outage\":true}"))
                    .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
            // every control endpoint that wipes, seeds or rewrites a peer asks for the login too
            for (String[] call : new String[][] {{"POST", "/sandbox/nxt/_reset"}, {"POST", "/sandbox/woo/_reset"},
                    {"POST", "/sandbox/nxt/_seed"}, {"POST", "/sandbox/woo/_seed"}, {"POST", "/sandbox/woo/_taxes"},
                    {"DELETE", "/sandbox/nxt/_records/products/any"}, {"GET", "/sandbox/woo/_calls"}}) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + call[1]))
                        .method(call[0], HttpRequest.BodyPublishers.ofString("{\"products\":5000,\"rate\":\"50\"}"))
                        .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as("%s %s", call[0], call[1]).isEqualTo(401);
            }
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/sandbox/nxt/api/products?pageSize=1")).header("Authorization", "Bearer sandbox-token").build(),
                    HttpResponse.BodyHandlers.ofString()).body()).as("nothing was reset or seeded").contains("\"totalCount\":170");
            HttpResponse<String> seeded = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/sandbox/nxt/_seed")).POST(HttpRequest.BodyPublishers.ofString("{\"products\":5}"))
                    .header("Content-Type", "application/json").header("Authorization", "Basic " + java.util.Base64
                    .getEncoder().encodeToString("admin:admin".getBytes(java.nio.charset.StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(seeded.statusCode()).as(seeded.body()).isEqualTo(200);
        }
    }
}
