-- A pair settled by a person resolving its conflict is recorded with direction 'resolve'.
alter table wc_entity_mapping drop constraint wc_entity_mapping_last_direction_check;
alter table wc_entity_mapping add constraint wc_entity_mapping_last_direction_check
    check (last_direction in ('pull', 'push', 'resolve'));
create index ix_conflicts_woo on wc_sync_conflicts (entity_type, woo_id) where status = 'pending';
