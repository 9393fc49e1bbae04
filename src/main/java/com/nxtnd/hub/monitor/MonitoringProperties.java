package com.nxtnd.hub.monitor;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Monitoring settings ({@code hub.monitoring.*}, environment variables in application.yml).
 *
 * @param metricsInterval how often the store figures are refreshed, snapshotted to wc_monitoring_metrics and the
 *                        alert thresholds evaluated (HUB_METRICS_INTERVAL)
 * @param retention       how long snapshots and resolved alerts are kept (HUB_METRICS_RETENTION)
 * @param dashboardRefresh how often the dashboard page reloads its figures (HUB_DASHBOARD_REFRESH)
 * @param alertWebhookUrl optional Slack-compatible incoming webhook alerts are posted to (HUB_ALERT_WEBHOOK_URL)
 * @param alertWindow     the window rates and averages are judged over
 * @param alertMinSamples fewer events than this in the window never make a rate alert (no alert on 1 of 2)
 * @param alertMailFrom   sender of the alert e-mails to WOOCOMMERCE_ADMIN_EMAIL (HUB_ALERT_MAIL_FROM)
 */
@Validated
@ConfigurationProperties("hub.monitoring")
public record MonitoringProperties(
        @NotNull @DefaultValue("60s") Duration metricsInterval,
        @NotNull @DefaultValue("30d") Duration retention,
        @NotNull @DefaultValue("30s") Duration dashboardRefresh,
        @Pattern(regexp = "|https?://\\S+", message = "HUB_ALERT_WEBHOOK_URL must be empty or an http(s):// URL")
        String alertWebhookUrl,
        @NotNull @DefaultValue("15m") Duration alertWindow,
        @Min(1) @DefaultValue("20") int alertMinSamples,
        @Valid @NotNull @DefaultValue Thresholds thresholds,
        @DefaultValue("woo-nxt-hub@localhost") String alertMailFrom) {

    /**
     * @param failureRate     share of failed calls, webhook events or sync records above which an alert is raised
     * @param avgResponseTime average latency of a peer's calls above which an alert is raised
     * @param conflictRate    conflicts per synced record above which an alert is raised
     * @param stockDrift      products whose WooCommerce stock differed from NXT-ND at the last reconciliation
     * @param jobStuck        a running sync job without heartbeat for longer than this is stuck
     * @param webhookBacklog  more webhook events than this waiting to be processed is a processing delay
     * @param webhookDelay    the oldest webhook event waiting for longer than this is a processing delay
     * @param conflictPending a conflict held for a person longer than this is overdue
     */
    public record Thresholds(
            @DecimalMin("0") @DecimalMax("1") @DefaultValue("0.1") double failureRate,
            @NotNull @DefaultValue("5000ms") Duration avgResponseTime,
            @DecimalMin("0") @DecimalMax("1") @DefaultValue("0.05") double conflictRate,
            @Min(0) @DefaultValue("10") long stockDrift,
            @NotNull @DefaultValue("10m") Duration jobStuck,
            @Min(1) @DefaultValue("1000") long webhookBacklog,
            @NotNull @DefaultValue("5m") Duration webhookDelay,
            @NotNull @DefaultValue("24h") Duration conflictPending) {
    }

    public boolean hasAlertWebhook() {
        return alertWebhookUrl != null && !alertWebhookUrl.isBlank();
    }
}
