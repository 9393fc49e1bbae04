package com.nxtnd.hub.recovery;

import com.nxtnd.hub.monitor.Alerts;
import com.nxtnd.hub.peer.PeerGuards.CredentialsAccepted;
import com.nxtnd.hub.peer.PeerGuards.CredentialsRefused;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A peer refused the hub's credentials (401/403): that is a configuration problem, not an outage, so the routes
 * that need the peer are stopped (their work waits in the store), an alert is raised, and nothing retries in a
 * loop. When the credentials work again (route credentials-probe), the routes start and the alert clears.
 */
@Component
public class CredentialWatch {

    private static final Logger log = LoggerFactory.getLogger(CredentialWatch.class);

    private final CamelContext camel;
    private final Alerts alerts;
    private final Map<String, List<String>> stopped = new ConcurrentHashMap<>();
    // stopping a route from one of its own threads would wait for itself
    private final ExecutorService stopper = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "credential-watch");
        t.setDaemon(true);
        return t;
    });

    public CredentialWatch(CamelContext camel, Alerts alerts) {
        this.camel = camel;
        this.alerts = alerts;
    }

    /** The routes that cannot work without {@code system}. */
    static boolean needs(String system, String routeId) {
        if (routeId.equals("sync-jobs") || routeId.startsWith("schedule-")) {
            return true;
        }
        return "nxt".equals(system) ? routeId.equals("webhook-inbox") : routeId.equals("webhook-health");
    }

    @EventListener
    public void refused(CredentialsRefused event) {
        String name = "woo".equals(event.system()) ? "WooCommerce" : "NXT-ND";
        log.error("{} refused the hub's credentials ({}): routes that need it are stopped until they work again. {}",
                name, event.status(), "woo".equals(event.system())
                        ? "Check WOOCOMMERCE_CONSUMER_KEY / WOOCOMMERCE_CONSUMER_SECRET and the key's permissions."
                        : "Check NXT_API_TOKEN.");
        alerts.raise("credentials:" + event.system(), Alerts.Severity.CRITICAL,
                name + " refused the hub's credentials (HTTP " + event.status() + "); its routes are stopped",
                Map.of("system", event.system(), "status", event.status()));
        stopper.execute(() -> {
            List<String> ids = new ArrayList<>();
            for (Route route : camel.getRoutes()) {
                String id = route.getRouteId();
                if (needs(event.system(), id) && camel.getRouteController().getRouteStatus(id) == ServiceStatus.Started) {
                    try {
                        camel.getRouteController().stopRoute(id, 10, TimeUnit.SECONDS);
                        ids.add(id);
                    } catch (Exception e) {
                        log.warn("Could not stop route {}: {}", id, e.getMessage());
                    }
                }
            }
            stopped.merge(event.system(), ids, (a, b) -> {
                List<String> all = new ArrayList<>(a);
                b.stream().filter(x -> !all.contains(x)).forEach(all::add);
                return all;
            });
            log.warn("Stopped routes {} while {} refuses the credentials", ids, name);
        });
    }

    @EventListener
    public void accepted(CredentialsAccepted event) {
        alerts.clear("credentials:" + event.system());
        stopper.execute(() -> {
            List<String> ids = stopped.remove(event.system());
            if (ids == null) {
                return;
            }
            for (String id : ids) {
                try {
                    camel.getRouteController().startRoute(id);
                } catch (Exception e) {
                    log.warn("Could not start route {}: {}", id, e.getMessage());
                }
            }
            log.info("{} accepts the hub's credentials again: routes {} started", event.system(), ids);
        });
    }

    /** Routes stopped per system, for status and tests. */
    public Map<String, List<String>> stoppedRoutes() {
        return Map.copyOf(stopped);
    }

    Set<String> systems() {
        return stopped.keySet();
    }
}
