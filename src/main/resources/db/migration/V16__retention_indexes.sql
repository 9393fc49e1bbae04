-- Retention (retention.RetentionCleaner) deletes the inbox's idempotency keys by age; without an index each of its
-- batches would read the whole key table.
create index ix_messageprocessed_created on camel_messageprocessed (createdat);
