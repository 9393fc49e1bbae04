package com.nxtnd.hub.monitor;

/** One peer system's calls over a window, from the metric snapshots; the rates and times are absent without calls. */
public record ApiFigures(long calls, long errors, Double failureRate, Double avgMs, Double p95Ms) {

    static final ApiFigures NONE = new ApiFigures(0, 0, null, null, null);
}
