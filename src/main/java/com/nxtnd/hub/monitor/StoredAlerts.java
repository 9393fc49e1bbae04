package com.nxtnd.hub.monitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.woo.WooCommerceProperties;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The hub's alerts: stored in wc_alerts (one active row per condition, across hub instances), logged, and posted
 * to HUB_ALERT_WEBHOOK_URL once when raised and once when resolved. Raising an active condition again only
 * refreshes it. A store failure never reaches the caller: the alert is then logged only.
 */
@Component
public class StoredAlerts implements Alerts {

    private static final Logger log = LoggerFactory.getLogger(StoredAlerts.class);

    /** One alert as stored. */
    public record Alert(long id, String condition, Severity severity, String message, Map<String, Object> details,
                        String status, int occurrences, Instant raisedAt, Instant lastSeenAt, Instant resolvedAt,
                        Instant notifiedAt, String notifyError) {
    }

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final MonitoringProperties properties;
    private final AlertNotifier notifier;
    private final String adminEmail;
    private final AlertMailer mailer;

    @org.springframework.beans.factory.annotation.Autowired
    public StoredAlerts(JdbcTemplate jdbc, ObjectMapper json, MonitoringProperties properties,
                        WooCommerceProperties woo, AlertMailer mailer) {
        this(jdbc, json, properties, new AlertNotifier(json, Duration.ofSeconds(10)), woo.adminEmail(), mailer);
    }

    StoredAlerts(JdbcTemplate jdbc, ObjectMapper json, MonitoringProperties properties, AlertNotifier notifier,
                 String adminEmail) {
        this(jdbc, json, properties, notifier, adminEmail, null);
    }

    StoredAlerts(JdbcTemplate jdbc, ObjectMapper json, MonitoringProperties properties, AlertNotifier notifier,
                 String adminEmail, AlertMailer mailer) {
        this.mailer = mailer;
        this.jdbc = jdbc;
        this.json = json;
        this.properties = properties;
        this.notifier = notifier;
        this.adminEmail = adminEmail == null || adminEmail.isBlank() ? null : adminEmail;
    }

    @Override
    public void raise(String condition, Severity severity, String message, Map<String, Object> details) {
        Severity level = severity == null ? Severity.WARNING : severity;
        String detailsJson = toJson(details);
        try {
            Optional<Long> created = jdbc.query("""
                    insert into wc_alerts (condition_key, severity, message, details)
                    values (?, ?, ?, cast(? as jsonb))
                    on conflict (condition_key) where status = 'active' do nothing
                    returning id""", (rs, i) -> rs.getLong(1), condition, level.name(), message, detailsJson)
                    .stream().findFirst();
            if (created.isPresent()) {
                log.warn("ALERT raised {} [{}]: {} {}", condition, level, message, details == null ? Map.of() : details);
                notify(created.get(), text(":rotating_light: [" + level + "] " + condition + ": " + message, details));
                mail("[woo-nxt-hub] " + level + " " + condition + ": " + message,
                        text(message, details) + "\n\nAlert " + created.get() + " raised; GET /api/woocommerce/alerts/"
                                + created.get());
            } else {
                jdbc.update("""
                        update wc_alerts set last_seen_at = now(), occurrences = occurrences + 1, severity = ?,
                               message = ?, details = cast(? as jsonb)
                        where condition_key = ? and status = 'active'""", level.name(), message, detailsJson, condition);
            }
        } catch (RuntimeException e) {
            log.warn("ALERT {} [{}]: {} {} (not stored: {})", condition, level, message, details, e.getMessage());
        }
    }

    @Override
    public void clear(String condition) {
        try {
            List<Alert> resolved = jdbc.query("""
                    update wc_alerts set status = 'resolved', resolved_at = now()
                    where condition_key = ? and status = 'active' returning *""", this::row, condition);
            for (Alert alert : resolved) {
                long minutes = Duration.between(alert.raisedAt(), Instant.now()).toMinutes();
                log.info("ALERT resolved {}: {} (active {} min)", condition, alert.message(), minutes);
                mail("[woo-nxt-hub] resolved " + condition, "Resolved after " + minutes + " min: " + alert.message()
                        + "\n\nAlert " + alert.id() + "; GET /api/woocommerce/alerts/" + alert.id());
                if (properties.hasAlertWebhook()) {
                    post(":white_check_mark: resolved " + condition + ": " + alert.message() + " (active " + minutes + " min)",
                            null);
                }
            }
        } catch (RuntimeException e) {
            log.warn("ALERT cleared {} (not stored: {})", condition, e.getMessage());
        }
    }

