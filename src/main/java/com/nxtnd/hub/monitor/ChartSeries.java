package com.nxtnd.hub.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One metric series folded into buckets: its tags (the per-instance tag folded away), count or gauge, and
 * points as [epoch milliseconds, value].
 */
public record ChartSeries(String name, JsonNode tags, String kind, List<List<Number>> points) {
}
