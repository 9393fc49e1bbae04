package com.nxtnd.hub.peer;

import java.util.ArrayDeque;
import java.util.Deque;
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
        Deque<CompletableFuture<P>> ahead = new ArrayDeque<>();
        P page = first;
        int nextToRead = paging.pageNumber().applyAsInt(first) + 1;
        int last = -1;
        while (true) {
            last = Math.max(last, paging.lastPage().applyAsInt(page));
            if (last >= 0) {
                for (; ahead.size() < Math.max(1, window) && nextToRead <= last; nextToRead++) {
                    int n = nextToRead;
                    ahead.add(CompletableFuture.supplyAsync(() -> paging.read().apply(n), pool));
                }
            } else if (ahead.isEmpty() && paging.hasNext().test(page)) {
                int n = nextToRead++;
                ahead.add(CompletableFuture.supplyAsync(() -> paging.read().apply(n), pool));
            }
            boolean more;
            try {
                more = handler.onPage(page);
            } catch (Exception | Error e) {
                ahead.forEach(f -> f.cancel(false));
                throw e;
            }
            if (ahead.isEmpty() || !more) {
                ahead.forEach(f -> f.cancel(false));
                return;
            }
            try {
                page = ahead.poll().join();
            } catch (CompletionException e) {
                ahead.forEach(f -> f.cancel(false));
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
    }
}