    /** Conditions currently active, e.g. to clear those of a family that no longer hold. */
    public List<String> activeConditions(String prefix) {
        return jdbc.queryForList("select condition_key from wc_alerts where status = 'active' and condition_key like ? "
                + "order by condition_key", String.class, escapeLike(prefix) + "%");
    }

    public List<Alert> active() {
        return jdbc.query("select * from wc_alerts where status = 'active' "
                + "order by case severity when 'CRITICAL' then 0 when 'WARNING' then 1 else 2 end, raised_at desc", this::row);
    }

    /** @param status active, resolved, or null for both; newest first */
    public List<Alert> list(String status, int limit) {
        if (status == null) {
            return jdbc.query("select * from wc_alerts order by raised_at desc, id desc limit ?", this::row, limit);
        }
        return jdbc.query("select * from wc_alerts where status = ? order by raised_at desc, id desc limit ?",
                this::row, status, limit);
    }

    public Optional<Alert> find(long id) {
        return jdbc.query("select * from wc_alerts where id = ?", this::row, id).stream().findFirst();
    }

    public Map<String, Long> activeBySeverity() {
        Map<String, Long> counts = new TreeMap<>();
        for (Severity s : Severity.values()) {
            counts.put(s.name(), 0L);
        }
        jdbc.query("select severity, count(*) from wc_alerts where status = 'active' group by severity",
                rs -> { counts.put(rs.getString(1), rs.getLong(2)); });
        return counts;
    }

    /** Resolved alerts older than the retention go; active ones stay whatever their age. */
    public int purgeResolved(Duration retention) {
        return jdbc.update("delete from wc_alerts where status = 'resolved' and resolved_at < now() - "
                + "(? * interval '1 second')", retention.toSeconds());
    }

    private void mail(String subject, String text) {
        if (mailer != null) {
            mailer.send(subject.length() > 200 ? subject.substring(0, 197) + "..." : subject, text);
        }
    }

    private void notify(long id, String text) {
        if (!properties.hasAlertWebhook()) {
            return;
        }
        post(text, id);
    }

    private void post(String text, Long id) {
        CompletableFuture<Void> sent = notifier.post(properties.alertWebhookUrl(), text);
        sent.whenComplete((ok, error) -> {
            try {
                if (error == null) {
                    if (id != null) {
                        jdbc.update("update wc_alerts set notified_at = now(), notify_error = null where id = ?", id);
                    }
                } else {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    log.warn("Alert webhook failed: {}", cause.toString());
                    if (id != null) {
                        jdbc.update("update wc_alerts set notify_error = ? where id = ?", cause.toString(), id);
                    }
                }
            } catch (RuntimeException e) {
                log.warn("Could not record the alert webhook outcome: {}", e.getMessage());
            }
        });
    }

    private String text(String headline, Map<String, Object> details) {
        StringBuilder text = new StringBuilder(headline);
        if (details != null && !details.isEmpty()) {
            details.forEach((k, v) -> text.append("\n• ").append(k).append(": ").append(v));
        }
        if (adminEmail != null) {
            text.append("\nstore contact: ").append(adminEmail);
        }
        return text.toString();
    }

    private Alert row(ResultSet rs, int i) throws SQLException {
        return new Alert(rs.getLong("id"), rs.getString("condition_key"), Severity.valueOf(rs.getString("severity")),
                rs.getString("message"), fromJson(rs.getString("details")), rs.getString("status"),
                rs.getInt("occurrences"), instant(rs, "raised_at"), instant(rs, "last_seen_at"),
                instant(rs, "resolved_at"), instant(rs, "notified_at"), rs.getString("notify_error"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        var ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    private String toJson(Map<String, Object> details) {
        try {
            return json.writeValueAsString(details == null ? Map.of() : details);
        } catch (JsonProcessingException e) {
            return "{}";
        }
    }

    private Map<String, Object> fromJson(String text) {
        try {
            return text == null ? Map.of() : json.readValue(text, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    private static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
