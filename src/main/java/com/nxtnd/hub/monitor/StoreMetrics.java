package com.nxtnd.hub.monitor;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Webhook, sync, conflict, error, job, stock and alert meters derived from the store tables, so the flows carry
 * no monitoring code and every hub instance reports the same figures. {@link #refresh()} re-reads the tables (route
 * {@code monitoring-snapshot}, every {@code hub.monitoring.metrics-interval}); a scrape only reads the held values.
 *
 * <p>Counters ({@code _total}) are the store's running totals: they drop only when old rows are cleaned up, which
 * Prometheus treats as a counter reset.
 */
@Component
public class StoreMetrics implements MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(StoreMetrics.class);

    private final StoreQueries store;
    private final StoredAlerts alerts;
    private final MonitoringProperties properties;
    /** value holders by meter key; meters read them, refresh() writes them */
    private final Map<String, Holder> values = new ConcurrentHashMap<>();
    private final AtomicReference<MeterRegistry> registry = new AtomicReference<>();
    private final AtomicReference<Instant> refreshedAt = new AtomicReference<>();

    public StoreMetrics(StoreQueries store, StoredAlerts alerts, MonitoringProperties properties) {
        this.store = store;
        this.alerts = alerts;
        this.properties = properties;
    }

    /** A value a meter reads (registries keep meters' objects weakly: this map keeps them alive). */
    static final class Holder {
        private volatile double value;
        private volatile double total; // FunctionTimer: total time in ms

        double value() {
            return value;
        }

        double total() {
            return total;
        }
    }

    @Override
    public void bindTo(MeterRegistry meters) {
        registry.set(meters);
        FunctionTimer.builder("hub.webhooks.processing", holder("webhooks.processing"), h -> (long) h.value(),
                        Holder::total, TimeUnit.MILLISECONDS)
                .description("Inbox processing time of webhook events (store: processing_ms)").register(meters);
        FunctionTimer.builder("hub.sync.session.duration", holder("sync.duration"), h -> (long) h.value(),
                        Holder::total, TimeUnit.MILLISECONDS)
                .description("Duration of finished sync sessions").register(meters);
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn("Store metrics not read yet: {}", e.getMessage());
        }
    }

    /** Re-reads the store figures into the meters. */
    public synchronized void refresh() {
        MeterRegistry meters = registry.get();
        if (meters == null) {
            return;
        }
        // received, processed, duplicates, rejected{reason} and latency are counted by the webhook flow itself
        // (webhook.WebhookIntakeProcessor, WebhookEventApplier, WebhookRejections); the store adds what it alone knows
        Map<String, Long> status = store.webhookStatusCounts();
        counter(meters, "hub.webhooks.failed", Tags.empty(), status.get("failed"), "Webhook events that failed after every attempt");
        gauge(meters, "hub.webhooks.pending", Tags.empty(), status.get("pending") + status.get("processing"),
                "Webhook events waiting in the inbox or being processed");
        status.forEach((s, n) -> gauge(meters, "hub.webhooks.events", Tags.of("status", s), n, "Webhook events in the store, by status"));
        long[] processing = store.webhookProcessingTotals();
        Holder p = holder("webhooks.processing");
        p.value = processing[0];
        p.total = processing[1];
        Instant now = store.now();
        Double[] latency = store.webhookLatency(now.minus(properties.alertWindow()), now);
        gauge(meters, "hub.webhooks.processing.recent", Tags.of("percentile", "50"), nanToZero(latency[0]) / 1000.0,
                "Webhook processing time over the alert window, seconds");
        gauge(meters, "hub.webhooks.processing.recent", Tags.of("percentile", "95"), nanToZero(latency[1]) / 1000.0,
                "Webhook processing time over the alert window, seconds");

        store.syncRecordTotals().forEach((key, n) -> {
            String[] k = key.split("\\|", 3);
            if (k[2].equals("pages") || k[2].equals("planned")) {
                return; // pages read and dry-run plans are not records
            }
            counter(meters, "hub.sync.records", Tags.of("entity", k[0], "direction", k[1], "result", k[2]), n,
                    "Records handled by finished sync sessions, by entity, direction and result");
        });
        store.syncSessionCounts().forEach((key, n) -> {
            String[] k = key.split("\\|", 2);
            counter(meters, "hub.sync.sessions", Tags.of("kind", k[0], "status", k[1]), n, "Finished sync sessions");
        });
        long[] duration = store.syncDurationTotals();
        Holder d = holder("sync.duration");
        d.value = duration[0];
        d.total = duration[1];
        gauge(meters, "hub.sync.running", Tags.empty(), store.runningSessions(), "Sync sessions running now");
        store.lastSync().forEach((entity, byDirection) -> byDirection.forEach((direction, run) -> {
            Instant at = run.lastSuccessAt();
            gauge(meters, "hub.sync.last.success", Tags.of("entity", entity, "direction", direction),
                    at == null ? 0 : at.getEpochSecond(), "Epoch seconds of the last completed sync, by entity and direction");
        }));
        Map<String, Object> reconcile = store.lastStockReconciliation();
        gauge(meters, "hub.stock.drift", Tags.empty(), reconcile == null ? 0 : ((Number) reconcile.get("drift")).doubleValue(),
                "Products whose WooCommerce stock differed from NXT-ND at the last reconciliation");

        store.pendingConflictsByType().forEach((type, n) ->
                gauge(meters, "hub.conflicts.pending", Tags.of("type", type), n, "Conflicts waiting for a decision"));
        store.conflictsCreated().forEach((key, n) -> {
            String[] k = key.split("\\|", 2);
            counter(meters, "hub.conflicts.created", Tags.of("type", k[0], "entity", k[1]), n, "Conflicts recorded");
        });
        store.conflictsResolved().forEach((how, n) ->
                counter(meters, "hub.conflicts.resolved", Tags.of("resolved_by", how), n, "Conflicts resolved, automatically or by a person"));

        store.errorsLogged().forEach((key, n) -> {
            String[] k = key.split("\\|", 2);
            counter(meters, "hub.errors", Tags.of("system", k[0], "type", k[1]), n, "Errors kept in the error log");
        });
        store.openErrorsBySystem().forEach((system, n) ->
                gauge(meters, "hub.errors.open", Tags.of("system", system), n, "Errors in the error log still open"));

        store.jobCounts().forEach((s, n) -> gauge(meters, "hub.jobs", Tags.of("status", s), n, "Sync jobs by status"));
        gauge(meters, "hub.jobs.stuck", Tags.empty(), store.stuckJobs(properties.thresholds().jobStuck()).size(),
                "Running sync jobs without heartbeat for longer than the job-stuck threshold");
        alerts.activeBySeverity().forEach((severity, n) ->
                gauge(meters, "hub.alerts.active", Tags.of("severity", severity), n, "Active alerts"));
        refreshedAt.set(now);
    }

    public Instant refreshedAt() {
        return refreshedAt.get();
    }

    private Holder holder(String key) {
        return values.computeIfAbsent(key, k -> new Holder());
    }

    private void counter(MeterRegistry meters, String name, Tags tags, double value, String description) {
        meter("c:", name, tags, value, h -> FunctionCounter.builder(name, h, Holder::value).tags(tags)
                .description(description).register(meters));
    }

    private void gauge(MeterRegistry meters, String name, Tags tags, double value, String description) {
        meter("g:", name, tags, value, h -> Gauge.builder(name, h, Holder::value).tags(tags)
                .description(description).register(meters));
    }

    /** Registers the meter on first sight; a name clash is logged once and never stops the other meters. */
    private void meter(String kind, String name, Tags tags, double value, java.util.function.Consumer<Holder> register) {
        String key = kind + name + tags;
        Holder h = values.get(key);
        if (h == null) {
            h = holder(key);
            try {
                register.accept(h);
            } catch (IllegalArgumentException e) {
                log.warn("Meter {} not registered: {}", name, e.getMessage());
            }
        }
        h.value = value;
    }

    private static double nanToZero(Double d) {
        return d == null || d.isNaN() ? 0 : d;
    }
}
