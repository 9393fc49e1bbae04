package com.nxtnd.hub.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.nxtnd.hub.HubIntegrationTest;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Alert e-mails through Spring Boot's mail support, to an SMTP server (GreenMail) started by the test on
 * 127.0.0.1: with SPRING_MAIL_HOST and WOOCOMMERCE_ADMIN_EMAIL set, a raised alert and its resolution each reach
 * the admin once, and a raise that only refreshes an active alert sends nothing.
 */
class AlertMailTest extends HubIntegrationTest {

    static final String ADMIN_EMAIL = "shop-admin@example.com";
    static final int SMTP_PORT = port();
    static GreenMail smtp;

    @Autowired
    StoredAlerts alerts;
    @Autowired
    AlertMailer mailer;

    static int port() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP_PORT);
        registry.add("woocommerce.admin-email", () -> ADMIN_EMAIL);
    }

    @BeforeAll
    static void startSmtp() {
        smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    @AfterAll
    static void stopSmtp() {
        smtp.stop();
    }

    MimeMessage[] mailAbout(String condition) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return m.getSubject().contains(condition);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toArray(MimeMessage[]::new);
    }

    @Test
    void aRaisedAlertAndItsResolutionAreMailedToTheStoreAdminOnce() throws Exception {
        assertThat(mailer.enabled()).isTrue();
        String condition = "mail-test:" + UUID.randomUUID();
        alerts.raise(condition, Alerts.Severity.CRITICAL, "NXT-ND refused the credentials", Map.of("system", "nxt"));
        alerts.raise(condition, Alerts.Severity.CRITICAL, "NXT-ND refused the credentials", Map.of("system", "nxt"));

        await().atMost(Duration.ofSeconds(20)).until(() -> mailAbout(condition).length == 1);
        MimeMessage raised = mailAbout(condition)[0];
        assertThat(raised.getAllRecipients()).extracting(Object::toString).containsExactly(ADMIN_EMAIL);
        assertThat(raised.getSubject()).isEqualTo("[woo-nxt-hub] CRITICAL " + condition + ": NXT-ND refused the credentials");
        String body = raised.getContent().toString();
        assertThat(body).contains("NXT-ND refused the credentials", "system: nxt", "/api/woocommerce/alerts/");

        alerts.clear(condition);
        await().atMost(Duration.ofSeconds(20)).until(() -> mailAbout(condition).length == 2);
        assertThat(mailAbout(condition)[1].getSubject()).isEqualTo("[woo-nxt-hub] resolved " + condition);
        alerts.clear(condition); // nothing active any more: no third mail
        assertThat(alerts.activeConditions(condition)).isEmpty();
        assertThat(mailAbout(condition)).hasSize(2);
    }

    /** The mail server is no part of the hub's health: its outage only delays alert e-mails. */
    @Test
    void theHubsHealthDoesNotDependOnTheMailServer() throws Exception {
        java.net.http.HttpResponse<String> health = adminGet("/actuator/health");
        assertThat(health.body()).contains("\"db\"").doesNotContain("\"mail\"");
    }
}
