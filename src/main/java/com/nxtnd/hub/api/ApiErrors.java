package com.nxtnd.hub.api;

import java.util.LinkedHashMap;
import java.util.Map;

/** The admin API's error body: {@code {error, message, details}}. */
final class ApiErrors {

    private ApiErrors() {
    }

    static Map<String, Object> body(String error, String message, Map<String, Object> details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("message", message);
        body.put("details", details);
        return body;
    }
}
