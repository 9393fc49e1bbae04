package com.nxtnd.hub.monitor;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The monitoring timers, visible in Hawtio like every other route: {@code monitoring-snapshot} refreshes the store
 * meters, writes a snapshot and evaluates the alert thresholds every {@code hub.monitoring.metrics-interval};
 * {@code monitoring-retention} deletes old snapshots and resolved alerts every hour.
 */
@Component
public class MonitoringRoutes extends RouteBuilder {

    private final MonitoringProperties properties;
    private final StoreMetrics metrics;
    private final MetricsSnapshots snapshots;
    private final AlertEvaluator evaluator;

    public MonitoringRoutes(MonitoringProperties properties, StoreMetrics metrics, MetricsSnapshots snapshots,
                            AlertEvaluator evaluator) {
        this.properties = properties;
        this.metrics = metrics;
        this.snapshots = snapshots;
        this.evaluator = evaluator;
    }

    @Override
    public void configure() {
        long interval = Math.max(1000, properties.metricsInterval().toMillis());
        from("timer:monitoring-snapshot?delay=" + Math.min(interval, 10_000) + "&period=" + interval)
                .routeId("monitoring-snapshot")
                .routeDescription("Store meters, snapshot to wc_monitoring_metrics, alert thresholds")
                .onException(Exception.class).handled(true)
                    .log(LoggingLevel.WARN, "Monitoring snapshot failed: ${exception.message}")
                .end()
                .process(e -> metrics.refresh())
                .process(e -> snapshots.take(false))
                .process(e -> evaluator.evaluate());

        from("timer:monitoring-retention?delay=60000&period=3600000")
                .routeId("monitoring-retention")
                .routeDescription("Deletes snapshots and resolved alerts older than hub.monitoring.retention")
                .onException(Exception.class).handled(true)
                    .log(LoggingLevel.WARN, "Monitoring retention failed: ${exception.message}")
                .end()
                .process(e -> snapshots.purge());
    }
}
