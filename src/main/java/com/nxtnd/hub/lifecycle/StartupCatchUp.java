package com.nxtnd.hub.lifecycle;

import com.nxtnd.hub.store.WatermarkRepository;
import com.nxtnd.hub.sync.SyncRequest;
import com.nxtnd.hub.sync.SyncService;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What changed in WooCommerce while the hub was down reaches NXT-ND at start: WooCommerce sends a failed delivery
 * never again, so each resource that has had deliveries is pulled incrementally from its last stored delivery on
 * (the pull re-reads hub.sync.overlap before that). Run once by route startup-catch-up (routes/startup.camel.yaml).
 */
@Component("startupCatchUp")
public class StartupCatchUp {

    private static final Logger log = LoggerFactory.getLogger(StartupCatchUp.class);
    static final List<String> RESOURCES = List.of("product", "customer", "order");

    private final JdbcTemplate jdbc;
    private final WatermarkRepository watermarks;
    private final SyncService sync;
    private final LifecycleProperties properties;

    public StartupCatchUp(JdbcTemplate jdbc, WatermarkRepository watermarks, SyncService sync,
                          LifecycleProperties properties) {
        this.jdbc = jdbc;
        this.watermarks = watermarks;
        this.sync = sync;
        this.properties = properties;
    }

    /** The resources pulled (none on a hub that never stored a delivery: it missed nothing). */
    public List<String> run() {
        if (!properties.catchUp()) {
            return List.of();
        }
        List<String> resources = new ArrayList<>();
        for (String resource : RESOURCES) {
            Timestamp last = jdbc.queryForObject("select max(received_at) from wc_webhook_events where resource = ? "
                    + "and status not in ('rejected', 'ping')", Timestamp.class, resource);
            if (last == null) {
                continue;
            }
            String mark = "pull:" + resource;
            Instant current = watermarks.get(mark).map(Instant::parse).orElse(Instant.EPOCH);
            if (current.equals(Instant.EPOCH) || last.toInstant().isBefore(current)) {
                watermarks.set(mark, last.toInstant().toString()); // only ever moved back
            }
            resources.add(resource);
        }
        if (resources.isEmpty()) {
            log.info("Start-up catch-up: no delivery stored yet, nothing missed");
            return resources;
        }
        SyncService.Result r = sync.run("catch-up", new SyncRequest("pull", resources, true, false, false, null));
        log.info("Start-up catch-up of {} since their last stored deliveries: {} {}", resources, r.status(), r.counts());
        return resources;
    }
}
