package com.nxtnd.hub.peer;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * Pages read one ahead of the page being handled, for either peer: the next page's round trip overlaps the work on
 * this one. A failure reading a page surfaces when it is its turn, after the handler has finished (and checkpointed)
 * the page before; stopping early, or a handler that fails, costs the one page read ahead.
 */
public final class ReadAhead {

    /** Handles one page; {@code false} stops the reading. */
    @FunctionalInterface
    public interface Handler<P> {
        boolean onPage(P page) throws Exception;
    }

    private ReadAhead() {
    }

    /**
     * Reads from {@code first} on; {@code hasNext} says whether a page has one after it ({@code pageNumber} gives its
     * number).
     */
    public static <P> void forEachPage(ExecutorService pool, P first, IntFunction<P> read, Predicate<P> hasNext,
                                      ToIntFunction<P> pageNumber, Handler<P> handler) throws Exception {
        P page = first;
        while (true) {
            int nextPage = pageNumber.applyAsInt(page) + 1;
            CompletableFuture<P> next = hasNext.test(page)
                    ? CompletableFuture.supplyAsync(() -> read.apply(nextPage), pool) : null;
            boolean more;
            try {
                more = handler.onPage(page);
            } catch (Exception | Error e) {
                if (next != null) {
                    next.cancel(false);
                }
                throw e;
            }
            if (next == null || !more) {
                return;
            }
            try {
                page = next.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
    }
}
