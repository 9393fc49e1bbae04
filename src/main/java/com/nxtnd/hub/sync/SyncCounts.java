package com.nxtnd.hub.sync;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counts per entity, direction and result ("product.pull.created" -> 12), safe across batch threads. */
public class SyncCounts {

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    public void add(String entity, String direction, String result, long n) {
        counts.computeIfAbsent(entity + "." + direction + "." + result, k -> new AtomicLong()).addAndGet(n);
    }

    public void add(String entity, String direction, String result) {
        add(entity, direction, result, 1);
    }

    public long get(String entity, String direction, String result) {
        AtomicLong v = counts.get(entity + "." + direction + "." + result);
        return v == null ? 0 : v.get();
    }

    /** {"product":{"pull":{"created":12,...}}} */
    public Map<String, Map<String, Map<String, Long>>> asTree() {
        Map<String, Map<String, Map<String, Long>>> tree = new TreeMap<>();
        counts.forEach((key, value) -> {
            String[] p = key.split("\\.", 3);
            tree.computeIfAbsent(p[0], k -> new TreeMap<>()).computeIfAbsent(p[1], k -> new TreeMap<>()).put(p[2], value.get());
        });
        return tree;
    }
}
