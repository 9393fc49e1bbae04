package com.nxtnd.hub.store;

import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;

/**
 * Stores deliveries for the intake, grouping those that arrive together into one transaction (group commit). Each
 * caller still waits until its own row is committed, so a delivery is answered 200 only once it is kept; under a flood
 * one commit then serves many deliveries instead of each paying for its own. A group that fails is written again one
 * delivery at a time, so that one bad delivery fails alone.
 */
@Component
public class WebhookEventWriter {

    private static final Logger log = LoggerFactory.getLogger(WebhookEventWriter.class);
    private static final int MAX_GROUP = 64;
    private static final long CONFIRM_TIMEOUT_SECONDS = 30;

    private record Pending(NewWebhookEvent event, CompletableFuture<Long> id) {
    }

    private final WebhookEventRepository events;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean running = true;

    public WebhookEventWriter(WebhookEventRepository events) {
        this.events = events;
        this.writer = new Thread(this::run, "webhook-event-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Stores the delivery and returns its id once committed; a store that cannot be written throws. */
    public long insert(NewWebhookEvent event) {
        if (!running) {
            return events.insert(event);
        }
        Pending pending = new Pending(event, new CompletableFuture<>());
        queue.add(pending);
        try {
            return pending.id().get(CONFIRM_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r
                    : new DataAccessResourceFailureException("storing the delivery failed", e.getCause());
        } catch (TimeoutException e) {
            throw new DataAccessResourceFailureException("the store did not confirm the delivery within "
                    + CONFIRM_TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataAccessResourceFailureException("interrupted while storing the delivery");
        }
    }

    private void run() {
        List<Pending> group = new ArrayList<>(MAX_GROUP);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, MAX_GROUP - 1);
                write(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                log.error("Writing a group of {} webhook deliveries failed unexpectedly", group.size(), e);
                group.forEach(p -> p.id().completeExceptionally(e));
            } finally {
                group.clear();
            }
        }
    }

    private void write(List<Pending> group) {
        if (group.size() > 1) {
            try {
                List<Long> ids = events.insertAll(group.stream().map(Pending::event).toList());
                for (int i = 0; i < group.size(); i++) {
                    group.get(i).id().complete(ids.get(i));
                }
                return;
            } catch (RuntimeException e) {
                log.warn("A group of {} webhook deliveries could not be stored together ({}); storing them one by one",
                        group.size(), e.getMessage());
            }
        }
        for (Pending p : group) {
            try {
                p.id().complete(events.insert(p.event()));
            } catch (RuntimeException e) {
                p.id().completeExceptionally(e);
            }
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        running = false; // what is queued is still written; new deliveries are stored directly
        writer.join(TimeUnit.SECONDS.toMillis(CONFIRM_TIMEOUT_SECONDS));
    }
}
