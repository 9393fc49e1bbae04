package com.nxtnd.hub.conflict;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Conflict resolution settings (hub.conflicts.*). {@code strategies} overrides the default per entity;
 * {@code fieldRules} gives per entity and field the rule used by the {@code priority} and {@code merge} strategies.
 * Field names are the canonical (NXT-ND) names; {@code price}, {@code address} and {@code inventory} are accepted
 * as the seed's aliases.
 */
@ConfigurationProperties("hub.conflicts")
public record ConflictProperties(
        @DefaultValue("timestamp") Strategy defaultStrategy,
        @DefaultValue("true") boolean autoResolve,
        @DefaultValue("true") boolean backupConflicts,
        Map<String, Strategy> strategies,
        Map<String, Map<String, Strategy>> fieldRules) {

    public static final Map<String, Map<String, Strategy>> SEED_FIELD_RULES = Map.of(
            "customer", Map.of("email", Strategy.WC_WINS, "phone", Strategy.NXT_WINS, "address", Strategy.MERGE),
            "product", Map.of("name", Strategy.WC_WINS, "price", Strategy.NXT_WINS, "inventory", Strategy.NXT_WINS));

    public ConflictProperties {
        strategies = strategies == null ? Map.of() : Map.copyOf(strategies);
        fieldRules = fieldRules == null || fieldRules.isEmpty() ? SEED_FIELD_RULES : Map.copyOf(fieldRules);
    }

    public Strategy strategyFor(String entity) {
        return strategies.getOrDefault(entity, defaultStrategy);
    }
}
