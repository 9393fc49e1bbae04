package com.nxtnd.hub.store;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** The webhook inbox: deliveries are stored before they are answered, then claimed and processed from here. */
@Repository
public class WebhookEventRepository {

    private static final RowMapper<WebhookEvent> ROW = (rs, i) -> new WebhookEvent(
            rs.getLong("id"), rs.getString("topic"), rs.getString("resource"), rs.getString("event"),
            (Long) rs.getObject("resource_id"),
            rs.getTimestamp("date_modified_gmt") == null ? null : rs.getTimestamp("date_modified_gmt").toLocalDateTime(),
            rs.getString("dedupe_key"), rs.getBytes("payload"), rs.getString("status"), rs.getInt("attempts"),
            rs.getString("source_ip"), rs.getTimestamp("received_at").toInstant());

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public WebhookEventRepository(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /**
     * Stores a delivery. WooCommerce never retries one the hub could not take, so a connection the database dropped
     * (a restart, a fail-over) is retried here on a fresh pooled connection before the hub answers 503.
     */
    public long insert(NewWebhookEvent e) {
        for (int attempt = 1; ; attempt++) {
            try {
                return insertOnce(e);
            } catch (org.springframework.dao.DataAccessResourceFailureException
                     | org.springframework.dao.TransientDataAccessException failure) {
                if (attempt >= 3) {
                    throw failure;
                }
            }
        }
    }

    private long insertOnce(NewWebhookEvent e) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(con -> {
            var ps = con.prepareStatement("""
                    insert into wc_webhook_events (delivery_id, webhook_id, source, topic, resource, event, resource_id,
                        date_modified_gmt, dedupe_key, payload, content_type, signature_status, source_ip, status,
                        reject_reason, processed_at, payload_size, payload_sha256, request_headers)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, case when ? = 'pending' then null else now() end,
                        ?, ?, cast(? as jsonb))
                    """, new String[] {"id"});
            ps.setString(1, e.deliveryId());
            ps.setString(2, e.webhookId());
            ps.setString(3, e.source());
            ps.setString(4, e.topic());
            ps.setString(5, e.resource());
            ps.setString(6, e.event());
            ps.setObject(7, e.resourceId());
            ps.setTimestamp(8, e.dateModifiedGmt() == null ? null : Timestamp.valueOf(e.dateModifiedGmt()));
            ps.setString(9, e.dedupeKey());
            ps.setBytes(10, e.payload());
            ps.setString(11, e.contentType());
            ps.setString(12, e.signatureStatus());
            ps.setString(13, e.sourceIp());
            ps.setString(14, e.status());
            ps.setString(15, e.rejectReason());
            ps.setString(16, e.status());
            ps.setObject(17, e.payloadSize());
            ps.setString(18, e.payloadSha256());
            ps.setString(19, e.requestHeaders());
            return ps;
        }, key);
        return key.getKey().longValue();
    }

    /**
     * Claims up to {@code limit} due events, one per record, so each record's events run in order. SKIP LOCKED lets
     * several hub instances claim side by side without taking the same event.
     * <p>
     * A candidate is the earliest unfinished event of its record (resource, resource_id); only the instance holding
     * that row's lock touches the record's other pending events. A delivery carries the whole record, so of the
     * record's pending events only the newest is claimed and applied; the older ones are closed in the same statement
     * as {@code superseded} (or {@code duplicate} when their content is the newest's), with processed_at and a note
     * naming the newer event (issue 19: 32,000 pending events of one product were walked by every claim and applied
     * one NXT-ND call each). "Newest" is what WooCommerce says: of the events that carry date_modified_gmt, the
     * latest by it, then by arrival; an event without it (a delete's body is {"id":N}) is newer than whatever
     * arrived before it and older than whatever arrived after it. So a delete wins over an older update, and an update
     * arriving after a delete is applied. A newest event that is not due yet (a retry's delay) is left pending.
     * <p>
     * The earliest-of-its-record check is a correlated lookup rather than NOT EXISTS on purpose: as an anti-join,
     * planned on statistics from before a flood, it scanned every unfinished event per candidate (V8 migration).
     */
    public List<WebhookEvent> claim(String owner, int limit) {
        return inArrivalOrder(() -> jdbc.query(CLAIM, ROW, limit, owner)).stream()
                .sorted((a, b) -> Long.compare(a.id(), b.id())).toList();
    }

    /** The plan {@link #claim} runs with. */
    List<String> claimPlan(String owner, int limit) {
        return inArrivalOrder(() -> jdbc.queryForList("explain " + CLAIM, String.class, limit, owner));
    }

    /** {@link #claim} run under EXPLAIN ANALYZE: it claims, and the plan says how many rows each step read. */
    List<String> claimAnalyzed(String owner, int limit) {
        return inArrivalOrder(() -> jdbc.queryForList("explain (analyze, costs off, timing off) " + CLAIM, String.class,
                limit, owner));
    }

