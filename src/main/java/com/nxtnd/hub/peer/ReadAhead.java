package com.nxtnd.hub.peer;

import java.io.Closeable;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * Pages read ahead of the page being handled, for either peer: the next pages' round trips overlap the work on this
 * one, and each other. Pages are handed on one at a time and in order, so a checkpoint per page stays right. Once a
 * page has said which is the last ({@code lastPage}, e.g. from X-WP-TotalPages) up to {@code window} pages are read
 * at once (the peer's pacing still bounds its calls in flight); before that, or when the peer does not say, one. A
 * failure reading a page surfaces when it is its turn, after the handler has finished (and checkpointed) the pages
 * before; stopping early, or a handler that fails, costs the pages read ahead.
 */
public final class ReadAhead {

    /** Handles one page; {@code false} stops the reading. */
    @FunctionalInterface
    public interface Handler<P> {
        boolean onPage(P page) throws Exception;
    }

    /** How pages of one listing are read and numbered. */
    public record Paging<P>(IntFunction<P> read, ToIntFunction<P> pageNumber, Predicate<P> hasNext,
                            ToIntFunction<P> lastPage) {
    }

    private ReadAhead() {
    }

    /** Hands on {@code first} and the pages after it, reading up to {@code window} of them ahead. */
    public static <P> void forEachPage(ExecutorService pool, P first, Paging<P> paging, int window, Handler<P> handler)
            throws Exception {
        try (Pages<P> pages = pages(pool, first, paging, window, p -> true)) {
            while (pages.hasNext()) {
                if (!handler.onPage(pages.next())) {
                    return;
                }
            }
        }
    }

    /**
     * The same pages as an iterator, for a consumer that pulls them (a Camel split streaming over them): the next
     * pages are read ahead as soon as a page is handed on, and a page is waited for only when {@link Pages#hasNext}
     * asks for it, i.e. after the consumer finished the one before. The pages end at the first one that fails
     * {@code handOn} (e.g. an empty page past the last). Close it to cancel the reads still ahead.
     */
    public static <P> Pages<P> pages(ExecutorService pool, P first, Paging<P> paging, int window, Predicate<P> handOn) {
        return new Pages<>(pool, first, paging, window, handOn);
    }

    /** Pages in order, read ahead; see {@link #pages}. */
    public static final class Pages<P> implements Iterator<P>, Closeable {
        private final ExecutorService pool;
        private final Paging<P> paging;
        private final int window;
        private final Predicate<P> handOn;
        private final Deque<CompletableFuture<P>> ahead = new ArrayDeque<>();
        private P current;
        private int nextToRead;
        private int last = -1;
        private boolean ended;

        private Pages(ExecutorService pool, P first, Paging<P> paging, int window, Predicate<P> handOn) {
            this.pool = pool;
            this.paging = paging;
            this.window = window;
            this.handOn = handOn;
            this.current = first;
            this.nextToRead = paging.pageNumber().applyAsInt(first) + 1;
            this.ended = !handOn.test(first);
        }

        @Override
        public boolean hasNext() {
            if (ended) {
                return false;
            }
            if (current != null) {
                return true;
            }
            if (ahead.isEmpty()) {
                ended = true;
                return false;
            }
            try {
                current = ahead.poll().join();
            } catch (CompletionException e) {
                close();
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
            if (!handOn.test(current)) {
                close();
                return false;
            }
            return true;
        }

        @Override
        public P next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            P page = current;
            current = null;
            last = Math.max(last, paging.lastPage().applyAsInt(page));
            if (last >= 0) {
                for (; ahead.size() < Math.max(1, window) && nextToRead <= last; nextToRead++) {
                    int n = nextToRead;
                    ahead.add(CompletableFuture.supplyAsync(CallTimeout.carried(() -> paging.read().apply(n)), pool));
                }
            } else if (ahead.isEmpty() && paging.hasNext().test(page)) {
                int n = nextToRead++;
                ahead.add(CompletableFuture.supplyAsync(CallTimeout.carried(() -> paging.read().apply(n)), pool));
            }
            return page;
        }

        /** Stops: the pages still being read ahead are cancelled. */
        @Override
        public void close() {
            ended = true;
            current = null;
            ahead.forEach(f -> f.cancel(false));
            ahead.clear();
        }
    }
}
