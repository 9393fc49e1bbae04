package com.nxtnd.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests that run the whole hub the way the README starts it: embedded PostgreSQL (a throw-away data
 * directory), both sandboxes in-process, on a free port bound before start so the sandbox URLs are right.
 */
@CamelSpringBootTest
@SpringBootTest(classes = HubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
public abstract class HubIntegrationTest {

    @Value("${server.port}")
    protected int port;

    @DynamicPropertySource
    static void hubProperties(DynamicPropertyRegistry registry) {
        registry.add("server.port", HubIntegrationTest::freePort);
        registry.add("hub.embedded-db-dir", () -> "");
        registry.add("server.address", () -> "127.0.0.1");
    }

    protected String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