    /**
     * Runs the claim with the pending events read in order of arrival, stopping at the limit. Planned on statistics
     * from before a flood (a few events pending), the planner would rather fetch every pending event, check each
     * one's resource and sort them: 50 to 150 ms a claim with 15,000 pending, against well under one.
     */
    private <T> T inArrivalOrder(Supplier<T> claim) {
        return tx.execute(status -> {
            jdbc.queryForList("select set_config('enable_bitmapscan', 'off', true), set_config('enable_sort', 'off', true),"
                    + " set_config('enable_seqscan', 'off', true)");
            return claim.get();
        });
    }

    /*
     * Planned on statistics from before a flood (nothing pending), PostgreSQL takes a partial index of unfinished
     * events for "small" and reads all of it, filtering, wherever one may serve: once per record looked up, or to find
     * a few rows by id. So every read below has one index that serves it by key. A record's pending events are asked
     * for as status in (pending, processing) and not processing, which only ix_events_unfinished (by the record's key)
     * can serve; rows are updated by id with their status compared to a parameter ((select 'pending')), which no
     * partial index can be proven from, so only the primary key serves them. OFFSET 0 keeps the look-up of a record's
     * older events a per-record one. WebhookEventRepositoryTest checks the plan on such statistics.
     */
    private static final String CLAIM = """
            with candidate as (
                select c.id, c.resource, c.resource_id from wc_webhook_events c
                where c.status = 'pending' and c.next_attempt_at <= now()
                  and c.id = (select p.id from wc_webhook_events p
                              where p.resource = c.resource and p.resource_id = c.resource_id
                                and p.status in ('pending', 'processing')
                              order by p.id
                              limit 1)
                order by c.id
                limit ?
                for update skip locked),
            newest_id as materialized (
                select k.resource, k.resource_id, greatest(
                    (select d.id from wc_webhook_events d
                     where d.resource = k.resource and d.resource_id = k.resource_id
                       and d.status in ('pending', 'processing') and d.status <> 'processing'
                       and d.date_modified_gmt is not null
                     order by d.date_modified_gmt desc, d.id desc
                     limit 1),
                    (select max(u.id) from wc_webhook_events u
                     where u.resource = k.resource and u.resource_id = k.resource_id
                       and u.status in ('pending', 'processing') and u.status <> 'processing'
                       and u.date_modified_gmt is null)) as id
                from candidate k),
            newest as (
                select n.resource, n.resource_id, n.id,
                       (select w.dedupe_key from wc_webhook_events w where w.id = n.id) as dedupe_key
                from newest_id n),
            superseded as (
                update wc_webhook_events s
                set status = case when s.dedupe_key = n.dedupe_key then 'duplicate' else 'superseded' end,
                    processed_at = now(), locked_by = null,
                    last_error = case when s.dedupe_key = n.dedupe_key then 'same content as event ' || n.id
                                      else 'superseded by event ' || n.id end
                from newest n
                where s.id = any (array(
                          select o.id from newest m
                          cross join lateral (select o.id from wc_webhook_events o
                                              where o.resource = m.resource and o.resource_id = m.resource_id
                                                and o.status in ('pending', 'processing') and o.status <> 'processing'
                                                and o.id <> m.id
                                              offset 0) o))
                  and s.status = (select 'pending')
                  and s.resource = n.resource and s.resource_id = n.resource_id
                returning s.id)
            update wc_webhook_events e set status = 'processing', locked_by = ?, locked_at = now(),
                   attempts = attempts + 1
            where e.id = any (array(select n.id from newest n)) and e.status = (select 'pending')
              and e.next_attempt_at <= now()
            returning e.*
            """;

    public void markDone(long id, String status, long processingMs, String note) {
        jdbc.update("""
                update wc_webhook_events set status = ?, processed_at = now(), processing_ms = ?, locked_by = null,
                       last_error = ? where id = ?
                """, status, processingMs, note, id);
    }

    /** One event to mark done by {@link #markAllDone}. */
    public record Done(long id, String status, long processingMs, String note) {
    }

    /** {@link #markDone} for a batch's events: one JDBC batch, one commit. */
    public void markAllDone(List<Done> done) {
        if (done.isEmpty()) {
            return;
        }
        tx.executeWithoutResult(status -> jdbc.batchUpdate("""
                update wc_webhook_events set status = ?, processed_at = now(), processing_ms = ?, locked_by = null,
                       last_error = ? where id = ?
                """, done, done.size(), (ps, d) -> {
                    ps.setString(1, d.status());
                    ps.setLong(2, d.processingMs());
                    ps.setString(3, d.note());
                    ps.setLong(4, d.id());
                }));
    }

