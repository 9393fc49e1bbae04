package com.nxtnd.hub.monitor;

import java.util.Map;

/**
 * Where the flows report a condition an operator must see (credentials refused, circuit opened, webhook disabled at
 * the store, ...). A condition is raised once while it lasts and cleared when it ends; implementations de-duplicate
 * by {@code condition}.
 */
public interface Alerts {

    /** @param condition stable key, e.g. {@code credentials:woo}, {@code circuit:woo-write}, {@code webhook-disabled:12} */
    void raise(String condition, Severity severity, String message, Map<String, Object> details);

    void clear(String condition);

    enum Severity { INFO, WARNING, CRITICAL }
}
