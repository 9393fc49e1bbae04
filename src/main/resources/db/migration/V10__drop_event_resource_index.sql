-- The inbox's per-resource ordering now uses ix_events_unfinished (V8), which holds only unfinished events. The one
-- other reader of ix_events_resource, webhook health's latest delivery per resource, is better served by scanning
-- ix_events_received backwards; every delivery paid for this index on its way in.
drop index ix_events_resource;
