package io.jasyncio.internal.iteration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An iterator whose {@code hasNext} reads the next element, suspending the task (the lines of a
 * {@code StreamReader}, the lines, chunks and entries of files and listings); {@code null} ends it. An
 * {@link IOException} comes out as {@link UncheckedIOException} with the same message (as from
 * {@code Files.lines}); after one, the next {@code hasNext} tries again.
 *
 * {@snippet :
 * Iterable<byte[]> lines = () -> new Lookahead<>() {
 *     @Override
 *     protected byte @Nullable [] compute() throws IOException {
 *         byte[] line = reader.readLine();
 *         return line.length == 0 ? null : line;
 *     }
 * };
 * }
 *
 * <p>Loop-confined, like what it reads.
 *
 * @param <T> the elements
 */
public abstract class Lookahead<T> implements Iterator<T> {
    /** The element read ahead by {@code hasNext}, not yet returned by {@code next}. */
    private @Nullable T next;
    /** Whether {@link #compute()} returned {@code null}: it is not called again. */
    private boolean ended;

    /** Creates an iterator that has read nothing yet. */
    protected Lookahead() {}

    /**
     * Reads the next element; may suspend the task.
     *
     * @return the element, or {@code null} at the end
     * @throws IOException if reading failed
     */
    protected abstract @Nullable T compute() throws IOException;

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
            throw new UncheckedIOException(e.getMessage(), e);
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
