package io.jasyncio.internal.buffer;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A loop's bounded pool of direct {@link Segment}s in four size classes (2, 8, 32 and 128 KiB): reads and waiting
 * writes take segments from here and give them back when their bytes are consumed or sent, so steady traffic
 * allocates no direct memory.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>The free segments of all classes together hold at most {@code maxBytes}; a segment released to a full pool
 *       is dropped (the garbage collector frees its memory). In-use segments are not counted: they are bounded by
 *       the readers' limits and the transports' write flow control.
 *   <li>A free segment is linked into its class's stack through {@link Segment#next} and held by nobody else.
 * </ul>
 * Idle connections hold no segments: readers and write queues release a segment as soon as it is empty.
 *
 * <p>Loop-confined (one pool per loop, see {@code SelectorEventLoop.segmentPool()}).
 */
public final class SegmentPool {
    /** The size classes, smallest first. */
    static final int[] SIZES = {2 * 1024, 8 * 1024, 32 * 1024, 128 * 1024};
    /** The largest segment: the most one read asks for. */
    public static final int MAX_SIZE = SIZES[SIZES.length - 1];
    /**
     * What a loop's pool keeps by default: at most 4 MiB of idle direct memory per loop, enough for some 30 bulk
     * connections at once without allocating (a new direct segment costs a {@code malloc}, page faults and zeroing).
     */
    public static final long DEFAULT_MAX_BYTES = 4 * 1024 * 1024;
    /** The most buffers one gathering write passes to the kernel. */
    static final int MAX_GATHER = 64;

    /** Each loop's pool, by loop identity (loops do not override equals); an entry goes with its loop. */
    private static final Map<Object, SegmentPool> BY_LOOP = Collections.synchronizedMap(new WeakHashMap<>());

    /** Per class: the top of the stack of free segments. */
    private final @Nullable Segment[] free = new Segment[SIZES.length];
    /** Per class: how many segments are on the stack. */
    private final int[] freeCount = new int[SIZES.length];
    /** The most bytes the free segments may hold. */
    private final long maxBytes;
    /** The bytes the free segments hold. */
    private long freeBytes;
    /** Segments taken and not released yet (a leak check for tests). */
    private long lent;
    /** Scratch array for gathering writes (loop-confined, so one per pool is enough). */
    final ByteBuffer[] gather = new ByteBuffer[MAX_GATHER];

    /**
     * Returns the pool of a loop, made on first use with {@link #DEFAULT_MAX_BYTES}: the loop's stream readers,
     * socket write queues and sendfile share it. Looked up by loop identity, so the API package can reach it without
     * naming the loop's class; callers on a hot path keep the result. The pool itself is loop-confined.
     *
     * @param loop the event loop
     * @return its pool
     */
    public static SegmentPool of(Object loop) {
        return BY_LOOP.computeIfAbsent(loop, l -> new SegmentPool(DEFAULT_MAX_BYTES));
    }

    /**
     * Creates a pool.
     *
     * @param maxBytes the most idle memory kept (0: keep nothing, every segment is new)
     */
    public SegmentPool(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Returns the size class a read of {@code size} bytes should use: the smallest that holds it, or the largest.
     *
     * @param size bytes wanted
     * @return the class index
     */
    static int classFor(int size) {
        for (int i = 0; i < SIZES.length - 1; i++) {
            if (size <= SIZES[i]) {
                return i;
            }
        }
        return SIZES.length - 1;
    }

    /**
     * Takes an empty segment of the smallest class that holds {@code size} bytes (the largest class if none does).
     *
     * @param size bytes wanted
     * @return a segment with {@code pos == limit == 0}, owned by the caller until {@link #release}d
     */
    public Segment take(int size) {
        lent++;
        int c = classFor(size);
        Segment s = free[c];
        if (s == null) {
            return new Segment(ByteBuffer.allocateDirect(SIZES[c]), c);
        }
        free[c] = s.next;
        freeCount[c]--;
        freeBytes -= SIZES[c];
        s.next = null;
        return s;
    }

    /**
     * Gives a segment back; the caller must not touch it afterwards.
     *
     * @param s the segment
     */
    public void release(Segment s) {
        lent--;
        s.pos = 0;
        s.limit = 0;
        s.buf.clear(); // a borrower of buffer() may have moved the limit
        int c = s.sizeClass;
        if (freeBytes + SIZES[c] > maxBytes) {
            s.next = null;
            return; // the pool is full: let the garbage collector free it
        }
        s.next = free[c];
        free[c] = s;
        freeCount[c]++;
        freeBytes += SIZES[c];
    }

    /**
     * Returns how many segments are taken and not given back (tests: a leak check over many connections).
     *
     * @return segments lent out now
     */
    public long lent() {
        return lent;
    }

    /**
     * Returns how many free segments the pool keeps (tests).
     *
     * @return the count over all classes
     */
    public int pooled() {
        int n = 0;
        for (int c : freeCount) {
            n += c;
        }
        return n;
    }

    @Override
    public String toString() {
        return "SegmentPool[free=" + java.util.Arrays.toString(freeCount) + "]";
    }
}
