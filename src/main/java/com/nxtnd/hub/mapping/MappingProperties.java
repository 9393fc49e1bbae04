package com.nxtnd.hub.mapping;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Where the JSONata field mappings live (hub.mappings.directory, default ./mappings). */
@ConfigurationProperties("hub.mappings")
public record MappingProperties(@DefaultValue("mappings") String directory) {
}
