package com.nxtnd.hub.sandbox;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * One sandbox's fault settings and the count of calls it received (by method and path with ids folded to
 * {id}), so that tests and benchmarks can assert how many HTTP calls the hub made.
 */
public class SandboxTraffic {

    private static final Pattern ID_SEGMENT = Pattern.compile("/(\\d+|[0-9a-fA-F-]{36})(?=/|$)");

    private final String name;
    private final AtomicReference<FaultSettings> faults = new AtomicReference<>(FaultSettings.NONE);
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();

    public SandboxTraffic(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public FaultSettings faults() {
        return faults.get();
    }

    public void setFaults(FaultSettings settings) {
        faults.set(settings == null ? FaultSettings.NONE : settings);
    }

    public void record(String method, String path) {
        calls.computeIfAbsent(method + " " + ID_SEGMENT.matcher(path).replaceAll("/{id}"), k -> new LongAdder()).increment();
    }

    /** Calls received, e.g. {@code "POST /sandbox/woo/wp-json/wc/v3/products/batch" -> 3}. */
    public Map<String, Long> calls() {
        Map<String, Long> copy = new TreeMap<>();
        calls.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }

    public long calls(String method, String pathSuffix) {
        return calls.entrySet().stream()
                .filter(e -> e.getKey().startsWith(method + " ") && e.getKey().endsWith(pathSuffix))
                .mapToLong(e -> e.getValue().sum()).sum();
    }

    private final Map<Integer, java.util.concurrent.atomic.AtomicLong> injected = new java.util.concurrent.ConcurrentHashMap<>();

    /** An answer the fault injection gave instead of the sandbox (401, 429, 5xx). */
    public void injected(int status) {
        injected.computeIfAbsent(status, s -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
    }

    /** How many answers with {@code status} the fault injection gave since start. */
    public long statusCount(int status) {
        java.util.concurrent.atomic.AtomicLong n = injected.get(status);
        return n == null ? 0 : n.get();
    }

    public void resetCalls() {
        calls.clear();
    }

    boolean roll(double rate) {
        return rate > 0 && ThreadLocalRandom.current().nextDouble() < rate;
    }
}
