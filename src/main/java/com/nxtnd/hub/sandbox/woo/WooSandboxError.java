package com.nxtnd.hub.sandbox.woo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A WooCommerce REST error: {@code {"code","message","data":{"status",...}}}. */
public class WooSandboxError extends RuntimeException {

    final String code;
    final int status;
    final ObjectNode data;

    WooSandboxError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
        this.data = JsonNodeFactory.instance.objectNode().put("status", status);
    }

    WooSandboxError with(String key, Object value) {
        data.putPOJO(key, value);
        return this;
    }

    ObjectNode body() {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("code", code).put("message", getMessage());
        body.set("data", data);
        return body;
    }
}
