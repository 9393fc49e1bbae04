-- Nothing looks events up by dedupe_key (the inbox's idempotent consumer keeps its keys in camel_messageprocessed),
-- and every delivery paid for this index on its way in.
drop index ix_events_dedupe;
