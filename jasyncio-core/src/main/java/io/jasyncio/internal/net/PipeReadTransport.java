package io.jasyncio.internal.net;

import io.jasyncio.EventLoop;
import io.jasyncio.internal.buffer.Segment;
import io.jasyncio.internal.buffer.SegmentFeeder;
import io.jasyncio.internal.buffer.SegmentIntake;
import io.jasyncio.internal.buffer.SegmentPool;
import io.jasyncio.net.Protocol;
import io.jasyncio.net.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The read end of a pipe (a child's stdout or stderr) as a transport: a pump thread ({@link PipePumps}) reads
 * blocks from the JDK's blocking stream and hands them to the loop, which calls the protocol's
 * {@code dataReceived} (asyncio's {@code _UnixReadPipeTransport}).
 *
 * <h2>Flow and memory</h2>
 * The pump reads into at most {@value #MAX_BLOCKS} blocks (the first of {@value #BLOCK} bytes, the others, made only
 * while the loop is behind, of {@value #BULK_BLOCK}). A block goes back to the pump
 * only after the protocol got it, so while the protocol is paused ({@link #pauseReading()}, which a
 * {@code StreamReader} above its limit calls) or the loop is slow, the pump runs out of blocks and stops reading;
 * the pipe fills and the child blocks in {@code write}. At most 832 KiB wait here.
 *
 * <pre>
 *   pipe --read (pump thread)--> block --filled queue--> loop: dataReceived(block) --> block back to free queue
 * </pre>
 *
 * <h2>Segments for the library's reader</h2>
 * When a {@code StreamReader} of the library's own protocol sets this transport ({@link SegmentFeeder}), the pump
 * fills pooled segments instead of blocks: the loop takes {@value #MAX_BLOCKS} from its pool, the pump copies each
 * read into one on its own thread, and the loop links the filled segment into the reader (no copy on the loop)
 * and hands the pump a fresh one. The flow control is the same: no delivery while paused, no fresh segment.
 *
 * <pre>
 *   pipe --read + copy (pump)--> segment --filled queue--> loop: reader takes it --> a fresh segment to the pump
 * </pre>
 *
 * The pump wakes the loop only when the filled queue was idle ({@code drainScheduled}), so a fast child costs one
 * cross-thread wake-up per batch of blocks, not per block.
 *
 * <p>Loop-confined except where a field says the pump thread touches it.
 */
public final class PipeReadTransport extends AbstractTransport<Protocol> implements Transport, SegmentFeeder {
    /** The first block's size: a Linux pipe holds 64 KiB by default, so one read takes all the pipe has. */
    static final int BLOCK = 64 * 1024;
    /**
     * The size of the blocks allocated after the first, which only a child faster than its reader needs: the JDK's
     * stream keeps reading while the pipe has bytes, so a large block takes several pipefuls per hand-off.
     */
    static final int BULK_BLOCK = 256 * 1024;
    /** Blocks a pipe may have in flight (being read into, queued for the loop, lent to the protocol). */
    static final int MAX_BLOCKS = 4;
    /** How often a pump waiting for a block looks whether its loop closed. */
    private static final long ABANDON_CHECK_MILLIS = 100;

    /** The end of the input, in the filled queue. */
    private static final Object EOF = new Object();

    private final InputStream in;
    private final String name;
    /** Pump to loop: blocks read ({@link Block}), then {@link #EOF} or an {@link IOException}. */
    private final ConcurrentLinkedQueue<Object> filled = new ConcurrentLinkedQueue<>();
    /** Set by the pump when it asks the loop to drain {@link #filled}; cleared by the loop before draining. */
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    /** Loop to pump: blocks the protocol is done with ({@code byte[]}), or empty pooled {@link Segment}s. */
    private final LinkedBlockingQueue<Object> free = new LinkedBlockingQueue<>();
    /** Loop to pump: stop reading (the transport is lost). */
    private volatile boolean stopped;

    /** Pump only: blocks allocated so far (at most {@link #MAX_BLOCKS}). */
    private int allocated;
    /** Pump only: where a read goes before its copy into a segment (segment mode). */
    private byte @Nullable [] scratch;
    /**
     * The library's stream reader takes filled segments ({@link SegmentFeeder}): set on the loop before the pump
     * starts (the pool's hand-off publishes it to the pump, which only tests it), then the pump fills pooled
     * segments and the loop only links them into the reader.
     */
    private @Nullable SegmentIntake intake;
    /** Loop only: the protocol asked for no data ({@link #pauseReading()}). */
    private boolean paused;

    private final Runnable drainOnLoop = this::drainFilled;

    /** A segment the pump filled: its first {@code length} bytes arrived. */
    private static final class Filled {
        final Segment segment;
        final int length;

        Filled(Segment segment, int length) {
            this.segment = segment;
            this.length = length;
        }
    }

    /** A block the pump filled: its first {@code length} bytes arrived. */
    private static final class Block {
        final byte[] bytes;
        final int length;

        Block(byte[] bytes, int length) {
            this.bytes = bytes;
            this.length = length;
        }
    }

    private PipeReadTransport(NetLoop loop, InputStream in, Protocol protocol, String name) {
        super(loop, protocol);
        this.in = in;
        this.name = name;
    }

    /**
     * Makes a transport that reads {@code in} for {@code protocol}; {@link #begin()} starts it. Call on the loop's
     * thread.
     *
     * @param loop the loop
     * @param in the pipe; the transport closes it
     * @param protocol receives the bytes; called inline on the carrier if it is {@code CarrierSafe}
     * @param name for {@code toString} and errors ("stdout of pid 42")
     * @return the transport
     */
    public static PipeReadTransport create(EventLoop loop, InputStream in, Protocol protocol, String name) {
        PipeReadTransport t = new PipeReadTransport(NetLoop.of(loop), in, protocol, name);
        return t;
    }

    /** Starts the transport: schedules {@code connectionMade}, after which the pump runs. */
    public void begin() {
        start(null);
    }

    // ------------------------------------------------------------------------------------------------
    // the pump (its own thread)

    private void pump() {
        try {
            while (!abandoned()) {
                Object slot = free.poll();
                if (slot == null) {
                    if (intake == null && allocated < MAX_BLOCKS) {
                        slot = new byte[allocated == 0 ? BLOCK : BULK_BLOCK];
                        allocated++;
                    } else {
                        // every block is with the loop: the protocol is paused or slow
                        slot = free.poll(ABANDON_CHECK_MILLIS, TimeUnit.MILLISECONDS);
                        if (slot == null) {
                            continue;
                        }
                    }
                }
                if (abandoned()) {
                    break;
                }
                if (slot instanceof Segment seg ? !readInto(seg) : !readInto((byte[]) slot)) {
                    return; // end of input
                }
            }
        } catch (IOException e) {
            if (!stopped) {
                post(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // only the JVM's shutdown interrupts a pump
        }
        if (!stopped && loop.isClosed()) {
            // The loop closed under a transport nobody closed (a paused pipe left behind): the loop will never
            // release it, so the pump does, or its thread and the pipe would wait for a reader forever.
            closeStream();
        }
    }

    /** Pump side: the transport was lost, or its loop closed (nothing will ever take what is read). */
    private boolean abandoned() {
        return stopped || loop.isClosed();
    }

    /** Reads once into a block; returns {@code false} at the end of the input. */
    private boolean readInto(byte[] block) throws IOException {
        int n = in.read(block, 0, block.length);
        if (n < 0) {
            post(EOF);
            return false;
        }
        if (n == 0) {
            free.add(block);
        } else {
            post(new Block(block, n));
        }
        return true;
    }

    /**
     * Reads once into a pooled segment (the JDK's stream reads only into arrays: through the pump's scratch array,
     * copied here, on the pump's thread rather than the loop's); returns {@code false} at the end of the input.
     */
    private boolean readInto(Segment seg) throws IOException {
        ByteBuffer room = seg.buffer();
        byte[] a = scratch;
        if (a == null || a.length < room.capacity()) {
            a = new byte[room.capacity()];
            scratch = a;
        }
        int n = in.read(a, 0, room.capacity());
        if (n < 0) {
            free.add(seg); // back to the loop's pool on release
            post(EOF);
            return false;
        }
        if (n == 0) {
            free.add(seg);
        } else {
            room.put(0, a, 0, n);
            post(new Filled(seg, n));
        }
        return true;
    }

    private void post(Object item) {
        filled.add(item);
        if (drainScheduled.compareAndSet(false, true)) {
            loop.deliverFromThread(drainOnLoop);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // the loop side

    /** On the carrier: hands what the pump read to the protocol, from where the protocol runs. */
    private void drainFilled() {
        // Cleared before polling: an item posted after our last poll schedules another drain.
        drainScheduled.set(false);
        if (filled.isEmpty()) {
            return;
        }
        fromCarrier(this::deliver);
    }

    /** Where the protocol runs: delivers queued blocks while reading is wanted. */
    private void deliver() {
        Object item;
        while (!paused && !isClosing() && (item = filled.poll()) != null) {
            if (item instanceof Filled f) {
                SegmentIntake into = intake;
                try {
                    if (into == null) {
                        throw new IllegalStateException("a filled segment without a reader to take it");
                    }
                    into.take(f.segment, f.length);
                } catch (RuntimeException | Error e) {
                    fatal(e, "feeding the reader failed");
                    return;
                }
                free.add(SegmentPool.of(loop).take(SegmentPool.MAX_SIZE)); // the reader owns the filled one now
            } else if (item instanceof Block b) {
                ByteBuffer data = ByteBuffer.wrap(b.bytes, 0, b.length);
                try {
                    protocol.dataReceived(data);
                } catch (RuntimeException | Error e) {
                    loop.afterUserCode();
                    fatal(e, "protocol.dataReceived() failed");
                    return;
                }
                loop.afterUserCode();
                free.add(b.bytes);
            } else if (item == EOF) {
                endOfInput();
                return;
            } else {
                fatal((IOException) item, "reading " + name + " failed");
                return;
            }
        }
    }

    private void endOfInput() {
        try {
            protocol.eofReceived(); // its answer does not matter: a read pipe has nothing to keep open
        } catch (RuntimeException | Error e) {
            loop.afterUserCode();
            fatal(e, "protocol.eofReceived() failed");
            return;
        }
        loop.afterUserCode();
        closeGracefully();
    }

    @Override
    void callConnectionMade() {
        protocol.connectionMade(this);
    }

    @Override
    void opened() {
        if (intake != null) {
            SegmentPool pool = SegmentPool.of(loop);
            for (int i = 0; i < MAX_BLOCKS; i++) {
                free.add(pool.take(SegmentPool.MAX_SIZE));
            }
        }
        PipePumps.run(this::pump);
    }

    /**
     * Takes the reader's intake when the protocol is the library's own (carrier-safe: the stream protocol of a
     * {@code Subprocess}, which only feeds the reader); a user's protocol keeps getting {@code dataReceived}. Must be
     * called before the pump starts (a reader's {@code setTransport} in {@code connectionMade} is).
     */
    @Override
    public void feedSegmentsTo(SegmentIntake reader) {
        loop.checkThread();
        if (inline && state() == State.NEW) {
            intake = reader;
        }
    }

    @Override
    void stopReading() {
        paused = true;
    }

    @Override
    void stopIo() {
        stopped = true;
        free.add(new byte[0]); // wakes a pump waiting for a block; it sees stopped and ends
    }

    @Override
    void release() {
        closeStream();
        // Segments not with the pump go back to the loop's pool; one the pump holds is left to the collector.
        SegmentPool pool = SegmentPool.of(loop);
        for (Object o; (o = free.poll()) != null; ) {
            if (o instanceof Segment seg) {
                pool.release(seg);
            }
        }
        for (Object o; (o = filled.poll()) != null; ) {
            if (o instanceof Filled f) {
                pool.release(f.segment);
            }
        }
    }

    /** Closes the pipe: on the loop, or on the pump when the loop closed under it. Any thread. */
    private void closeStream() {
        try {
            // Does not block: the JDK's pipe stream closes without the lock a read in progress holds.
            in.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing " + name, e);
        }
    }

    @Override
    public long writeBufferSize() {
        return 0;
    }

    @Override
    boolean isFlushed() {
        return true;
    }

    @Override
    void clearWriteQueue() {}

    // ------------------------------------------------------------------------------------------------
    // Transport

    /**
     * Not supported: this is the read end of a pipe.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public void write(ByteBuffer data) {
        throw new UnsupportedOperationException(name + " is a read pipe");
    }

    /**
     * Not supported: this is the read end of a pipe.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public void writeEof() {
        throw new UnsupportedOperationException(name + " is a read pipe");
    }

    @Override
    public boolean canWriteEof() {
        return false;
    }

    @Override
    public void pauseReading() {
        loop.checkThread();
        paused = true;
    }

    @Override
    public void resumeReading() {
        loop.checkThread();
        if (!paused || isClosing()) {
            return;
        }
        paused = false;
        if (!filled.isEmpty()) {
            schedule(this::deliver);
        }
    }

    @Override
    public boolean isReading() {
        return !paused && !isClosing();
    }

    @Override
    public @Nullable Object extraInfo(String key) {
        return "pipe".equals(key) ? in : null;
    }

    @Override
    public Protocol protocol() {
        return protocol;
    }

    @Override
    public String toString() {
        return "PipeReadTransport[" + name + ", " + state() + (paused ? ", paused" : "") + "]";
    }
}
