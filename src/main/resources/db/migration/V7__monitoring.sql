-- Operator alerts (monitor.StoredAlerts): one active row per condition while it lasts, resolved when it clears.

create table wc_alerts (
    id             bigserial primary key,
    condition_key  text         not null,   -- e.g. credentials:woo, circuit:woo-write, failure-rate:nxt, job-stuck:<id>
    severity       varchar(16)  not null check (severity in ('INFO', 'WARNING', 'CRITICAL')),
    message        text         not null,
    details        jsonb        not null default '{}'::jsonb,
    status         varchar(16)  not null default 'active' check (status in ('active', 'resolved')),
    occurrences    integer      not null default 1,   -- raises seen while active (de-duplicated)
    raised_at      timestamptz  not null default now(),
    last_seen_at   timestamptz  not null default now(),
    resolved_at    timestamptz,
    notified_at    timestamptz,                       -- outbound webhook (HUB_ALERT_WEBHOOK_URL) accepted it
    notify_error   text
);
-- at most one active alert per condition, across hub instances
create unique index uq_alerts_active_condition on wc_alerts (condition_key) where status = 'active';
create index ix_alerts_raised on wc_alerts (raised_at);

-- retention clean-up and the analytics time range scan by time across metric names
create index ix_metrics_recorded on wc_monitoring_metrics (recorded_at);
