package com.nxtnd.hub.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pages read ahead in a window once the last page is known, handed on one at a time and in order. */
class ReadAheadTest {

    /** A page of a listing of {@code last} pages. */
    record Page(int number, int last) {
    }

    final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void onceTheLastPageIsKnownAWindowOfPagesIsReadAtOnceAndHandedOnInOrder() throws Exception {
        CountDownLatch fourInFlight = new CountDownLatch(4);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ReadAhead.Paging<Page> paging = new ReadAhead.Paging<>(n -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            fourInFlight.countDown();
            try {
                fourInFlight.await(10, TimeUnit.SECONDS); // the first reads finish only once four are under way
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            return new Page(n, 10);
        }, Page::number, p -> p.number() < p.last(), Page::last);
        List<Integer> handled = new CopyOnWriteArrayList<>();
        ReadAhead.forEachPage(pool, new Page(1, 10), paging, 4, p -> handled.add(p.number()));
        assertThat(handled).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(fourInFlight.getCount()).isZero();
        assertThat(most.get()).isEqualTo(4);
    }

    @Test
    void withoutALastPageOnePageIsReadAhead() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ReadAhead.Paging<Page> paging = new ReadAhead.Paging<>(n -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            inFlight.decrementAndGet();
            return new Page(n, 6);
        }, Page::number, p -> p.number() < p.last(), p -> -1);
        List<Integer> handled = new CopyOnWriteArrayList<>();
        ReadAhead.forEachPage(pool, new Page(1, 6), paging, 4, p -> handled.add(p.number()));
        assertThat(handled).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(most.get()).isEqualTo(1);
    }

    @Test
    void aFailedReadSurfacesAfterThePagesBeforeItAndAStopReadsNoFurther() throws Exception {
        ReadAhead.Paging<Page> failingAt4 = new ReadAhead.Paging<>(n -> {
            if (n == 4) {
                throw new IllegalStateException("page 4 unreadable");
            }
            return new Page(n, 8);
        }, Page::number, p -> p.number() < p.last(), Page::last);
        List<Integer> handled = new CopyOnWriteArrayList<>();
        assertThatThrownBy(() -> ReadAhead.forEachPage(pool, new Page(1, 8), failingAt4, 4, p -> handled.add(p.number())))
                .hasMessage("page 4 unreadable");
        assertThat(handled).containsExactly(1, 2, 3);

        List<Integer> stopped = new CopyOnWriteArrayList<>();
        ReadAhead.forEachPage(pool, new Page(1, 8), new ReadAhead.Paging<>(n -> new Page(n, 8), Page::number,
                p -> p.number() < p.last(), Page::last), 4, p -> {
                    stopped.add(p.number());
                    return p.number() < 2;
                });
        assertThat(stopped).containsExactly(1, 2);
    }

    @Test
    void asAnIteratorPagesEndAtTheFirstOneNotHandedOnAndAFailedReadSurfacesWhenItIsAskedFor() throws Exception {
        // the pull route's split pulls the pages: a page past the last answers empty (number 0 here) and ends them
        ReadAhead.Paging<Page> emptyAfter3 = new ReadAhead.Paging<>(n -> new Page(n > 3 ? 0 : n, 10), Page::number,
                p -> p.number() > 0, p -> -1);
        List<Integer> pages = new ArrayList<>();
        try (ReadAhead.Pages<Page> it = ReadAhead.pages(pool, new Page(1, 10), emptyAfter3, 4, p -> p.number() > 0)) {
            it.forEachRemaining(p -> pages.add(p.number()));
            assertThat(it.hasNext()).isFalse();
        }
        assertThat(pages).containsExactly(1, 2, 3);

        ReadAhead.Paging<Page> failingAt3 = new ReadAhead.Paging<>(n -> {
            if (n == 3) {
                throw new IllegalStateException("page 3 unreadable");
            }
            return new Page(n, 5);
        }, Page::number, p -> p.number() < p.last(), Page::last);
        try (ReadAhead.Pages<Page> it = ReadAhead.pages(pool, new Page(1, 5), failingAt3, 4, p -> true)) {
            assertThat(it.next().number()).isEqualTo(1);
            assertThat(it.next().number()).isEqualTo(2);
            assertThatThrownBy(it::hasNext).hasMessage("page 3 unreadable");
            assertThat(it.hasNext()).isFalse();
        }
    }
}
