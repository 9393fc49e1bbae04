package com.nxtnd.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.peer.Flattened;
import com.nxtnd.hub.store.WatermarkRepository;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Steps of route sync-push that read NXT-ND: {@code start} reads the changes feed from the stored cursor
 * (incremental) or notes its head (full); {@code pages} hands the route the records to push, 100 at a time, read
 * lazily as the split streams them.
 */
@Component("pushFeed")
public class PushFeed {

    static final String CURSOR = "push:changes";
    static final int PAGE = 100;

    private final NxtClient nxt;
    private final WatermarkRepository watermarks;

    public PushFeed(NxtClient nxt, WatermarkRepository watermarks) {
        this.nxt = nxt;
        this.watermarks = watermarks;
    }

    public PushRun start(PushRun run) {
        if (run.given() != null) {
            return run;
        }
        String cursor = watermarks.get(CURSOR).orElse(null);
        if (!run.request().incremental()) {
            // full: remember where the changes feed is now, so the next incremental run starts from here
            run.head(nxt.changes(cursor, 1).next());
            return run;
        }
        while (true) {
            NxtClient.Changes changes = nxt.changes(cursor, 500);
            for (JsonNode c : changes.changes()) {
                String entity = c.path("entity").asText();
                if ("inventory".equals(entity)) {
                    run.stockMoved().add(c.path("sku").asText());
                } else {
                    run.changedIds().computeIfAbsent(entity, k -> new LinkedHashSet<>()).add(c.path("id").asText());
                }
            }
            if (changes.changes().isEmpty() || changes.next().equals(cursor)) {
                break;
            }
            cursor = changes.next();
        }
        run.cursor(cursor);
        return run;
    }

    /**
     * The records to push in pages of {@code pageSize} NXT-ND records (placeholder hub.push.page-size in routes/push.camel.yaml;
     * NXT-ND answers at most 500 per page). A push keeps no page checkpoint: a changed size needs no care.
     */
    public Iterator<PushPage> pages(PushRun run, int pageSize) {
        if (pageSize < 1 || pageSize > 500) {
            throw new IllegalArgumentException("hub.push.page-size must be 1 to 500 (NXT-ND's pageSize), not " + pageSize);
        }
        List<Iterator<PushPage>> sources = new ArrayList<>();
        if (run.given() != null) {
            run.given().forEach((entity, records) -> sources.add(chunks(run, entity, records, pageSize)));
        } else if (run.request().incremental()) {
            if (run.entities().contains("order")) {
                sources.add(byId(run, "order", pageSize));
            }
            for (String entity : List.of("product", "customer")) {
                if (run.entities().contains(entity)) {
                    sources.add(byId(run, entity, pageSize));
                }
            }
        } else {
            for (String entity : List.of("product", "customer", "order")) {
                if (run.entities().contains(entity)) {
                    sources.add(listed(run, entity, pageSize));
                }
            }
        }
        return concat(sources);
    }

    /** Incremental: the records the changes feed named, read one by one from NXT-ND, in pages. */
    private Iterator<PushPage> byId(PushRun run, String entity, int pageSize) {
        Iterator<String> ids = run.changedIds().getOrDefault(entity, Set.of()).iterator();
        return new Lazy() {
            @Override
            PushPage read() {
                List<JsonNode> records = new ArrayList<>();
                while (ids.hasNext() && records.size() < pageSize) {
                    nxt.get(entity + "s", ids.next()).ifPresent(records::add);
                }
                return records.isEmpty() && !ids.hasNext() ? null : new PushPage(run, entity, records);
            }
        };
    }

    /** Full: NXT-ND's list, page by page. */
    private Iterator<PushPage> listed(PushRun run, String entity, int pageSize) {
        return new Lazy() {
            int page = 0;
            boolean done;

            @Override
            PushPage read() {
                if (done) {
                    return null;
                }
                NxtClient.Page p = nxt.list(entity + "s", ++page, pageSize, null);
                done = page >= p.totalPages() || p.items().isEmpty();
                return p.items().isEmpty() ? null : new PushPage(run, entity, p.items());
            }
        };
    }

    private static Iterator<PushPage> chunks(PushRun run, String entity, List<JsonNode> records, int pageSize) {
        List<PushPage> pages = new ArrayList<>();
        for (int from = 0; from < records.size(); from += pageSize) {
            pages.add(new PushPage(run, entity, records.subList(from, Math.min(records.size(), from + pageSize))));
        }
        return pages.iterator();
    }

    /** The sources one after another, each read only as far as asked (see {@link Flattened}; PushFeedTest). */
    static Iterator<PushPage> concat(List<Iterator<PushPage>> sources) {
        Iterator<Iterator<PushPage>> each = sources.iterator();
        return Flattened.of(() -> each.hasNext() ? each.next() : null);
    }

    /** An iterator that reads its next page only when asked; {@code read} returns null at the end. */
    private abstract static class Lazy implements Iterator<PushPage> {
        private PushPage next;
        private boolean ended;

        abstract PushPage read();

        @Override
        public boolean hasNext() {
            if (next == null && !ended) {
                next = read();
                ended = next == null;
            }
            return next != null;
        }

        @Override
        public PushPage next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            PushPage page = next;
            next = null;
            return page;
        }
    }
}
