-- Pairs are looked up by SKU / e-mail case-insensitively.
create index ix_mapping_match_key_lower on wc_entity_mapping (entity_type, lower(match_key));
