-- Who changed what through the admin API, when, from where.
create table wc_audit_log (
    id           bigserial primary key,
    actor        text        not null,
    action       text        not null,  -- e.g. POST /api/woocommerce/sync/full
    target       text,
    status       integer     not null,
    source_ip    text,
    detail       text,
    created_at   timestamptz not null default now()
);
create index ix_audit_created on wc_audit_log (created_at desc);
