package com.nxtnd.hub.webhook;

import com.nxtnd.hub.TestMaterial;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A webhook request captured from a real WooCommerce 8.9.1 store, replayed with its headers and exact bytes. */
public record CapturedDelivery(Map<String, String> headers, byte[] body) {

    private static final Set<String> NOT_REPLAYED = Set.of("host", "connection", "content-length", "accept-encoding");

    public static CapturedDelivery load(String name) throws IOException {
        byte[] file = TestMaterial.bytes("woocommerce/deliveries/" + name);
        String text = new String(file, StandardCharsets.ISO_8859_1);
        int split = text.indexOf("\n\n");
        Map<String, String> headers = new LinkedHashMap<>();
        int length = -1;
        for (String line : text.substring(0, split).split("\n")) {
            int colon = line.indexOf(": ");
            if (line.startsWith("#") || colon < 0) {
                continue;
            }
            String header = line.substring(0, colon);
            String value = line.substring(colon + 2).trim();
            if (header.equalsIgnoreCase("Content-Length")) {
                length = Integer.parseInt(value);
            }
            headers.put(header, value);
        }
        byte[] body = Arrays.copyOfRange(file, split + 2, split + 2 + length);
        return new CapturedDelivery(headers, body);
    }

    /** A delivery of {@code body} on {@code topic}, with the captured real delivery's headers, signed with {@code secret}. */
    public static CapturedDelivery of(String topic, byte[] body, String secret) throws IOException {
        return load("delivery-product-updated.txt").withBody(body)
                .withHeader("X-WC-Webhook-Topic", topic)
                .withHeader("X-WC-Webhook-Resource", topic.substring(0, topic.indexOf('.')))
                .withHeader("X-WC-Webhook-Event", topic.substring(topic.indexOf('.') + 1))
                .signedWith(secret);
    }

    public CapturedDelivery withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.keySet().removeIf(k -> k.equalsIgnoreCase(name));
        if (value != null) {
            copy.put(name, value);
        }
        return new CapturedDelivery(copy, body);
    }

    public CapturedDelivery withBody(byte[] newBody) {
        return new CapturedDelivery(headers, newBody);
    }

    /** Signs the exact bytes with {@code secret}, as WooCommerce does. */
    public CapturedDelivery signedWith(String secret) {
        return withHeader("X-WC-Webhook-Signature", com.nxtnd.hub.woo.WebhookSignature.sign(body, secret));
    }

    public HttpResponse<String> send(HttpClient http, String url) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((k, v) -> {
            if (!NOT_REPLAYED.contains(k.toLowerCase()) && !k.equalsIgnoreCase("User-Agent")) {
                b.header(k, v);
            }
        });
        b.setHeader("User-Agent", headers.getOrDefault("User-Agent", "test"));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends the headers alone, with "Expect: 100-continue" as WordPress's HTTP client (Requests 2.x,
     * get_expect_header) does for bodies of 1 MB and more, and returns the status of the first answer: the store
     * waits for it before sending the body. (The JDK 17 client's expectContinue hangs on any answer but 100.)
     */
    int statusBeforeBody(URI url) throws IOException {
        try (java.net.Socket socket = new java.net.Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(10_000);
            StringBuilder head = new StringBuilder("POST " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost()
                    + ":" + url.getPort() + "\r\nContent-Length: " + body.length + "\r\nExpect: 100-continue\r\n");
            headers.forEach((k, v) -> {
                if (!NOT_REPLAYED.contains(k.toLowerCase()) && !k.equalsIgnoreCase("Expect")) {
                    head.append(k).append(": ").append(v).append("\r\n");
                }
            });
            socket.getOutputStream().write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1)).readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }
}
