package io.jasyncio.internal.buffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * A FIFO of bytes kept in a list of pooled direct {@link Segment}s (Okio's {@code Buffer}): the storage of a
 * {@code StreamReader} and of a socket transport's write queue. Bytes come in by a read straight into the tail
 * ({@link #writable}, {@link #commit}: no copy) or by {@link #write(ByteBuffer)} (one copy); they go out by one
 * copy into the caller's array or buffer, or by a gathering write to a channel ({@link #writeTo}: no copy). Nothing
 * is ever moved or compacted inside the queue.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>{@code size} is the sum of the segments' readable bytes; {@code head == null} exactly when there are no
 *       segments.
 *   <li>Only the tail may be empty (a read asked for room, then got nothing); every other segment holds at least one
 *       byte. A segment emptied by consuming is released to the pool at once, so an empty queue holds no memory.
 *   <li>The buffer {@link #writable} returns is the tail's, valid until the next call on this queue.
 * </ul>
 * Loop-confined.
 */
public final class SegmentQueue {
    /**
     * Counting copies costs a read of this flag per copy, and an add while on: off unless
     * {@code -Djasyncio.countCopies=true} or {@link #countCopies(boolean)}.
     */
    private static volatile boolean countCopies = Boolean.getBoolean("jasyncio.countCopies");
    /** Payload bytes copied by all queues of the process (only while counting). */
    private static final LongAdder COPIED = new LongAdder();

    private final SegmentPool pool;
    private @Nullable Segment head;
    private @Nullable Segment tail;
    private long size;

    /**
     * Creates an empty queue.
     *
     * @param pool where segments come from and go back to
     */
    public SegmentQueue(SegmentPool pool) {
        this.pool = pool;
    }

    /**
     * Returns the payload bytes copied by every queue of this process while counting was on: into a queue by
     * {@link #write}, out of one by {@link #readByteArray} and {@link #read(ByteBuffer, int)} (the copy benchmark
     * and tests; see {@link #countCopies(boolean)}).
     *
     * @return bytes
     */
    public static long copiedBytes() {
        return COPIED.sum();
    }

    /**
     * Turns copy counting on or off for the whole process (on from the start with
     * {@code -Djasyncio.countCopies=true}).
     *
     * @param on whether to count
     */
    public static void countCopies(boolean on) {
        countCopies = on;
    }

    private static void copied(int n) {
        if (countCopies) {
            COPIED.add(n);
        }
    }

    /**
     * Returns how many bytes the queue holds.
     *
     * @return bytes
     */
    public long size() {
        return size;
    }

    /**
     * Returns whether the queue holds no bytes.
     *
     * @return {@code true} if empty
     */
    public boolean isEmpty() {
        return size == 0;
    }

    // ------------------------------------------------------------------------------------------------
    // bytes in

    /**
     * Returns room to read into directly: the tail's free space if it has at least half of {@code sizeHint}, else a
     * new segment sized for the hint. Write into it from its position to its limit, then call {@link #commit} with
     * the count.
     *
     * @param sizeHint how much the caller expects to read (at most {@link SegmentPool#MAX_SIZE} is used)
     * @return the tail's buffer; valid until the next call on this queue
     */
    public ByteBuffer writable(int sizeHint) {
        int want = Math.min(Math.max(sizeHint, 1), SegmentPool.MAX_SIZE);
        Segment t = tail;
        if (t == null || t.free() < (want + 1) / 2) {
            t = append(pool.take(want));
        }
        return t.buf.limit(t.buf.capacity()).position(t.limit);
    }

    /**
     * Adds the {@code n} bytes just written into the buffer {@link #writable} returned.
     *
     * @param n how many bytes were written there
     * @throws IllegalArgumentException if {@code n} is negative or more than that buffer had room for
     */
    public void commit(int n) {
        Segment t = tail;
        if (n < 0 || (t == null ? n > 0 : n > t.free())) {
            throw new IllegalArgumentException("committed " + n + " bytes, more than the room given");
        }
        if (t != null) {
            t.buf.clear(); // the caller may have moved the limit the absolute accessors check against
            t.limit += n;
            size += n;
        }
    }

    /**
     * Appends a segment filled elsewhere (by a pipe's pump thread), without a copy: its first {@code n} bytes become
     * the queue's last ones, and the queue owns it from now on.
     *
     * @param s a segment of this queue's pool, not in any queue
     * @param n how many bytes it holds from its start, 1 to its capacity
     * @throws IllegalArgumentException if {@code n} is out of range
     */
    public void appendFilled(Segment s, int n) {
        if (n <= 0 || n > s.buf.capacity()) {
            throw new IllegalArgumentException("a filled segment holds 1 to " + s.buf.capacity() + " bytes, not " + n);
        }
        s.buf.clear(); // the filler used the buffer's position and limit
        s.pos = 0;
        s.limit = n;
        s.next = null;
        append(s);
        size += n;
    }

    /**
     * Copies the buffer's remaining bytes in (one copy), filling the tail before taking new segments.
     *
     * @param src the bytes; its position advances to its limit
     */
    public void write(ByteBuffer src) {
        int n = src.remaining();
        copied(n);
        int at = src.position();
        int end = src.limit();
        while (at < end) {
            Segment t = tail;
            if (t == null || t.free() == 0) {
                t = append(pool.take(end - at));
            }
            int k = Math.min(t.free(), end - at);
            t.buf.put(t.limit, src, at, k);
            t.limit += k;
            at += k;
        }
        src.position(end);
        size += n;
    }

    private Segment append(Segment s) {
        Segment t = tail;
        if (t == null) {
            head = s;
        } else if (t.readable() == 0) {
            // an empty tail (a read that got nothing) is replaced rather than left inside the list
            return replaceEmptyTail(t, s);
        } else {
            t.next = s;
        }
        tail = s;
        return s;
    }

    private Segment replaceEmptyTail(Segment empty, Segment s) {
        Segment prev = null;
        for (Segment x = head; x != empty && x != null; x = x.next) {
            prev = x;
        }
        if (prev == null) {
            head = s;
        } else {
            prev.next = s;
        }
        tail = s;
        pool.release(empty);
        return s;
    }

    // ------------------------------------------------------------------------------------------------
    // looking

    /**
     * Returns the byte at an index.
     *
     * @param index from the first byte, below {@link #size()}
     * @return the byte
     */
    public byte get(long index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index + " of " + size);
        }
        Segment s = head;
        long at = index;
        while (s != null) {
            int r = s.readable();
            if (at < r) {
                return s.buf.get(s.pos + (int) at);
            }
            at -= r;
            s = s.next;
        }
        throw new IllegalStateException("size and segments disagree");
    }

    /**
     * Finds the first occurrence of a byte sequence at or after an index, possibly spanning segments.
     *
     * @param sep the bytes to find, not empty
     * @param from where the search starts
     * @return the index where {@code sep} starts, or -1
     */
    public long indexOf(byte[] sep, long from) {
        long last = size - sep.length; // the last index where sep fits
        if (from > last) {
            return -1;
        }
        byte first = sep[0];
        long segStart = 0; // index of s.pos
        Segment s = head;
        while (s != null && segStart + s.readable() <= from) {
            segStart += s.readable();
            s = s.next;
        }
        for (; s != null && segStart <= last; s = s.next) {
            ByteBuffer b = s.buf;
            int i = s.pos + (int) Math.max(0, from - segStart);
            int end = s.pos + (int) Math.min(s.readable(), last - segStart + 1);
            for (; i < end; i++) {
                if (b.get(i) == first && matchesAt(s, i, sep)) {
                    return segStart + (i - s.pos);
                }
            }
            segStart += s.readable();
        }
        return -1;
    }

    /**
     * Returns whether {@code bytes} are at {@code index} (all of them before {@link #size()}).
     *
     * @param index from the first byte
     */
    public boolean rangeEquals(long index, byte[] bytes) {
        if (index < 0 || index + bytes.length > size) {
            return false;
        }
        if (bytes.length == 0) {
            return true;
        }
        long segStart = 0; // index of s.pos
        Segment s = head;
        while (s != null && segStart + s.readable() <= index) {
            segStart += s.readable();
            s = s.next;
        }
        return s != null && matchesAt(s, s.pos + (int) (index - segStart), bytes);
    }

    /** Whether {@code sep} is at buffer index {@code i} of {@code s}, continuing into the next segments. */
    private static boolean matchesAt(Segment s, int i, byte[] sep) {
        Segment seg = s;
        int at = i;
        for (byte expected : sep) {
            while (at == seg.limit) {
                Segment n = seg.next;
                if (n == null) {
                    return false;
                }
                seg = n;
                at = seg.pos;
            }
            if (seg.buf.get(at++) != expected) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------------
    // bytes out

    /**
     * Copies the first {@code n} bytes into a new array without removing them (one copy).
     *
     * @param n how many, at most {@link #size()}
     * @return the bytes
     */
    public byte[] peekByteArray(int n) {
        checkCount(n);
        copied(n);
        byte[] out = new byte[n];
        int off = 0;
        for (Segment s = head; off < n && s != null; s = s.next) {
            int k = Math.min(n - off, s.readable());
            s.buf.get(s.pos, out, off, k);
            off += k;
        }
        return out;
    }

    /**
     * Removes the first {@code n} bytes into a new array (one copy).
     *
     * @param n how many, at most {@link #size()}
     * @return the bytes
     */
    public byte[] readByteArray(int n) {
        checkCount(n);
        copied(n);
        byte[] out = new byte[n];
        int off = 0;
        while (off < n) {
            Segment s = nonNullHead();
            int k = Math.min(n - off, s.readable());
            s.buf.get(s.pos, out, off, k);
            off += k;
            consumed(s, k);
        }
        return out;
    }

    /**
     * Removes the first {@code n} bytes into a buffer (one copy).
     *
     * @param dst where they go, from its position; the position advances by {@code n}
     * @param n how many, at most {@link #size()} and {@code dst.remaining()}
     */
    public void read(ByteBuffer dst, int n) {
        checkCount(n);
        if (n > dst.remaining()) {
            throw new IllegalArgumentException(n + " bytes do not fit in " + dst);
        }
        copied(n);
        int at = dst.position();
        int left = n;
        while (left > 0) {
            Segment s = nonNullHead();
            int k = Math.min(left, s.readable());
            dst.put(at, s.buf, s.pos, k);
            at += k;
            left -= k;
            consumed(s, k);
        }
        dst.position(at);
    }

    /**
     * Drops the first {@code n} bytes.
     *
     * @param n how many, at most {@link #size()}
     */
    public void skip(long n) {
        if (n < 0 || n > size) {
            throw new IllegalArgumentException("cannot skip " + n + " of " + size + " bytes");
        }
        consume(n);
    }

    /** Drops the first {@code n} bytes ({@code n <= size}), releasing emptied segments. */
    private void consume(long n) {
        long left = n;
        while (left > 0) {
            Segment s = nonNullHead();
            int k = (int) Math.min(left, s.readable());
            left -= k;
            consumed(s, k);
        }
    }

    /** Drops every byte and gives every segment back to the pool. */
    public void clear() {
        Segment s = head;
        while (s != null) {
            Segment next = s.next;
            pool.release(s);
            s = next;
        }
        head = null;
        tail = null;
        size = 0;
    }

    /** Gives back an empty tail left by a read that got nothing, so that an idle queue holds no memory. */
    public void trim() {
        if (size == 0) {
            clear();
        }
    }

    /**
     * Writes as much as the channel takes with one write (a gathering write over up to 64 segments), and drops
     * what it took.
     *
     * @param channel the channel, non-blocking or not
     * @return bytes written (0 when the queue is empty or the channel took nothing)
     * @throws IOException if the write failed
     */
    public long writeTo(GatheringByteChannel channel) throws IOException {
        return writeTo(channel, Long.MAX_VALUE);
    }

    /**
     * Writes at most {@code max} of the first bytes with one write (a gathering write over up to 64 segments), and
     * drops what the channel took.
     *
     * @param channel the channel, non-blocking or not
     * @param max the most bytes to write
     * @return bytes written (0 when there is nothing to write or the channel took nothing)
     * @throws IOException if the write failed
     */
    public long writeTo(GatheringByteChannel channel, long max) throws IOException {
        Segment h = head;
        if (h == null || size == 0 || max <= 0) {
            return 0;
        }
        long n;
        Segment second = h.next;
        if (second == null || second.readable() == 0 || h.readable() >= max) {
            try {
                n = channel.write(h.readableView(max));
            } finally {
                h.buf.clear(); // back to the full limit the absolute accessors check against
            }
        } else {
            ByteBuffer[] views = pool.gather;
            int count = 0;
            try {
                long left = max;
                for (Segment s = h; s != null && count < views.length && s.readable() > 0 && left > 0; s = s.next) {
                    ByteBuffer v = s.readableView(left);
                    left -= v.remaining();
                    views[count++] = v;
                }
                n = channel.write(views, 0, count);
            } finally {
                for (int i = 0; i < count; i++) {
                    views[i].clear();
                }
            }
        }
        consume(n);
        return n;
    }

    /**
     * Writes to the channel until the queue is empty or the channel takes less than it was offered (it is full).
     *
     * @param channel the channel
     * @return {@code true} if the queue is empty
     * @throws IOException if a write failed
     */
    public boolean writeAllTo(GatheringByteChannel channel) throws IOException {
        writeAllTo(channel, Long.MAX_VALUE);
        return size == 0;
    }

    /**
     * Writes at most {@code max} of the first bytes to the channel, until they are written or the channel takes less
     * than it was offered (it is full).
     *
     * @param channel the channel
     * @param max the most bytes to write
     * @return bytes written
     * @throws IOException if a write failed
     */
    public long writeAllTo(GatheringByteChannel channel, long max) throws IOException {
        long written = 0;
        while (size > 0 && written < max) {
            long offered = Math.min(offered(), max - written);
            long n = writeTo(channel, max - written);
            written += n;
            if (n < offered) {
                break;
            }
        }
        return written;
    }

    /** How many bytes {@link #writeTo} offers at most: those of its first {@link SegmentPool#MAX_GATHER} segments. */
    private long offered() {
        long n = 0;
        int count = 0;
        for (Segment s = head; s != null && count < SegmentPool.MAX_GATHER; s = s.next, count++) {
            n += s.readable();
        }
        return n;
    }

    /**
     * Moves the first {@code n} bytes to the end of another queue (Okio's {@code Buffer.write(Buffer, long)}): whole
     * segments change hands without a copy; only a segment split at {@code n} has its first part copied.
     *
     * @param sink the queue that receives the bytes (sharing this queue's loop)
     * @param n how many, at most {@link #size()}
     */
    public void moveTo(SegmentQueue sink, long n) {
        if (n < 0 || n > size) {
            throw new IllegalArgumentException("cannot move " + n + " of " + size + " bytes");
        }
        long left = n;
        while (left > 0) {
            Segment s = nonNullHead();
            int r = s.readable();
            if (r > left) {
                sink.write(s.readableView(left)); // the split segment: copy its first part
                s.buf.clear();
                consumed(s, (int) left);
                return;
            }
            head = s.next;
            if (head == null) {
                tail = null;
            }
            size -= r;
            left -= r;
            s.next = null;
            sink.append(s);
            sink.size += r;
        }
    }

    private void checkCount(int n) {
        if (n < 0 || n > size) {
            throw new IllegalArgumentException("cannot take " + n + " of " + size + " bytes");
        }
    }

    private Segment nonNullHead() {
        Segment h = head;
        if (h == null) {
            throw new IllegalStateException("size and segments disagree");
        }
        return h;
    }

    /** {@code k} bytes of the head were consumed; release it once empty. */
    private void consumed(Segment s, int k) {
        s.pos += k;
        size -= k;
        if (s.pos == s.limit) {
            head = s.next;
            if (head == null) {
                tail = null;
            }
            pool.release(s);
        }
    }

    @Override
    public String toString() {
        int segments = 0;
        for (Segment s = head; s != null; s = s.next) {
            segments++;
        }
        return "SegmentQueue[" + size + " bytes in " + segments + " segments]";
    }
}
