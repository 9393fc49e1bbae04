package com.nxtnd.hub.routes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.model.CircuitBreakerDefinition;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.CamelContextHelper;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.FileWatcherResourceReloadStrategy;
import org.apache.camel.support.PluginHelper;
import org.slf4j.Logger;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reloads a YAML route file from {@code routes/} when it changes, but only after it has loaded cleanly into a
 * throw-away context: Camel 4.17's own reload drops every route when one file fails to load. A broken file is
 * reported with its name and line, and the routes already running stay as they are.
 */
@Component
public class YamlRouteReloader implements CamelContextConfiguration {

    private static final Logger log = LoggerFactory.getLogger(YamlRouteReloader.class);

    private final YamlRoutesProperties properties;
    private final Map<String, String> lastErrors = new ConcurrentHashMap<>();

    public YamlRouteReloader(YamlRoutesProperties properties) {
        this.properties = properties;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        // the files are loaded by camel.main.routes-include-pattern; what their placeholders may call is added here
        SecondsFunction seconds = new SecondsFunction();
        seconds.setCamelContext(camelContext);
        camelContext.getPropertiesComponent().addPropertiesFunction(seconds);
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        Path dir = Path.of(properties.directory()).toAbsolutePath();
        if (!properties.reloadEnabled() || !Files.isDirectory(dir)) {
            return;
        }
        FileWatcherResourceReloadStrategy watcher = new FileWatcherResourceReloadStrategy(dir.toString());
        watcher.setFileFilter(file -> file.getName().endsWith(".yaml"));
        watcher.setResourceReload((name, resource) -> reload(camelContext, resource));
        try {
            camelContext.addService(watcher, true, true);
            log.info("Watching {} for YAML route changes", dir);
        } catch (Exception e) {
            log.error("Could not watch {} for route changes: {}", dir, e.getMessage(), e);
        }
    }

    /** Validates, then swaps the routes of one file. Returns true when the file's routes were replaced. */
    public boolean reload(CamelContext camelContext, Resource resource) {
        String file = resource.getLocation();
        Set<String> breakers;
        try {
            breakers = validate(resource);
        } catch (Exception e) {
            String reason = describe(e);
            lastErrors.put(file, reason);
            log.error("Route file {} was NOT reloaded, the running routes are unchanged: {}", file, reason);
            return false;
        }
        try {
            forgetBreakers(camelContext, breakers);
            Set<String> ids = PluginHelper.getRoutesLoader(camelContext).updateRoutes(resource);
            lastErrors.remove(file);
            log.info("Reloaded route file {}: routes {}", file, ids);
            return true;
        } catch (Exception e) {
            String reason = describe(e);
            lastErrors.put(file, reason);
            log.error("Route file {} passed validation but failed to start: {}", file, reason, e);
            return false;
        }
    }

    /** Files whose last reload was refused, with the reason (file and line). */
    public Map<String, String> lastErrors() {
        return Map.copyOf(lastErrors);
    }

    /** Loads the file into a scratch context; answers the ids of the circuit breakers its routes declare. */
    private static Set<String> validate(Resource resource) throws Exception {
        try (DefaultCamelContext scratch = new DefaultCamelContext(false)) {
            scratch.build();
            PluginHelper.getRoutesLoader(scratch).loadRoutes(resource);
            Set<String> breakers = new java.util.HashSet<>();
            for (RouteDefinition route : scratch.getCamelContextExtension().getContextPlugin(Model.class)
                    .getRouteDefinitions()) {
                for (CircuitBreakerDefinition breaker : ProcessorDefinitionHelper.filterTypeInOutputs(
                        route.getOutputs(), CircuitBreakerDefinition.class)) {
                    if (breaker.getId() != null) {
                        breakers.add(breaker.getId());
                    }
                }
            }
            return breakers;
        }
    }

    /**
     * A breaker the reloaded routes declare is made anew with the file's settings: Camel takes a route's breaker from
     * the Resilience4j registry by its id, and the registry would answer the instance made with the old settings.
     * Its counts start again, as after a restart.
     */
    private static void forgetBreakers(CamelContext camelContext, Set<String> ids) {
        CircuitBreakerRegistry registry = CamelContextHelper.findSingleByType(camelContext, CircuitBreakerRegistry.class);
        if (registry == null || ids.isEmpty()) {
            return;
        }
        ids.forEach(registry::remove);
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && text.indexOf(t.getMessage()) < 0) {
                if (!text.isEmpty()) {
                    text.append(" | caused by: ");
                }
                text.append(t.getMessage());
            }
            if (t instanceof MarkedYamlEngineException marked) {
                marked.getProblemMark().or(marked::getContextMark).ifPresent(mark -> text
                        .append(" (line ").append(mark.getLine() + 1).append(", column ").append(mark.getColumn() + 1).append(')'));
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return text.toString();
    }
}
