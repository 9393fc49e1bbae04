package com.nxtnd.hub.monitor;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Makes the hub's Resilience4j breakers visible: as Micrometer gauges ({@code resilience4j.circuitbreaker.state},
 * {@code .calls}, {@code .failure.rate}, ... tagged by name) and as JMX MBeans {@code com.nxtnd.hub:type=CircuitBreaker,name=...}
 * so that Hawtio's JMX tree shows their state beside the Camel routes. Breakers added later are picked up.
 */
@Component
public class CircuitBreakerExposure implements MeterBinder, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(CircuitBreakerExposure.class);

    /** What Hawtio shows for one breaker. */
    public interface CircuitBreakerStateMXBean {
        String getName();

        String getState();

        float getFailureRate();

        float getSlowCallRate();

        int getBufferedCalls();

        int getFailedCalls();

        long getNotPermittedCalls();
    }

    private final ObjectProvider<CircuitBreakerRegistry> registry;
    private final MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
    private final Map<String, ObjectName> registered = new ConcurrentHashMap<>();

    public CircuitBreakerExposure(ObjectProvider<CircuitBreakerRegistry> registry) {
        this.registry = registry;
    }

    @Override
    public void bindTo(MeterRegistry meters) {
        CircuitBreakerRegistry r = registry.getIfAvailable();
        if (r == null) {
            return;
        }
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(r).bindTo(meters);
        r.getAllCircuitBreakers().forEach(this::exportMBean);
        r.getEventPublisher().onEntryAdded(e -> exportMBean(e.getAddedEntry()));
    }

    private void exportMBean(CircuitBreaker cb) {
        try {
            ObjectName name = new ObjectName("com.nxtnd.hub:type=CircuitBreaker,name=" + ObjectName.quote(cb.getName()));
            if (mbeans.isRegistered(name)) {
                mbeans.unregisterMBean(name); // a previous application context in the same JVM (tests)
            }
            mbeans.registerMBean(new javax.management.StandardMBean(new BreakerView(cb), CircuitBreakerStateMXBean.class, true), name);
            registered.put(cb.getName(), name);
        } catch (Exception e) {
            log.warn("Circuit breaker {} not exported to JMX: {}", cb.getName(), e.toString());
        }
    }

    @Override
    public void destroy() {
        registered.values().forEach(name -> {
            try {
                if (mbeans.isRegistered(name)) {
                    mbeans.unregisterMBean(name);
                }
            } catch (Exception e) {
                log.debug("Could not unregister {}: {}", name, e.toString());
            }
        });
        registered.clear();
    }

    private record BreakerView(CircuitBreaker cb) implements CircuitBreakerStateMXBean {
        @Override
        public String getName() {
            return cb.getName();
        }

        @Override
        public String getState() {
            return cb.getState().name();
        }

        @Override
        public float getFailureRate() {
            return cb.getMetrics().getFailureRate();
        }

        @Override
        public float getSlowCallRate() {
            return cb.getMetrics().getSlowCallRate();
        }

        @Override
        public int getBufferedCalls() {
            return cb.getMetrics().getNumberOfBufferedCalls();
        }

        @Override
        public int getFailedCalls() {
            return cb.getMetrics().getNumberOfFailedCalls();
        }

        @Override
        public long getNotPermittedCalls() {
            return cb.getMetrics().getNumberOfNotPermittedCalls();
        }
    }
}
