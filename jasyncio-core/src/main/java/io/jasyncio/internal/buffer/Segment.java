package io.jasyncio.internal.buffer;

import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * A piece of direct memory in a {@link SegmentQueue} or a {@link SegmentPool} (Okio's {@code Segment}, on a direct
 * {@link ByteBuffer} so that the socket reads into it and writes from it without the JDK's hidden copy through a
 * temporary direct buffer).
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>{@code 0 <= pos <= limit <= capacity}; the bytes {@code [pos, limit)} are readable, {@code [limit,
 *       capacity)} are free.
 *   <li>A segment belongs to at most one queue or pool at a time, linked through {@link #next}; once released to a
 *       pool nobody else holds it.
 *   <li>The buffer's limit is its capacity, because the absolute accessors the queue uses check indexes against it;
 *       only a channel write changes it, for the duration of the call ({@link #readableView(long)}). Its position is
 *       scratch.
 * </ul>
 * Loop-confined, like its queue and pool.
 */
public final class Segment {
    /** The memory: direct, its capacity one of {@link SegmentPool}'s sizes. */
    final ByteBuffer buf;
    /** Index into {@link SegmentPool}'s size classes. */
    final int sizeClass;
    /** First readable byte. */
    int pos;
    /** First free byte. */
    int limit;
    /** The next segment of the queue or of the pool's free list. */
    @Nullable
    Segment next;

    Segment(ByteBuffer buf, int sizeClass) {
        this.buf = buf;
        this.sizeClass = sizeClass;
    }

    /**
     * Returns the whole memory as a cleared buffer (position 0, limit = capacity), for a caller that borrowed the
     * segment from the pool as a plain direct buffer.
     *
     * @return the buffer; valid until the segment is released
     */
    public ByteBuffer buffer() {
        return buf.clear();
    }

    /** Returns how many bytes may be read. */
    int readable() {
        return limit - pos;
    }

    /** Returns how many bytes may be added. */
    int free() {
        return buf.capacity() - limit;
    }

    /**
     * Sets the buffer to at most {@code max} of the readable bytes and returns it; the caller restores the limit with
     * {@code clear()}.
     */
    ByteBuffer readableView(long max) {
        return buf.limit(pos + (int) Math.min(readable(), max)).position(pos);
    }
}
