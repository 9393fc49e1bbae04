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
    /** Per thread (an instance is not safe to share): each mapping's parsed expression, while it has uses left. */
    private final ThreadLocal<Map<String, Parsed>> parsed = ThreadLocal.withInitial(java.util.HashMap::new);
    private final int usesPerParse;

    private static final class Parsed {
        final Compiled version;
        final Jsonata expression;
        /** The instance's environment as parsed, put back before each evaluation (see ENVIRONMENT). */
        final Object environment;
        int uses;

        Parsed(Compiled version) {
            this.version = version;
            this.expression = Jsonata.jsonata(version.source());
            this.environment = ENVIRONMENT.map(field -> {
                try {
                    return field.get(expression);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }).orElse(null);
        }

        /** Puts the environment back as parsed: what the last evaluation left there is not this one's business. */
        void reset() {
            ENVIRONMENT.ifPresent(field -> {
                try {
                    field.set(expression, environment);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    /**
     * jsonata-java evaluates a function call ($exists, a lambda) in the instance last created on the thread
     * ({@code Jsonata.current}, package-private), not in the one evaluating: with several mappings parsed on a
     * thread, a reused one would call into another's. Set before each evaluation; without it, nothing is reused.
     */
    private static final java.util.Optional<ThreadLocal<Jsonata>> PER_THREAD = perThreadInstance();

    /**
     * jsonata-java 0.9.9 keeps the frame it evaluates in as the instance's {@code environment} (package-private, set
     * at each step of an evaluation), and the next evaluation's frame is made a child of it: the frames of every
     * record so far stay chained, two more per record, and every name lookup walks them. That is why a reused
     * instance got slower with each record (90 us at first, 22 ms at the 2,000th for the product mapping) and ended
     * in a StackOverflowError, and why it could see an earlier record's bindings. Put back before each evaluation, a
     * parse serves every record at the cost of the first (about 39 us against 88 us when parsed every ten records,
     * measured with the product mapping and its sample).
     */
    private static final java.util.Optional<java.lang.reflect.Field> ENVIRONMENT = environmentField();

    private static java.util.Optional<java.lang.reflect.Field> environmentField() {
        try {
            java.lang.reflect.Field field = Jsonata.class.getDeclaredField("environment");
            field.setAccessible(true);
            return java.util.Optional.of(field);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("jsonata-java without Jsonata.environment ({}): a parsed mapping serves {} records", e.toString(),
                    FALLBACK_USES_PER_PARSE);
            return java.util.Optional.empty();
        }
    }

    /** Records a parse serves when its environment cannot be put back (the cost of each grows with the last's). */
    private static final int FALLBACK_USES_PER_PARSE = 10;

    @SuppressWarnings("unchecked")
    private static java.util.Optional<ThreadLocal<Jsonata>> perThreadInstance() {
        try {
            java.lang.reflect.Field field = Jsonata.class.getDeclaredField("current");
            field.setAccessible(true);
            return java.util.Optional.of((ThreadLocal<Jsonata>) field.get(null));
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("jsonata-java without Jsonata.current ({}): every record parses its mapping anew", e.toString());
            return java.util.Optional.empty();
        }
    }

    public MappingService(MappingProperties properties, ObjectMapper json) {
        this.directory = Path.of(properties.directory()).toAbsolutePath();
        this.json = json;
        int uses = properties.usesPerParse() > 0 ? properties.usesPerParse()
                : ENVIRONMENT.isPresent() ? Integer.MAX_VALUE : FALLBACK_USES_PER_PARSE;
        this.usesPerParse = PER_THREAD.isPresent() ? uses : 1;
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
        List<String> learned = List.copyOf(out);
        fields.put(name, Map.entry(mapping.modified(), learned));
        return learned; // the same list until the file changes (CanonicalRecords.fields keys on it)
    }

    private JsonNode evaluate(String name, Compiled mapping, JsonNode input, Map<String, Object> bindings) {
        String file = fileName(name);
        // An instance is parsed once per thread and mapping version and serves every record, its environment put
        // back before each (ENVIRONMENT); parsing costs about 80 us, more than mapping a product.
        boolean product = "product.woo-to-nxt".equals(name); // both views of a stored product map alike (WooStoredForm)
        if (product) {
            bindings = storedParent(bindings);
        }
        Map<String, Object> given = new java.util.TreeMap<>();
        bindings.forEach((k, v) -> {
            if (v != null && !(v instanceof JsonNode node && (node.isNull() || node.isMissingNode()))) {
                given.put(k, v);
            }
        });
        // Without ENVIRONMENT an instance keeps each evaluation's bindings: one whose record had no $parent would see
        // the last record's. So an instance only serves records with the same bindings, each of which replaces the
        // last's.
        String cacheKey = given.isEmpty() ? name : name + given.keySet();
        Parsed parse = expression(cacheKey, mapping);
        Jsonata expression = parse.expression;
        Object result;
        try {
            parse.reset();
            PER_THREAD.ifPresent(current -> current.set(expression));
            Jsonata.Frame frame = expression.createFrame();
            given.forEach((k, v) -> frame.bind(k, v instanceof JsonNode node ? JsonataValues.of(node) : v));
            result = expression.evaluate(product ? WooStoredForm.values(input) : JsonataValues.of(input), frame);
        } catch (JException e) {
            parsed.get().remove(cacheKey); // not reused after a failure
            throw new MappingException(file, null, "evaluation failed at position " + e.getLocation() + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            parsed.get().remove(cacheKey);
            throw new MappingException(file, null, "evaluation failed: " + e, e);
        }
        // JSONata's null is a marker object; turn it into JSON null before Jackson sees it
        JsonNode output = json.valueToTree(com.dashjoin.jsonata.Utils.convertNulls(result));
        if (output == null || !output.isObject()) {
            throw new MappingException(file, null, "must produce a JSON object, produced " + output, null);
        }
        return output;
    }

    /** This thread's parse of the mapping's current version, parsed again after usesPerParse records. */
    private Parsed expression(String cacheKey, Compiled mapping) {
        Map<String, Parsed> mine = parsed.get();
        Parsed p = mine.get(cacheKey);
        if (p == null || p.version != mapping || p.uses >= usesPerParse) {
            p = new Parsed(mapping);
            mine.put(cacheKey, p);
        }
        p.uses++;
        return p;
    }

    private static Map<String, Object> storedParent(Map<String, Object> bindings) {
        if (!(bindings.get("parent") instanceof JsonNode parent)) {
            return bindings;
        }
        Map<String, Object> copy = new java.util.HashMap<>(bindings);
        copy.put("parent", WooStoredForm.values(parent));
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
