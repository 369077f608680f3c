package io.jasyncio.net;

import io.jasyncio.EventLoop;
import io.jasyncio.internal.buffer.SegmentPool;
import io.jasyncio.internal.buffer.SegmentQueue;
import org.jspecify.annotations.Nullable;

/**
 * The bytes a {@link StreamReader} received and has not returned yet, and the backpressure they put on its transport
 * (asyncio's {@code _maybe_resume_transport}): above twice the limit the transport stops reading; once a read brings
 * the buffer to the limit, or a task waits for data, it reads again.
 *
 * <ul>
 *   <li>The queue is made on first use, on the loop's thread (the loop's segment pool is confined to it).
 *   <li>{@link #paused} is {@code true} exactly while this buffer holds the transport paused.
 * </ul>
 * Loop-confined, like its reader.
 */
final class ReadBuffer {
    static final byte[] EMPTY = new byte[0];

    private final EventLoop loop;
    private final int limit;
    private @Nullable SegmentQueue queue;
    /** The transport paused when the buffer is full; {@code null} for a reader fed by hand. */
    private @Nullable Transport transport;
    /** This buffer paused the transport and has not resumed it. */
    private boolean paused;
    /** A {@code read(-1)} waits for the end: the buffer may grow past the limit without pausing the transport. */
    private boolean readingToEof;

    ReadBuffer(EventLoop loop, int limit) {
        this.loop = loop;
        this.limit = limit;
    }

    /** Returns the queue of received bytes, made on first use. */
    SegmentQueue queue() {
        SegmentQueue q = queue;
        if (q == null) {
            q = new SegmentQueue(SegmentPool.of(loop));
            queue = q;
        }
        return q;
    }

    long size() {
        SegmentQueue q = queue;
        return q == null ? 0 : q.size();
    }

    /** Gives back an empty segment a read asked for and never filled: an idle reader holds no memory. */
    void trim() {
        SegmentQueue q = queue;
        if (q != null) {
            q.trim();
        }
    }

    @Nullable
    Transport transport() {
        return transport;
    }

    /** Sets the transport to pause, or moves to the one that replaced it (a TLS upgrade). */
    void setTransport(Transport t) {
        transport = t;
    }

    boolean isPaused() {
        return paused;
    }

    /** While on, the buffer grows past the limit without pausing the transport (a read to the end waits). */
    void readToEof(boolean on) {
        readingToEof = on;
    }

    /** Bytes were added: pauses the transport above twice the limit. */
    void added() {
        Transport t = transport;
        if (t != null && !paused && !readingToEof && size() > 2L * limit) {
            paused = true;
            t.pauseReading();
        }
    }

    /** Bytes were consumed: resumes the transport once the buffer is at the limit or below. */
    void consumed() {
        Transport t = transport;
        if (paused && t != null && size() <= limit) {
            paused = false;
            t.resumeReading();
        }
    }

    /** A task is about to wait for more bytes: the transport must read again, however full the buffer is. */
    void resumeForWait() {
        Transport t = transport;
        if (paused && t != null) {
            paused = false;
            t.resumeReading();
        }
    }

    /** Removes and returns the first {@code n} bytes (one copy), then resumes the transport if it may. */
    byte[] take(long n) {
        if (n == 0) {
            return EMPTY;
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new OutOfMemoryError("cannot return " + n + " bytes in one array");
        }
        byte[] out = queue().readByteArray((int) n);
        consumed();
        return out;
    }
}
