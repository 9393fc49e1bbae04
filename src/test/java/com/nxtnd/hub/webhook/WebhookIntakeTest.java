package com.nxtnd.hub.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nxtnd.hub.HubIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The intake as WooCommerce meets it: real captured deliveries, signatures over raw bytes, 200s that mean "kept". */
class WebhookIntakeTest extends WebhookTestSupport {


    @Test
    void pingFromARealStoreIsAnswered200AndRecorded() throws Exception {
        CapturedDelivery ping = CapturedDelivery.load("delivery-ping.txt");
        HttpResponse<String> response = ping.send(http, url("/api/woocommerce/webhooks/product"));
        assertThat(response.statusCode()).isEqualTo(200);
        long id = eventId(response);
        assertThat(status(id)).isEqualTo("ping");
        assertThat(jdbc.queryForObject("select convert_from(payload, 'UTF8') from wc_webhook_events where id = ?",
                String.class, id)).isEqualTo("webhook_id=1");
    }

    @Test
    void deliverySignedWithAnotherSecretIs401RecordedWithSourceIpAndNeverProcessed() throws Exception {
        CapturedDelivery real = CapturedDelivery.load("delivery-product-updated.txt"); // signed by the capture store's secret
        HttpResponse<String> response = real.send(http, url("/api/woocommerce/webhooks/product"));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("\"error\":\"invalid_signature\"");
        Map<String, Object> row = jdbc.queryForMap("select * from wc_webhook_events where signature_status = 'invalid' "
                + "order by id desc limit 1");
        assertThat(row.get("status")).isEqualTo("rejected");
        assertThat(row.get("reject_reason")).isEqualTo("signature_invalid");
        assertThat(row.get("source_ip")).isEqualTo("127.0.0.1");

        HttpResponse<String> unsigned = real.withHeader("X-WC-Webhook-Signature", null)
                .send(http, url("/api/woocommerce/webhooks"));
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(unsigned.body()).contains("missing");
    }

    @Test
    void signatureIsCheckedOverTheRawBytesWithEscapedSlashes() throws Exception {
        CapturedDelivery real = CapturedDelivery.load("delivery-product-updated.txt");
        assertThat(new String(real.body(), StandardCharsets.UTF_8)).contains("http:\\/\\/127.0.0.1");
        HttpResponse<String> accepted = real.signedWith(SECRET).send(http, url("/api/woocommerce/webhooks/product"));
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(accepted.body()).contains("\"status\":\"accepted\"");
        byte[] stored = jdbc.queryForObject("select payload from wc_webhook_events where id = ?", byte[].class,
                eventId(accepted));
        assertThat(stored).isEqualTo(real.body());
    }

    @Test
    void headerNamesMatchCaseInsensitively() throws Exception {
        CapturedDelivery real = CapturedDelivery.load("delivery-product-updated-batch-b.txt");
        byte[] body = real.body();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url("/api/woocommerce/webhooks")))
                .header("content-type", "application/json")
                .header("x-wc-webhook-topic", "product.updated")
                .header("X-Wc-Webhook-Signature", com.nxtnd.hub.woo.WebhookSignature.sign(body, SECRET))
                .header("x-wc-webhook-id", "1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("select topic from wc_webhook_events where id = ?", String.class,
                eventId(response))).isEqualTo("product.updated");
    }

    @Test
    void malformedJsonAndUnknownTopicsAre200ButStoredAsRejectedWithTheReason() throws Exception {
        CapturedDelivery real = CapturedDelivery.load("delivery-product-updated.txt");
        byte[] broken = "{\"id\": 14, \"name\": ".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> malformed = real.withBody(broken).signedWith(SECRET)
                .send(http, url("/api/woocommerce/webhooks/product"));
        assertThat(malformed.statusCode()).isEqualTo(200);
        assertThat(status(eventId(malformed))).isEqualTo("rejected");
        assertThat(reason(eventId(malformed))).isEqualTo("malformed_json");

        HttpResponse<String> coupon = real.withHeader("X-WC-Webhook-Topic", "coupon.created").signedWith(SECRET)
                .send(http, url("/api/woocommerce/webhooks"));
        assertThat(coupon.statusCode()).isEqualTo(200);
        assertThat(reason(eventId(coupon))).isEqualTo("unknown_topic");

        Map<String, Object> stats = adminJson("/api/woocommerce/webhooks/stats");
        assertThat(stats.toString()).contains("malformed_json", "unknown_topic");
    }

    @Test
    void aJsonBodySentAsAFormIsStillJudgedOnItsBytesNeverA5xx() throws Exception {
        CapturedDelivery real = CapturedDelivery.load("delivery-product-updated.txt")
                .withHeader("Content-Type", "application/x-www-form-urlencoded");
        HttpResponse<String> forged = real.send(http, url("/api/woocommerce/webhooks"));
        assertThat(forged.statusCode()).isEqualTo(401);
        HttpResponse<String> signed = real.signedWith(SECRET).send(http, url("/api/woocommerce/webhooks"));
        assertThat(signed.statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("select content_type from wc_webhook_events where id = ?", String.class,
                eventId(signed))).isEqualTo("application/x-www-form-urlencoded");
    }

    @Test
    void oversizeDeliveryIs413BeforeItIsStored() throws Exception {
        long before = jdbc.queryForObject("select count(*) from wc_webhook_events", Long.class);
        byte[] huge = new byte[2 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) ' ');
        int status = CapturedDelivery.load("delivery-product-updated.txt").withBody(huge)
                .signedWith(SECRET).statusBeforeBody(URI.create(url("/api/woocommerce/webhooks/product")));
        assertThat(status).as("413 decided from Content-Length, not a 100 asking for the body").isEqualTo(413);
        assertThat(jdbc.queryForObject("select count(*) from wc_webhook_events", Long.class)).isEqualTo(before);
    }

    @Test
    void statsAndRetryNeedTheAdminLogin() throws Exception {
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(url("/api/woocommerce/webhooks/stats")))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> retry = http.send(HttpRequest.newBuilder(URI.create(url("/api/woocommerce/webhooks/retry")))
                .header("Authorization", admin()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"topic\":\"product.updated\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(retry.body()).contains("requeued");
    }
}
