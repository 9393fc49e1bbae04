-- Pending events of one record collapse into the newest (issue 19): a delivery carries the whole record, so an
-- older pending event of the same record is closed as 'superseded' (kept for audit, deleted by retention like a
-- processed one) instead of being applied. 32,000 pending deliveries of one product made every claim walk all of
-- them and applied them one NXT-ND call at a time.
--
-- No index is added: the claim finds a record's newest pending event and its older ones through ix_events_unfinished
-- (resource, resource_id, id), which after the collapse holds one or two events per record. Superseding a record's
-- backlog reads it once, and it has to write each of those rows once anyway; every delivery would pay for another
-- index on its way in.
alter table wc_webhook_events drop constraint wc_webhook_events_status_check;
alter table wc_webhook_events add constraint wc_webhook_events_status_check
    check (status in ('pending', 'processing', 'processed', 'duplicate', 'echo', 'rejected', 'failed', 'ping',
                      'superseded'));
