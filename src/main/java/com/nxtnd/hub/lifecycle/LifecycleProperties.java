package com.nxtnd.hub.lifecycle;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Start and stop (hub.lifecycle.*).
 *
 * @param inboxGrace how long a stop lets the inbox finish the events it is applying; what is still held then is
 *                   released to the inbox (pending) for the next start
 * @param camelGrace how long Camel then waits for any other exchange in flight before it stops anyway
 * @param catchUp    on start, pull what changed in WooCommerce since the last delivery stored (minus the sync overlap)
 */
@ConfigurationProperties("hub.lifecycle")
public record LifecycleProperties(@DefaultValue("4s") Duration inboxGrace, @DefaultValue("3s") Duration camelGrace,
                                  @DefaultValue("true") boolean catchUp) {
}
