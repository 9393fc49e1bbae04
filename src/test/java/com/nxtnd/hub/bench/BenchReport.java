package com.nxtnd.hub.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One benchmark's outcome: a table for people, bench/results/NAME.json for tools and the README. */
public class BenchReport {

    /** One line of the table: what was measured, its value, the reference's and the target. */
    public record Row(String metric, String value, String reference, String ratio, String target, Boolean met) {
    }

    final String name;
    final String title;
    final ObjectNode json = Peers.JSON.createObjectNode();
    final List<Row> rows = new ArrayList<>();
    final List<String> notes = new ArrayList<>();

    public BenchReport(String name, String title) {
        this.name = name;
        this.title = title;
        json.put("benchmark", name).put("title", title).put("measuredAt", Instant.now().toString())
                .put("cores", Runtime.getRuntime().availableProcessors());
    }

    ObjectNode params() {
        return json.with("parameters");
    }

    ObjectNode metrics() {
        return json.with("metrics");
    }

    BenchReport row(String metric, String value, String reference, String ratio, String target, Boolean met) {
        rows.add(new Row(metric, value, reference, ratio, target, met));
        return this;
    }

    BenchReport row(String metric, String value) {
        return row(metric, value, "", "", "", null);
    }

    BenchReport note(String note) {
        notes.add(note);
        return this;
    }

    static String f(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    static String ratio(double value, double reference) {
        return reference == 0 ? "" : String.format(Locale.ROOT, "%.2f", value / reference);
    }

    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.0f MB", bytes / 1024.0 / 1024.0);
    }

    /** All targets met (rows without a target do not count). */
    boolean passed() {
        return rows.stream().allMatch(r -> r.met() == null || r.met());
    }

    String table() {
        String[] head = {"metric", "hub", "reference", "hub/ref", "target", "ok"};
        List<String[]> lines = new ArrayList<>();
        lines.add(head);
        for (Row r : rows) {
            lines.add(new String[] {r.metric(), r.value(), r.reference(), r.ratio(), r.target(),
                r.met() == null ? "" : r.met() ? "yes" : "NO"});
        }
        int[] w = new int[head.length];
        for (String[] l : lines) {
            for (int i = 0; i < l.length; i++) {
                w[i] = Math.max(w[i], l[i].length());
            }
        }
        StringBuilder out = new StringBuilder("\n== " + name + ": " + title + "\n");
        for (int n = 0; n < lines.size(); n++) {
            String[] l = lines.get(n);
            for (int i = 0; i < l.length; i++) {
                out.append(i == 0 ? "" : " | ").append(String.format("%-" + w[i] + "s", l[i]));
            }
            out.append('\n');
            if (n == 0) {
                for (int i = 0; i < w.length; i++) {
                    out.append(i == 0 ? "" : "-+-").append("-".repeat(w[i]));
                }
                out.append('\n');
            }
        }
        notes.forEach(n -> out.append("  * ").append(n).append('\n'));
        return out.toString();
    }

    /** Writes bench/results/NAME.json (or NAME.smoke.json) under {@code dir}. */
    Path write(Path dir, boolean smoke) {
        ArrayNode table = json.putArray("table");
        for (Row r : rows) {
            ObjectNode o = table.addObject().put("metric", r.metric()).put("hub", r.value())
                    .put("reference", r.reference()).put("ratio", r.ratio()).put("target", r.target());
            if (r.met() != null) {
                o.put("met", r.met());
            }
        }
        ArrayNode n = json.putArray("notes");
        notes.forEach(n::add);
        json.put("smoke", smoke).put("allTargetsMet", passed());
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(name + (smoke ? ".smoke" : "") + ".json");
            Files.writeString(file, Peers.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
