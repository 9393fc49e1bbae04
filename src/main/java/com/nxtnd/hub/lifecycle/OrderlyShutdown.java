package com.nxtnd.hub.lifecycle;

import com.nxtnd.hub.webhook.InboxClaimer;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A stop in the order that loses nothing and waits for nothing that cannot finish: deliveries answered 503, the
 * inbox given {@code inboxGrace} to finish what it applies and what it still holds released to pending, Camel
 * stopped, and only then (bean destruction) the database. It stops first: its phase is the highest, above the
 * CamelContext's. It looks the CamelContext up only when stopping: a lifecycle bean that depends on it directly makes
 * Spring start the context before the routes are collected, and the hub then ran with no routes at all.
 */
@Component
public class OrderlyShutdown implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OrderlyShutdown.class);
    static final String INBOX_ROUTE = "webhook-inbox";

    private final ObjectProvider<CamelContext> camelProvider;
    private final DeliveryGate gate;
    private final InboxClaimer claimer;
    private final JdbcTemplate jdbc;
    private final LifecycleProperties properties;
    private volatile boolean running;

    public OrderlyShutdown(ObjectProvider<CamelContext> camel, DeliveryGate gate, InboxClaimer claimer, JdbcTemplate jdbc,
                           LifecycleProperties properties) {
        this.camelProvider = camel;
        this.gate = gate;
        this.claimer = claimer;
        this.jdbc = jdbc;
        this.properties = properties;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        long started = System.nanoTime();
        gate.close();
        CamelContext camel = camelProvider.getObject();
        try {
            if (camel.getRoute(INBOX_ROUTE) != null) {
                camel.getRouteController().stopRoute(INBOX_ROUTE, properties.inboxGrace().toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (Exception e) {
            log.warn("Stopping the inbox: {}", e.toString());
        }
        int released = releaseHeld();
        camel.getShutdownStrategy().setTimeout(Math.max(1, properties.camelGrace().toSeconds()));
        camel.getShutdownStrategy().setTimeUnit(TimeUnit.SECONDS);
        camel.stop();
        log.info("Stopped in order in {} ms: deliveries refused, inbox stopped ({} held events released), Camel stopped; "
                + "the database stops last", (System.nanoTime() - started) / 1_000_000, released);
        running = false;
    }

    /** Events this instance claimed but did not finish go back to pending, for the next start (or another hub). */
    int releaseHeld() {
        return jdbc.update("update wc_webhook_events set status = 'pending', locked_by = null, locked_at = null, "
                + "next_attempt_at = now() where status = 'processing' and locked_by = ?", claimer.owner());
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
