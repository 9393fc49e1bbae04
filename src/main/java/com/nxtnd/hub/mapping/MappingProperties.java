package com.nxtnd.hub.mapping;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the JSONata field mappings live, and how often a mapping is parsed.
 *
 * @param directory    hub.mappings.directory, default ./mappings
 * @param usesPerParse records a parsed mapping maps on one thread before it is parsed again (1: every record).
 *                     jsonata-java 0.9.9 gets slower with each evaluation of one instance; parsing took three fifths
 *                     of the hub's CPU in a full sync when every record had its own (bench/README.md)
 */
@ConfigurationProperties("hub.mappings")
public record MappingProperties(@DefaultValue("mappings") String directory, @DefaultValue("10") int usesPerParse) {
}
