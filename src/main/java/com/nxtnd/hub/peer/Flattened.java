package com.nxtnd.hub.peer;

import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * The items of a run of sources (pages of a peer, a push's page sources), one source after another, each asked for
 * only when the last is used up: a long listing is read as far as it is consumed, never whole. Not
 * Stream.flatMap(...).iterator(): on JDK 17 that reads a whole inner source at the first next().
 */
public final class Flattened {

    private Flattened() {
    }

    /** {@code nextSource} answers the next source, or null when there is none. */
    public static <T> Iterator<T> of(Supplier<Iterator<T>> nextSource) {
        return new Iterator<>() {
            private Iterator<T> current = Collections.emptyIterator();
            private boolean more = true;

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && more) {
                    Iterator<T> source = nextSource.get();
                    more = source != null;
                    current = more ? source : Collections.emptyIterator();
                }
                return current.hasNext();
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }
}
