-- The hub's store: mapping, webhook inbox, sync sessions and jobs, conflicts, errors, metrics.

create table wc_entity_mapping (
    id               bigserial primary key,
    entity_type      varchar(16)  not null check (entity_type in ('product', 'customer', 'order')),
    woo_id           bigint,
    woo_parent_id    bigint,                -- variations: the parent product's WooCommerce id
    nxt_id           text,
    match_key        text,                  -- SKU, lower-cased e-mail or external ref used for first matching
    content_hash     char(64),              -- hash of the canonical form last synced (both sides equal then)
    woo_hash         char(64),
    nxt_hash         char(64),
    base_snapshot    jsonb,                 -- canonical record as last synced: the base of three-way merges
    woo_snapshot     jsonb,                 -- last WooCommerce record seen, as received
    nxt_snapshot     jsonb,                 -- last NXT-ND record seen, as received
    woo_modified_at  timestamptz,
    nxt_modified_at  timestamptz,
    nxt_version      integer,
    sync_status      varchar(16)  not null default 'synced'
                     check (sync_status in ('synced', 'pending', 'conflict', 'error', 'deleted')),
    last_direction   varchar(8)   check (last_direction in ('pull', 'push')),
    last_written_to  varchar(8)   check (last_written_to in ('woo', 'nxt')),
    synced_at        timestamptz,
    created_at       timestamptz  not null default now(),
    updated_at       timestamptz  not null default now(),
    constraint uq_mapping_woo unique (entity_type, woo_id),
    constraint uq_mapping_nxt unique (entity_type, nxt_id),
    constraint ck_mapping_has_side check (woo_id is not null or nxt_id is not null)
);
create index ix_mapping_match_key on wc_entity_mapping (entity_type, match_key);
create index ix_mapping_status on wc_entity_mapping (entity_type, sync_status);

create table wc_webhook_events (
    id                bigserial primary key,
    delivery_id       text,                  -- X-WC-Webhook-Delivery-ID: informative only, not unique
    webhook_id        text,
    source            text,
    topic             text,
    resource          varchar(16),
    event             varchar(32),
    resource_id       bigint,
    date_modified_gmt timestamp,
    dedupe_key        text,                  -- content key: topic, resource id, date_modified_gmt, body hash
    payload           bytea        not null, -- exactly the bytes received
    content_type      text,
    signature_status  varchar(16)  not null check (signature_status in ('valid', 'invalid', 'missing', 'not_required')),
    source_ip         text,
    status            varchar(16)  not null default 'pending'
                      check (status in ('pending', 'processing', 'processed', 'duplicate', 'echo', 'rejected', 'failed', 'ping')),
    reject_reason     text,
    attempts          integer      not null default 0,
    next_attempt_at   timestamptz  not null default now(),
    locked_by         text,
    locked_at         timestamptz,
    last_error        text,
    received_at       timestamptz  not null default now(),
    processed_at      timestamptz,
    processing_ms     bigint
);
create index ix_events_claim on wc_webhook_events (status, next_attempt_at, id) where status in ('pending', 'processing');
create index ix_events_resource on wc_webhook_events (resource, resource_id, id);
create index ix_events_received on wc_webhook_events (received_at);
create index ix_events_dedupe on wc_webhook_events (dedupe_key);

create table wc_sync_sessions (
    id             uuid primary key,
    kind           varchar(16)  not null,   -- full, incremental, inventory, webhook-gap
    direction      varchar(8)   not null check (direction in ('pull', 'push', 'both')),
    entity_types   text[]       not null,
    dry_run        boolean      not null default false,
    status         varchar(16)  not null default 'running'
                   check (status in ('queued', 'running', 'completed', 'failed', 'cancelled')),
    counts         jsonb        not null default '{}'::jsonb,
    checkpoint     jsonb,
    error          text,
    started_at     timestamptz  not null default now(),
    finished_at    timestamptz
);
create index ix_sessions_started on wc_sync_sessions (started_at desc);

create table wc_batch_jobs (
    id             uuid primary key,
    job_type       varchar(32)  not null,
    priority       integer      not null default 5,
    request        jsonb        not null,
    status         varchar(16)  not null default 'queued'
                   check (status in ('queued', 'running', 'completed', 'failed', 'cancelled')),
    session_id     uuid references wc_sync_sessions (id),
    progress       numeric(5, 2) not null default 0,
    checkpoint     jsonb,
    counts         jsonb        not null default '{}'::jsonb,
    errors         jsonb        not null default '[]'::jsonb,
    locked_by      text,
    heartbeat_at   timestamptz,
    created_at     timestamptz  not null default now(),
    started_at     timestamptz,
    finished_at    timestamptz
);
create index ix_jobs_queue on wc_batch_jobs (status, priority desc, created_at);

create table wc_sync_conflicts (
    id               bigserial primary key,
    entity_type      varchar(16)  not null,
    mapping_id       bigint references wc_entity_mapping (id) on delete set null,
    woo_id           bigint,
    nxt_id           text,
    conflict_type    varchar(24)  not null
                     check (conflict_type in ('field_conflict', 'data_validation', 'type_mismatch', 'business_rule')),
    fields           text[]       not null default '{}',
    base_values      jsonb,
    woo_values       jsonb,
    nxt_values       jsonb,
    woo_modified_at  timestamptz,
    nxt_modified_at  timestamptz,
    detail           text,
    source           varchar(16),          -- webhook, batch
    strategy         varchar(16),
    status           varchar(16)  not null default 'pending'
                     check (status in ('pending', 'resolved', 'superseded')),
    resolution       varchar(16),
    resolved_values  jsonb,
    resolved_at      timestamptz,
    resolved_by      text,
    created_at       timestamptz  not null default now()
);
create index ix_conflicts_status on wc_sync_conflicts (status, created_at);
create index ix_conflicts_mapping on wc_sync_conflicts (mapping_id);

create table wc_error_log (
    id             bigserial primary key,
    system         varchar(16)  not null,  -- woo, nxt, hub
    error_type     varchar(64)  not null,
    route_id       text,
    endpoint_uri   text,
    entity_type    varchar(16),
    entity_ref     text,
    message        text,
    stack_trace    text,
    original_body  bytea,
    original_headers jsonb,
    attempts       integer      not null default 1,
    status         varchar(16)  not null default 'open' check (status in ('open', 'replayed', 'resolved', 'discarded')),
    replayed_at    timestamptz,
    created_at     timestamptz  not null default now()
);
create index ix_errors_created on wc_error_log (created_at);
create index ix_errors_status on wc_error_log (status, system);

create table wc_monitoring_metrics (
    id             bigserial primary key,
    metric_name    text         not null,
    tags           jsonb        not null default '{}'::jsonb,
    value          double precision not null,
    recorded_at    timestamptz  not null default now()
);
create index ix_metrics_name_time on wc_monitoring_metrics (metric_name, recorded_at);

create table wc_sync_watermarks (
    name           text primary key,       -- e.g. pull:product, push:changes
    value          text         not null,
    updated_at     timestamptz  not null default now()
);

-- Camel's idempotent repository table, created here with a real primary key (Camel's own DDL has none).
create table camel_messageprocessed (
    processorname  varchar(255) not null,
    messageid      varchar(255) not null,
    createdat      timestamp    not null default now(),
    primary key (processorname, messageid)
);
