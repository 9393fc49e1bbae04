package com.nxtnd.hub.routes;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Where the operator-editable YAML routes live, and whether edits are picked up while running. */
@ConfigurationProperties("hub.routes")
public record YamlRoutesProperties(@DefaultValue("routes") String directory, @DefaultValue("true") boolean reloadEnabled) {
}
