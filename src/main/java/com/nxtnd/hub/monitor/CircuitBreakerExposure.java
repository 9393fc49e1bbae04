package com.nxtnd.hub.monitor;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Makes the hub's Resilience4j breakers visible in Hawtio: one JMX MBean {@code com.nxtnd.hub:type=CircuitBreaker,name=...}
 * per breaker (state, failure rate, calls), beside the Camel routes. Breakers added later are picked up. (Their
 * Micrometer gauges, {@code resilience4j_circuitbreaker_*}, are bound by peer.PeerGuards.)
 */
@Component
public class CircuitBreakerExposure implements SmartInitializingSingleton, DisposableBean {

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
    public void afterSingletonsInstantiated() {
        CircuitBreakerRegistry r = registry.getIfAvailable();
        if (r == null) {
            return;
        }
        r.getAllCircuitBreakers().forEach(this::exportMBean);
        r.getEventPublisher().onEntryAdded(e -> exportMBean(e.getAddedEntry()));
    }

    /**
     * Registers the breaker's MBean; when the name is taken (a second application context in the same JVM, as in
     * tests), this context's MBean gets an extra {@code context} key instead of replacing the other's.
     */
    private void exportMBean(CircuitBreaker cb) {
        try {
            String value = cb.getName().matches("[\\w.-]+") ? cb.getName() : ObjectName.quote(cb.getName());
            ObjectName name = new ObjectName("com.nxtnd.hub:type=CircuitBreaker,name=" + value);
            if (mbeans.isRegistered(name)) {
                name = new ObjectName(name + ",context=" + Integer.toHexString(System.identityHashCode(this)));
            }
            if (!mbeans.isRegistered(name)) {
                mbeans.registerMBean(new javax.management.StandardMBean(new BreakerView(cb),
                        CircuitBreakerStateMXBean.class, true), name);
                registered.put(cb.getName(), name);
            }
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
