package com.nxtnd.hub.routes;

import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.spi.PropertiesFunction;
import org.springframework.boot.convert.DurationStyle;

/**
 * Placeholder function {@code {{seconds:<property>:<default>}}}: a duration setting as the hub writes it ({@code 30s},
 * {@code 2m}, a plain number of milliseconds), in whole seconds, rounded up. For route options that take seconds only,
 * such as a circuit breaker's {@code waitDurationInOpenState}, so that they can name the same setting the Java side
 * binds as a {@link Duration} (hub.peers.nxt.open-wait) instead of a second copy of it in other units.
 */
public class SecondsFunction implements PropertiesFunction, CamelContextAware {

    private CamelContext camelContext;

    @Override
    public String getName() {
        return "seconds";
    }

    @Override
    public String apply(String remainder) {
        int colon = remainder.indexOf(':');
        String key = colon < 0 ? remainder : remainder.substring(0, colon);
        String value = camelContext.getPropertiesComponent().resolveProperty(key)
                .orElse(colon < 0 ? null : remainder.substring(colon + 1));
        if (value == null) {
            throw new IllegalArgumentException("Property " + key + " is not set and {{seconds:" + remainder
                    + "}} gives no default");
        }
        long millis = DurationStyle.detectAndParse(value.trim()).toMillis();
        return Long.toString(Math.max(1, (millis + 999) / 1000));
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }
}
