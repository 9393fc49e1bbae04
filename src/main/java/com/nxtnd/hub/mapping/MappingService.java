package com.nxtnd.hub.mapping;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Evaluates the declarative field mappings in {@code mappings/NAME.jsonata}. A file is re-read when it changes on
 * disk, so an operator's edit applies to the next record; an edit that does not compile is reported and the last
 * good version keeps serving. A file declares its required output fields in a leading {@code required: a, b} comment.
 */
@Service
public class MappingService {

    private static final Logger log = LoggerFactory.getLogger(MappingService.class);
    private static final Pattern REQUIRED = Pattern.compile("required:[ \\t]*([A-Za-z0-9_.][A-Za-z0-9_., \\t]*)");

    private record Compiled(long modified, String source, List<String> required) {
    }

    private final Path directory;
    private final ObjectMapper json;
    private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();
    private final Map<String, String> lastErrors = new ConcurrentHashMap<>();
    private final Map<String, Map.Entry<Long, List<String>>> fields = new ConcurrentHashMap<>();

    public MappingService(MappingProperties properties, ObjectMapper json) {
        this.directory = Path.of(properties.directory()).toAbsolutePath();
        this.json = json;
    }

    /** Maps {@code input} through {@code mappings/<name>.jsonata}; {@code bindings} are available as $name. */
    public JsonNode map(String name, JsonNode input, Map<String, Object> bindings) {
        Compiled mapping = current(name);
        JsonNode output = evaluate(name, mapping, input, bindings);
        for (String field : mapping.required()) {
            JsonNode value = output.path(field);
            if (value.isMissingNode() || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
                throw new MappingException(fileName(name), field, "required field is missing or empty (input id "
                        + input.path("id").asText("?") + ")", null);
            }
        }
        return output;
    }

    /**
     * The top-level fields mapping {@code name} produces, learned by running its current version on {@code sample}
     * (a full record of the source system); re-learned when the file changes, so that a field an operator adds to
     * a mapping is compared from then on.
     */
    public List<String> outputFields(String name, JsonNode sample) {
        Compiled mapping = current(name);
        Map.Entry<Long, List<String>> known = fields.get(name);
        if (known != null && known.getKey() == mapping.modified()) {
            return known.getValue();
        }
        List<String> out = new java.util.ArrayList<>();
        evaluate(name, mapping, sample, Map.of()).fieldNames().forEachRemaining(out::add);
        fields.put(name, Map.entry(mapping.modified(), List.copyOf(out)));
        return out;
    }

    private JsonNode evaluate(String name, Compiled mapping, JsonNode input, Map<String, Object> bindings) {
        String file = fileName(name);
        // A fresh instance per record (about 0.1 ms to parse): jsonata-java 0.9.9 keeps each evaluation's frame in
        // a reused instance (a lambda such as $money keeps the previous run's environment), so a reused instance
        // gets slower with every record and ends in a StackOverflowError after about ten thousand of them.
        if ("product.woo-to-nxt".equals(name)) { // both views of a stored product map alike (WooStoredForm)
            input = WooStoredForm.of(input);
            bindings = storedParent(bindings);
        }
        Jsonata expression = Jsonata.jsonata(mapping.source());
        Object result;
        try {
            Jsonata.Frame frame = expression.createFrame();
            bindings.forEach((k, v) -> frame.bind(k, v instanceof JsonNode node ? json.convertValue(node, Object.class) : v));
            result = expression.evaluate(json.convertValue(input, Object.class), frame);
        } catch (JException e) {
            throw new MappingException(file, null, "evaluation failed at position " + e.getLocation() + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new MappingException(file, null, "evaluation failed: " + e, e);
        }
        // JSONata's null is a marker object; turn it into JSON null before Jackson sees it
        JsonNode output = json.valueToTree(com.dashjoin.jsonata.Utils.convertNulls(result));
        if (output == null || !output.isObject()) {
            throw new MappingException(file, null, "must produce a JSON object, produced " + output, null);
        }
        return output;
    }

    private static Map<String, Object> storedParent(Map<String, Object> bindings) {
        if (!(bindings.get("parent") instanceof JsonNode parent)) {
            return bindings;
        }
        Map<String, Object> copy = new java.util.HashMap<>(bindings);
        copy.put("parent", WooStoredForm.of(parent));
        return copy;
    }

    /** Mapping files whose last edit was refused, with the reason. */
    public Map<String, String> lastErrors() {
        return Map.copyOf(lastErrors);
    }

    private Compiled current(String name) {
        Path path = directory.resolve(name + ".jsonata");
        long modified;
        try {
            modified = Files.getLastModifiedTime(path).toMillis();
        } catch (IOException e) {
            Compiled known = compiled.get(name);
            if (known != null) {
                return known;
            }
            throw new MappingException(fileName(name), null, "mapping file not found in " + directory, e);
        }
        Compiled known = compiled.get(name);
        if (known != null && known.modified() == modified) {
            return known;
        }
        return compiled.compute(name, (k, old) -> {
            if (old != null && old.modified() == modified) {
                return old;
            }
            try {
                String source = Files.readString(path);
                Jsonata.jsonata(source); // compile check before it replaces the good version
                lastErrors.remove(name);
                if (old != null) {
                    log.info("Reloaded mapping {}", fileName(name));
                }
                return new Compiled(modified, source, required(source));
            } catch (IOException | RuntimeException e) {
                String reason = e instanceof JException je ? je.getMessage() + " at position " + je.getLocation()
                        : e.toString();
                lastErrors.put(name, reason);
                if (old == null) {
                    throw new MappingException(fileName(name), null, "does not compile: " + reason, e);
                }
                log.error("Mapping {} was NOT reloaded, the previous version stays in use: {}", fileName(name), reason);
                return new Compiled(modified, old.source(), old.required());
            }
        });
    }

    private static List<String> required(String source) {
        Matcher m = REQUIRED.matcher(source);
        return m.find() ? Arrays.stream(m.group(1).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()
                : List.of();
    }

    private static String fileName(String name) {
        return "mappings/" + name + ".jsonata";
    }
}
