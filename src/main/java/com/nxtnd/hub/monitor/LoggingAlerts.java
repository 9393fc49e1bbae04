package com.nxtnd.hub.monitor;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.stereotype.Component;

/** Alerts written to the log only, once per condition while it lasts; replaced by a stored implementation. */
@Component
@ConditionalOnMissingBean(value = Alerts.class, ignored = LoggingAlerts.class)
public class LoggingAlerts implements Alerts {

    private static final Logger log = LoggerFactory.getLogger(LoggingAlerts.class);
    private final Set<String> active = ConcurrentHashMap.newKeySet();

    @Override
    public void raise(String condition, Severity severity, String message, Map<String, Object> details) {
        if (active.add(condition)) {
            log.warn("ALERT {} [{}]: {} {}", condition, severity, message, details);
        }
    }

    @Override
    public void clear(String condition) {
        if (active.remove(condition)) {
            log.info("ALERT cleared: {}", condition);
        }
    }
}
