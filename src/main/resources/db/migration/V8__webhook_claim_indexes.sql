-- The inbox's claim (WebhookEventRepository.claim) must stay cheap when a flood of deliveries arrives faster than
-- autovacuum re-analyzes the table. With statistics that still say "nothing is pending", PostgreSQL used to plan its
-- per-resource ordering check as a scan over every unfinished event, once per candidate: 20,000 pending events made
-- one claim run for over a minute while the inbox stood still. These partial indexes give each part of the claim an
-- index only it can use, so that the plan does not depend on fresh statistics:
--   ix_events_pending     the candidates, in id order;
--   ix_events_unfinished  the earliest unfinished event of one resource (also WebhookEventRepository.waitingFor);
--   ix_events_processing  claims whose lease ran out.
drop index ix_events_claim;
create index ix_events_pending on wc_webhook_events (id) where status = 'pending';
create index ix_events_unfinished on wc_webhook_events (resource, resource_id, id) where status in ('pending', 'processing');
create index ix_events_processing on wc_webhook_events (locked_at) where status = 'processing';