    /** A failed attempt: back to pending after {@code delay}, or {@code failed} when attempts are used up. */
    public void markAttemptFailed(long id, String error, Duration delay, boolean giveUp) {
        jdbc.update("""
                update wc_webhook_events set status = ?, last_error = ?, locked_by = null,
                       next_attempt_at = now() + (? * interval '1 millisecond'),
                       processed_at = case when ? then now() else null end
                where id = ?
                """, giveUp ? "failed" : "pending", truncate(error), delay.toMillis(), giveUp, id);
    }

    /**
     * Puts a claimed event back untouched: the peer it needs is unavailable (breaker open, credentials refused), so
     * the attempt does not count against the event.
     */
    public void release(long id, String note, Duration delay) {
        jdbc.update("""
                update wc_webhook_events set status = 'pending', locked_by = null, attempts = greatest(attempts - 1, 0),
                       next_attempt_at = now() + (? * interval '1 millisecond'), last_error = ?
                where id = ? and status = 'processing'
                """, delay.toMillis(), truncate(note), id);
    }

    /** Of {@code wooIds}, those with an event of {@code resource} not processed yet (a change the hub has not seen). */
    public List<Long> waitingFor(String resource, java.util.Collection<Long> wooIds) {
        return jdbc.query(con -> {
            var ps = con.prepareStatement("""
                    select distinct resource_id from wc_webhook_events
                    where status in ('pending', 'processing') and resource = ? and resource_id = any (?)""");
            ps.setString(1, resource);
            ps.setArray(2, con.createArrayOf("bigint", wooIds.toArray(new Long[0])));
            return ps;
        }, (rs, i) -> rs.getLong(1));
    }

    /** Puts back events whose claim outlived the lease (their hub instance died mid-way). */
    public int releaseExpiredClaims(Duration lease) {
        return jdbc.update("""
                update wc_webhook_events set status = 'pending', locked_by = null
                where status = 'processing' and locked_at < now() - (? * interval '1 millisecond')
                """, lease.toMillis());
    }


    /** Re-queues failed events: all, or those with the given ids, or those of one topic. */
    public int requeueFailed(List<Long> ids, String topic) {
        StringBuilder sql = new StringBuilder("""
                update wc_webhook_events set status = 'pending', next_attempt_at = now(), attempts = 0,
                       processed_at = null where status = 'failed'""");
        List<Object> args = new ArrayList<>();
        if (ids != null && !ids.isEmpty()) {
            sql.append(" and id = any (?)");
            args.add(ids.toArray(new Long[0]));
        }
        if (topic != null && !topic.isBlank()) {
            sql.append(" and topic = ?");
            args.add(topic);
        }
        return jdbc.update(con -> {
            var ps = con.prepareStatement(sql.toString());
            for (int i = 0; i < args.size(); i++) {
                Object a = args.get(i);
                if (a instanceof Long[] arr) {
                    ps.setArray(i + 1, con.createArrayOf("bigint", arr));
                } else {
                    ps.setObject(i + 1, a);
                }
            }
            return ps;
        });
    }

    public WebhookStats stats() {
        Map<String, Long> byStatus = new LinkedHashMap<>();
        jdbc.query("select status, count(*) from wc_webhook_events group by status order by status",
                rs -> { byStatus.put(rs.getString(1), rs.getLong(2)); });
        long received = byStatus.entrySet().stream().filter(e -> !e.getKey().equals("ping"))
                .mapToLong(Map.Entry::getValue).sum();
        Map<String, Long> rejected = new LinkedHashMap<>();
        jdbc.query("select reject_reason, count(*) from wc_webhook_events where status = 'rejected' "
                + "group by reject_reason order by reject_reason", rs -> { rejected.put(rs.getString(1), rs.getLong(2)); });
        Map<String, Object> timing = jdbc.queryForMap("""
                select percentile_cont(0.5) within group (order by processing_ms) as p50,
                       percentile_cont(0.95) within group (order by processing_ms) as p95
                from wc_webhook_events where status in ('processed', 'echo', 'duplicate') and processing_ms is not null
                """);
        return new WebhookStats(received, byStatus.getOrDefault("processed", 0L) + byStatus.getOrDefault("echo", 0L),
                byStatus.getOrDefault("echo", 0L), byStatus.getOrDefault("duplicate", 0L),
                byStatus.getOrDefault("pending", 0L) + byStatus.getOrDefault("processing", 0L),
                byStatus.getOrDefault("failed", 0L), byStatus.getOrDefault("superseded", 0L),
                byStatus.getOrDefault("ping", 0L),
                rejected.values().stream().mapToLong(Long::longValue).sum(), rejected,
                (Double) timing.get("p50"), (Double) timing.get("p95"));
    }

    public WebhookEvent find(long id) {
        return jdbc.query("select * from wc_webhook_events where id = ?", ROW, id).stream().findFirst().orElse(null);
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 4000 ? s : s.substring(0, 4000);
    }
}
