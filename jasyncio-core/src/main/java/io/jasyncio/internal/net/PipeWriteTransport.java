package io.jasyncio.internal.net;

import io.jasyncio.EventLoop;
import io.jasyncio.net.BaseProtocol;
import io.jasyncio.net.Transport;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The write end of a pipe (a child's stdin) as a transport (asyncio's {@code _UnixWritePipeTransport}):
 * {@link #write} copies the bytes into a queue and returns; a pump thread ({@link PipePumps}), running only while
 * the queue has bytes, writes them to the JDK's blocking stream and reports progress to the loop.
 *
 * <h2>Flow control</h2>
 * {@link #writeBufferSize()} counts the bytes not yet written to the pipe; the base pauses the protocol above the
 * high-water mark and resumes it at the low one as the pump's reports arrive, so {@code StreamWriter.drain()}
 * holds a task back while the child does not read. The marks default to 256 and 64 KiB (four times a socket's): a
 * resume reaches the writing task through a thread hand-off, and the pump needs bytes queued meanwhile.
 *
 * <h2>Memory</h2>
 * A write is copied (the caller may reuse its buffer at once): a small one into an array of its size, a large one
 * into 64 KiB chunks that the pump hands back for reuse.
 *
 * <h2>Closing</h2>
 * {@link #writeEof()} and {@link #close()} (the same thing for a pipe, as in asyncio) close the pipe once the queue
 * is written (the child then reads end of file). The stream is closed by the pump unless nothing was left to flush:
 * closing flushes, which blocks while the child does not read. A child that exited makes the next write fail ("Broken pipe" or "Stream closed"); the error ends
 * the transport and reaches the protocol's {@code connectionLost}, so a {@code drain()} reports it.
 *
 * <p>Loop-confined except where a field says the pump thread touches it.
 */
public final class PipeWriteTransport extends AbstractTransport<BaseProtocol> implements Transport {
    /** The default high-water mark of a pipe (sockets: 64 KiB). */
    static final int DEFAULT_HIGH = 256 * 1024;
    /** The default low-water mark of a pipe (sockets: 16 KiB). */
    static final int DEFAULT_LOW = 64 * 1024;
    /** The size of a pooled chunk: large writes are copied into chunks of this size. */
    private static final int CHUNK = 64 * 1024;
    /** Writes smaller than this get an array of their own size (the JDK's stream buffer joins them). */
    private static final int SMALL = 8 * 1024;
    /** How long a pump with nothing to write waits for more before its job ends. */
    private static final long LINGER_NANOS = 20_000_000L;
    /** Free chunks kept for reuse, per transport. */
    private static final int POOLED = 8;
    /** In the queue after the last bytes: close the stream. */
    private static final Chunk CLOSE = new Chunk(new byte[0], 0);

    /** Bytes waiting for the pump: the first {@code length} of {@code bytes}. */
    private static final class Chunk {
        final byte[] bytes;
        final int length;

        Chunk(byte[] bytes, int length) {
            this.bytes = bytes;
            this.length = length;
        }
    }

    private final OutputStream out;
    private final String name;
    /** Loop to pump: chunks to write, then {@link #CLOSE}. */
    private final ConcurrentLinkedQueue<Chunk> queue = new ConcurrentLinkedQueue<>();
    /** Pump to loop: written {@link #CHUNK}-sized arrays, for reuse (at most {@link #POOLED} are kept). */
    private final ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();
    /** A pump job runs (or is about to): set by whoever starts one, cleared by the pump when the queue is empty. */
    private final AtomicBoolean pumping = new AtomicBoolean();
    /** Pump to loop: bytes written since the loop last looked. */
    private final AtomicLong written = new AtomicLong();
    /** Pump to loop: the write that failed. */
    private volatile @Nullable IOException failure;
    /** Set by the pump when it asks the loop to look at its progress; cleared by the loop. */
    private final AtomicBoolean reportScheduled = new AtomicBoolean();
    /**
     * Loop and pump: bytes queued and not yet written, a hint for the pump to report only when the loop may act (at
     * or below the low-water mark: a resume or a close may wait); the loop's own count is {@link #pending}.
     */
    private final AtomicLong unwritten = new AtomicLong();
    /** The pump's thread while a pump job runs, to wake it when it lingers for more work. */
    private final AtomicReference<@Nullable Thread> pumpThread = new AtomicReference<>();

    /** Loop only: bytes given to {@code write} and not yet reported written. */
    private long pending;
    /** Loop only: {@link #CLOSE} is queued. */
    private boolean closeQueued;

    private final Runnable onProgress = this::progress;

    private PipeWriteTransport(NetLoop loop, OutputStream out, BaseProtocol protocol, String name) {
        super(loop, protocol);
        this.out = out;
        this.name = name;
        // Each resume costs the writing task a hand-off from the pump thread: with the sockets' 64/16 KiB marks a
        // writer that drains after every 64 KiB write left the pipe idle while it was woken.
        setWriteBufferLimits(DEFAULT_HIGH, DEFAULT_LOW);
    }

    /**
     * Makes a transport that writes to {@code out} for {@code protocol}; {@link #begin()} starts it. Writes are
     * accepted at once. Call on the loop's thread.
     *
     * @param loop the loop
     * @param out the pipe; the transport closes it
     * @param protocol gets {@code pauseWriting}, {@code resumeWriting} and {@code connectionLost}; inline on the
     *     carrier if it is {@code CarrierSafe}
     * @param name for {@code toString} and errors ("stdin of pid 42")
     * @return the transport
     */
    public static PipeWriteTransport create(EventLoop loop, OutputStream out, BaseProtocol protocol, String name) {
        PipeWriteTransport t = new PipeWriteTransport(NetLoop.of(loop), out, protocol, name);
        return t;
    }

    /** Starts the transport: schedules {@code connectionMade}, after which the pump runs. */
    public void begin() {
        start(null);
    }

    // ------------------------------------------------------------------------------------------------
    // the pump (its own thread, only while the queue has work)

    private void pump() {
        Thread me = Thread.currentThread();
        pumpThread.set(me);
        try {
            while (true) {
                Chunk chunk = queue.poll();
                if (chunk == null) {
                    out.flush(); // small writes sit in the JDK's 8 KiB stream buffer
                    if (linger()) {
                        continue;
                    }
                    pumping.set(false);
                    // A write may have queued after our poll and seen pumping still set: look once more.
                    if (queue.isEmpty() || !pumping.compareAndSet(false, true)) {
                        return;
                    }
                    continue;
                }
                if (chunk == CLOSE) {
                    out.close();
                    return; // pumping stays set: nothing may start a pump on a closed stream
                }
                out.write(chunk.bytes, 0, chunk.length);
                if (chunk.bytes.length == CHUNK) {
                    free.add(chunk.bytes); // the loop trims the pool: it only takes what it needs
                }
                written.addAndGet(chunk.length);
                // Only when the loop may act: a resume (at the low-water mark) or a close (empty). The mark is read
                // without synchronisation: a stale value only moves one report.
                if (unwritten.addAndGet(-chunk.length) <= writeBufferLowWater()) {
                    report();
                }
            }
        } catch (IOException e) {
            failure = e; // pumping stays set: the transport is dead
            report();
            closeQuietly();
        } finally {
            // Only if still ours: the next job, started once this one cleared pumping, may have set its own thread.
            pumpThread.compareAndSet(me, null);
        }
    }

    /**
     * Waits a little for more work before the pump job ends: a writer that drains between writes queues again
     * within microseconds, and waking a parked thread costs less than handing a new job to the pool.
     *
     * @return {@code true} if work arrived
     */
    private boolean linger() {
        long until = System.nanoTime() + LINGER_NANOS;
        while (queue.isEmpty()) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            LockSupport.parkNanos(this, left);
        }
        return true;
    }

    private void closeQuietly() {
        try {
            out.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing " + name, e);
        }
    }

    private void report() {
        if (reportScheduled.compareAndSet(false, true)) {
            loop.deliverFromThread(onProgress);
        }
    }

    private void startPump() {
        if (pumping.compareAndSet(false, true)) {
            PipePumps.run(this::pump);
        } else {
            Thread t = pumpThread.get();
            if (t != null) {
                LockSupport.unpark(t); // it may linger in linger(); a spare permit only costs it one more look
            }
        }
    }

    // ------------------------------------------------------------------------------------------------
    // the loop side

    /** On the carrier: accounts for what the pump wrote; resumes the protocol, finishes a close, or fails. */
    private void progress() {
        reportScheduled.set(false); // before reading: a later report schedules another look
        long done = written.getAndSet(0);
        if (isLost()) {
            return; // aborted or failed: the queue was dropped, nothing to account for
        }
        pending -= done;
        IOException e = failure;
        if (e != null) {
            fatal(e, "writing " + name + " failed");
            return;
        }
        maybeResumeProtocol();
        if (pending == 0) {
            drained();
        }
    }

    @Override
    public void write(ByteBuffer data) {
        loop.checkThread();
        if (!acceptsWrites()) {
            data.position(data.limit()); // the pipe broke: dropped, as asyncio does; drain() reports why
            return;
        }
        int n = data.remaining();
        if (n == 0) {
            return;
        }
        // Copied: the caller may reuse data at once (Transport's buffer ownership rule).
        if (n < SMALL) {
            byte[] copy = new byte[n];
            data.get(copy);
            unwritten.addAndGet(n);
            queue.add(new Chunk(copy, n));
        } else {
            while (data.hasRemaining()) {
                byte[] c = free.poll();
                if (c == null) {
                    c = new byte[CHUNK];
                }
                int k = Math.min(CHUNK, data.remaining());
                data.get(c, 0, k);
                unwritten.addAndGet(k);
                queue.add(new Chunk(c, k));
            }
            while (free.size() > POOLED) {
                free.poll();
            }
        }
        pending += n;
        startPump();
        maybePauseProtocol();
    }

    private void queueClose() {
        if (!closeQueued) {
            closeQueued = true;
            queue.add(CLOSE);
            startPump();
        }
    }

    /**
     * Closes the pipe once the queued bytes are written, so the child reads end of file: for a pipe this is
     * {@link #close()}, as in asyncio; later writes throw {@link IllegalStateException}.
     */
    @Override
    public void writeEof() {
        close();
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    @Override
    void callConnectionMade() {
        if (protocol instanceof io.jasyncio.net.Protocol p) {
            p.connectionMade(this);
        } else if (protocol instanceof io.jasyncio.net.BufferedProtocol p) {
            p.connectionMade(this);
        }
    }

    @Override
    void opened() {}

    @Override
    void stopReading() {}

    @Override
    void stopIo() {}

    @Override
    void release() {
        // Nothing queued and no pump: the JDK's stream buffer is empty (a pump flushes before its job ends), so
        // closing cannot block, and is done here without a pump. Otherwise the pump closes it after the queue:
        // closing flushes, which blocks while the child does not read.
        if (!closeQueued && queue.isEmpty() && pumping.compareAndSet(false, true)) {
            closeQueued = true;
            closeQuietly();
            return;
        }
        queueClose();
    }

    @Override
    public long writeBufferSize() {
        return pending;
    }

    @Override
    boolean isFlushed() {
        return pending == 0;
    }

    @Override
    void clearWriteQueue() {
        queue.clear(); // a chunk the pump is writing still goes out
        pending = 0;
        closeQueued = false; // the clear may have dropped it: release() queues it again
    }

    /** A write pipe has nothing to read: no-op. */
    @Override
    public void pauseReading() {}

    /** A write pipe has nothing to read: no-op. */
    @Override
    public void resumeReading() {}

    @Override
    public boolean isReading() {
        return false;
    }

    @Override
    public @Nullable Object extraInfo(String key) {
        return "pipe".equals(key) ? out : null;
    }

    @Override
    public BaseProtocol protocol() {
        return protocol;
    }

    @Override
    public String toString() {
        return "PipeWriteTransport[" + name + ", " + state() + ", pending=" + pending + "]";
    }
}
