package com.nxtnd.hub.monitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Posts an alert to an outbound incoming-webhook URL as Slack-compatible JSON ({@code {"text": ...}}), off the
 * caller's thread: a slow or dead chat service never holds up a webhook or a sync run.
 */
public class AlertNotifier {

    private final HttpClient http;
    private final ObjectMapper json;
    private final Duration timeout;

    public AlertNotifier(ObjectMapper json, Duration timeout) {
        this.json = json;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Completes normally on a 2xx answer, exceptionally otherwise (the status or the I/O error as message). */
    public CompletableFuture<Void> post(String url, String text) {
        String body;
        try {
            body = json.writeValueAsString(Map.of("text", text));
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(e);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenAccept(response -> {
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("alert webhook answered HTTP " + response.statusCode());
            }
        });
    }
}
