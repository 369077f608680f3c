package io.jasyncio.files;

import java.io.IOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An iterator whose {@code hasNext} reads the next element, suspending the task (the lines, chunks and entries of
 * files and listings); {@code null} ends it. An {@link IOException} comes out as
 * {@link java.io.UncheckedIOException}; after one, the next {@code hasNext} tries again.
 *
 * <p>Loop-confined, like what it reads.
 */
abstract class Lookahead<T> implements Iterator<T> {
    private @Nullable T next;
    private boolean ended;

    /** Reads the next element, or {@code null} at the end. */
    abstract @Nullable T compute() throws IOException;

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (ended) {
            return false;
        }
        try {
            next = compute();
        } catch (IOException e) {
            throw FileWork.unchecked(e);
        }
        ended = next == null;
        return !ended;
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        T t = next;
        next = null;
        return Objects.requireNonNull(t);
    }
}
