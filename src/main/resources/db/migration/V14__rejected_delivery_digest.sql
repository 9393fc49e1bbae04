-- A delivery refused for its signature (or a ping) is kept as a digest, not whole: anyone can send one without a
-- login, and 100 unsigned 1 MB bodies took the table from 840 kB to 105 MB in 4 s (issue 17). payload then holds
-- the first KiB; these columns the rest of what is worth knowing about it.
alter table wc_webhook_events
    add column payload_size    bigint,  -- bytes received, when payload holds only their first KiB
    add column payload_sha256  text,    -- hash of every byte received
    add column request_headers jsonb;   -- the request's headers (each value cut to a few hundred characters)
