package com.nxtnd.hub.mapping;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the JSONata field mappings live, and how often a mapping is parsed.
 *
 * @param directory    hub.mappings.directory, default ./mappings
 * @param usesPerParse records a parsed mapping maps on one thread before it is parsed again; 0 (the default): until
 *                     the file changes. A parse is about 80 us, more than mapping a record; a reused one maps each
 *                     record as a fresh one would (MappingService puts its environment back before each)
 */
@ConfigurationProperties("hub.mappings")
public record MappingProperties(@DefaultValue("mappings") String directory, @DefaultValue("0") int usesPerParse) {
}
