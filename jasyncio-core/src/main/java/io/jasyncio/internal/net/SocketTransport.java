package io.jasyncio.internal.net;

import io.jasyncio.ExceptionContext;
import io.jasyncio.Future;
import io.jasyncio.internal.CarrierSafe;
import io.jasyncio.internal.IoSource;
import io.jasyncio.internal.SelectorEventLoop;
import io.jasyncio.net.BaseProtocol;
import io.jasyncio.net.BufferedProtocol;
import io.jasyncio.net.Protocol;
import io.jasyncio.net.Transport;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Transport} over a non-blocking {@link SocketChannel} (TCP or Unix domain), driven by the loop's
 * selector.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>Reads: one {@code read} per readiness event into the loop's shared direct buffer (or the
 *       {@link BufferedProtocol}'s buffer), handed to the protocol for the duration of the call. Read interest
 *       stays set while reading is wanted and is dropped lazily by {@link IoSource}.
 *   <li>Writes: {@link #write} tries the socket first; only what it does not take is copied to
 *       {@link #pending} and write interest is set until the queue drains. {@code pendingBytes} is the sum of
 *       the queued buffers' remaining bytes.
 *   <li>Write flow control: {@code pauseWriting} and {@code resumeWriting} strictly alternate, starting with
 *       pause. The pause decision is made in {@link #write} (user code) and delivered there; the resume decision is
 *       made on the carrier when the buffer drains and delivered later in the callback runner, so the delivery
 *       checks the current state: a resume that finds the buffer full again is dropped, and the protocol, never
 *       told otherwise, stays paused.
 *   <li>Sendfile: while {@code loop.sendfile} feeds the socket, {@link #write} refuses (asyncio raises too) and a
 *       {@link #writeEof} waits for it to end, so no bytes are spliced into the file's.
 *   <li>States: {@code open -> closing (close(): flush, then lost) -> lost}; {@code abort()} or an error go to
 *       lost at once. {@code connectionLost} runs exactly once, after which the channel is closed.
 *   <li>{@code peername} and {@code sockname} are read once, when the transport is made, and kept after close.
 * </ul>
 * Protocol callbacks run in the loop's callback runner unless the protocol is {@link CarrierSafe} (the streams
 * adapter), which is called inline on the carrier.
 */
public final class SocketTransport implements Transport {
    private static final System.Logger LOG = System.getLogger("io.jasyncio.net");

    private final SelectorEventLoop loop;
    private final SocketChannel channel;
    private final IoSource source;
    private final BaseProtocol protocol;
    private final @Nullable Protocol plain;
    private final @Nullable BufferedProtocol buffered;
    /** The protocol is library code: call it inline on the carrier. */
    private final boolean inline;
    /** Told when the connection is lost (the server that accepted it), or {@code null}. */
    private final @Nullable SocketServer server;

    private final Runnable onReadable = this::readReady;
    private final Runnable onWritable = this::writeReady;
    private final @Nullable SocketAddress peername;
    private final @Nullable SocketAddress sockname;
    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    private long pendingBytes;
    private int high = 64 * 1024;
    private int low = 16 * 1024;
    /** The buffer went above the high-water mark and has not drained to the low one since. */
    private boolean protocolPaused;
    /** What the protocol was last told: {@code pauseWriting} (true) or nothing / {@code resumeWriting}. */
    private boolean protocolToldPaused;
    /** A {@code loop.sendfile} is feeding the socket. */
    private boolean sendfileActive;
    /** Reading is wanted (not paused by the protocol). */
    private boolean reading = true;

    private boolean readEof;
    private boolean eofRequested;
    private boolean eofWritten;
    private boolean closing;
    /** Closed by the user ({@code close}/{@code abort}): later writes are a programming error. */
    private boolean closedByUser;

    private boolean lostScheduled;
    private boolean started;
    /** A task waiting (in {@link #awaitWritable()}) for the socket to take data, or {@code null}. */
    private @Nullable Future<@Nullable Void> flushWaiter;

    SocketTransport(SelectorEventLoop loop, SocketChannel channel, BaseProtocol protocol, @Nullable SocketServer server)
            throws IOException {
        this.loop = loop;
        this.channel = channel;
        this.protocol = protocol;
        this.plain = protocol instanceof Protocol p ? p : null;
        this.buffered = protocol instanceof BufferedProtocol b ? b : null;
        if (plain == null && buffered == null) {
            throw new IllegalArgumentException("a stream connection needs a Protocol or a BufferedProtocol, got "
                    + protocol.getClass().getName());
        }
        this.inline = protocol instanceof CarrierSafe;
        this.server = server;
        this.peername = Net.address(channel, true);
        this.sockname = Net.address(channel, false);
        this.source = loop.ioSource(channel);
    }

    /**
     * Schedules {@code connectionMade} and then starts reading.
     *
     * @param made completed once {@code connectionMade} returned (or failed with what it threw), or {@code null}
     */
    void start(@Nullable Future<@Nullable Void> made) {
        Runnable r = () -> {
            if (lostScheduled) {
                if (made != null && !made.isDone()) {
                    made.setException(new SocketException("connection lost before it was made"));
                }
                return;
            }
            started = true;
            try {
                if (plain != null) {
                    plain.connectionMade(this);
                } else if (buffered != null) {
                    buffered.connectionMade(this);
                }
            } catch (RuntimeException | Error e) {
                if (made != null && !made.isDone()) {
                    made.setException(e);
                }
                fatal(e, "connectionMade failed");
                return;
            }
            if (reading && !closing) {
                source.setReader(onReadable, !inline);
            }
            if (made != null && !made.isDone()) {
                made.setResult(null);
            }
        };
        callProtocol(r);
    }

    private void callProtocol(Runnable r) {
        if (inline) {
            loop.callSoonInternal(r);
        } else {
            loop.callSoon(r);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // reading

    private void readReady() {
        if (closing || !reading || readEof) {
            return;
        }
        int n;
        ByteBuffer buf;
        BufferedProtocol bp = buffered;
        try {
            if (bp != null) {
                buf = bp.getBuffer(64 * 1024);
                if (!buf.hasRemaining()) {
                    throw new IllegalStateException("getBuffer returned a full buffer");
                }
            } else {
                buf = loop.readBuffer();
                buf.clear();
            }
        } catch (RuntimeException | Error e) {
            fatal(e, "getBuffer failed");
            return;
        }
        try {
            n = channel.read(buf);
        } catch (IOException e) {
            fatal(e, "read failed");
            return;
        }
        if (n > 0) {
            try {
                if (bp != null) {
                    bp.bufferUpdated(n);
                } else if (plain != null) {
                    buf.flip();
                    plain.dataReceived(buf);
                }
            } catch (RuntimeException | Error e) {
                fatal(e, "dataReceived failed");
            }
        } else if (n < 0) {
            eofReady();
        }
    }

    private void eofReady() {
        readEof = true;
        source.setReader(null, !inline);
        boolean keepOpen;
        try {
            keepOpen = plain != null ? plain.eofReceived() : buffered != null && buffered.eofReceived();
        } catch (RuntimeException | Error e) {
            fatal(e, "eofReceived failed");
            return;
        }
        if (!keepOpen) {
            closeGracefully();
        }
    }

    @Override
    public void pauseReading() {
        loop.checkThread();
        if (closing || !reading) {
            return;
        }
        reading = false;
        source.setReader(null, !inline);
    }

    @Override
    public void resumeReading() {
        loop.checkThread();
        if (closing || reading) {
            return;
        }
        reading = true;
        if (started && !readEof) {
            source.setReader(onReadable, !inline);
        }
    }

    @Override
    public boolean isReading() {
        return reading && !closing;
    }

    // ------------------------------------------------------------------------------------------------
    // writing

    @Override
    public void write(ByteBuffer data) {
        loop.checkThread();
        if (sendfileActive) {
            throw new IllegalStateException("cannot write while a sendfile is in progress");
        }
        if (eofRequested && !lostScheduled) {
            throw new IllegalStateException("cannot write after writeEof()");
        }
        if (closing) {
            if (closedByUser) {
                throw new IllegalStateException("cannot write to a closed transport");
            }
            data.position(data.limit());
            return; // the connection is gone; connectionLost reports why
        }
        if (!data.hasRemaining()) {
            return;
        }
        if (pending.isEmpty()) {
            try {
                channel.write(data);
            } catch (IOException e) {
                fatal(e, "write failed");
                return;
            }
            if (!data.hasRemaining()) {
                return;
            }
            source.setWriter(onWritable, false);
        }
        int rem = data.remaining();
        ByteBuffer copy = ByteBuffer.allocate(rem);
        copy.put(data).flip();
        pending.addLast(copy);
        pendingBytes += rem;
        maybePauseProtocol();
    }

    /** Runs in user code (a write, new limits): tells the protocol at once, unless it still believes it paused. */
    private void maybePauseProtocol() {
        if (protocolPaused || pendingBytes <= high) {
            return;
        }
        protocolPaused = true;
        if (protocolToldPaused) {
            return; // a resume for the previous pause is still on its way: it will find us paused and not run
        }
        protocolToldPaused = true;
        try {
            protocol.pauseWriting();
        } catch (RuntimeException | Error e) {
            loop.callExceptionHandler(new ExceptionContext("protocol.pauseWriting() failed", e, null, null));
        }
    }

    /** Runs on the carrier as the buffer drains: decides now, tells the protocol from the callback runner. */
    private void maybeResumeProtocol() {
        if (!protocolPaused || pendingBytes > low) {
            return;
        }
        protocolPaused = false;
        if (inline) {
            deliverResume();
        } else {
            loop.callSoon(this::deliverResume);
        }
    }

    private void deliverResume() {
        // A write between the drain and now may have filled the buffer again: then the protocol stays paused.
        if (protocolPaused || !protocolToldPaused) {
            return;
        }
        protocolToldPaused = false;
        try {
            protocol.resumeWriting();
        } catch (RuntimeException | Error e) {
            loop.callExceptionHandler(new ExceptionContext("protocol.resumeWriting() failed", e, null, null));
        }
    }

    private void writeReady() {
        if (lostScheduled) {
            return;
        }
        try {
            ByteBuffer head;
            while ((head = pending.peekFirst()) != null) {
                pendingBytes -= channel.write(head);
                if (head.hasRemaining()) {
                    break;
                }
                pending.pollFirst();
            }
        } catch (IOException e) {
            fatal(e, "write failed");
            return;
        }
        maybeResumeProtocol();
        if (pending.isEmpty()) {
            source.setWriter(null, false);
            wakeFlushWaiter();
            if (closing) {
                scheduleLost(null);
            } else if (eofRequested && !sendfileActive) {
                shutdownOutput();
            }
        }
    }

    private void shutdownOutput() {
        if (eofWritten) {
            return;
        }
        eofWritten = true;
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            fatal(e, "shutdownOutput failed");
        }
    }

    @Override
    public void writeEof() {
        loop.checkThread();
        if (closing || eofRequested) {
            return;
        }
        eofRequested = true;
        if (pending.isEmpty() && !sendfileActive) {
            shutdownOutput();
        }
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        loop.checkThread();
        if (high < 0 || low < 0 || low > high) {
            throw new IllegalArgumentException("need 0 <= low <= high, got high=" + high + ", low=" + low);
        }
        this.high = high;
        this.low = low;
        maybePauseProtocol();
    }

    @Override
    public int writeBufferHighWater() {
        return high;
    }

    @Override
    public int writeBufferLowWater() {
        return low;
    }

    @Override
    public long writeBufferSize() {
        return pendingBytes;
    }

    // ------------------------------------------------------------------------------------------------
    // closing

    @Override
    public void close() {
        loop.checkThread();
        closedByUser = true;
        closeGracefully();
    }

    private void closeGracefully() {
        if (closing) {
            return;
        }
        closing = true;
        source.setReader(null, !inline);
        if (pending.isEmpty()) {
            scheduleLost(null);
        }
    }

    @Override
    public void abort() {
        loop.checkThread();
        closedByUser = true;
        forceClose(null);
    }

    private void forceClose(@Nullable Exception cause) {
        closing = true;
        pending.clear();
        pendingBytes = 0;
        scheduleLost(cause);
    }

    /** A fatal error: report it unless it is an ordinary connection failure, then close at once. */
    private void fatal(Throwable e, String what) {
        if (e instanceof IOException io) {
            LOG.log(System.Logger.Level.DEBUG, what + " on " + this, io);
            forceClose(io);
            return;
        }
        loop.callExceptionHandler(new ExceptionContext("fatal error on transport: " + what, e, null, null));
        forceClose(e instanceof Exception ex ? ex : new IOException(e));
    }

    private void scheduleLost(@Nullable Exception cause) {
        if (lostScheduled) {
            return;
        }
        lostScheduled = true;
        source.cancel();
        wakeFlushWaiter();
        if (!started) {
            closeChannel();
            notifyServer();
            return;
        }
        callProtocol(() -> {
            closeChannel();
            try {
                protocol.connectionLost(cause);
            } finally {
                notifyServer();
            }
        });
    }

    private void notifyServer() {
        SocketServer s = server;
        if (s != null) {
            s.detach(this);
        }
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing " + this + " failed", e);
        }
    }

    private void wakeFlushWaiter() {
        Future<@Nullable Void> f = flushWaiter;
        if (f != null && !f.isDone()) {
            f.setResult(null);
        }
    }

    /** Waits (in a task) until the socket is writable and the write buffer is empty, or the connection is lost. */
    void awaitWritable() {
        if (lostScheduled) {
            return;
        }
        Future<@Nullable Void> f = loop.createFuture();
        flushWaiter = f;
        source.setWriter(onWritable, false);
        try {
            f.await();
        } finally {
            flushWaiter = null;
        }
    }

    /**
     * Starts a sendfile: until {@link #endSendfile()}, writes are refused and an end of file waits.
     *
     * @throws IllegalStateException if another sendfile is in progress
     */
    void beginSendfile() {
        if (sendfileActive) {
            throw new IllegalStateException("another sendfile is in progress on " + this);
        }
        sendfileActive = true;
    }

    /** Ends a sendfile: writes are allowed again, and a {@link #writeEof} that waited for it takes effect. */
    void endSendfile() {
        sendfileActive = false;
        if (eofRequested && pending.isEmpty() && !lostScheduled) {
            shutdownOutput();
        }
    }

    /**
     * Returns whether nothing waits in the write buffer.
     *
     * @return {@code true} if empty
     */
    boolean isFlushed() {
        return pending.isEmpty();
    }

    @Override
    public boolean isClosing() {
        return closing;
    }

    @Override
    public @Nullable Object extraInfo(String key) {
        return Net.channelInfo(key, channel, peername, sockname);
    }

    @Override
    public BaseProtocol protocol() {
        return protocol;
    }

    /**
     * Returns the channel (for {@code sendfile}).
     *
     * @return the channel
     */
    SocketChannel channel() {
        return channel;
    }

    /**
     * Returns whether {@code connectionLost} is scheduled or done.
     *
     * @return {@code true} once lost
     */
    boolean isLost() {
        return lostScheduled;
    }

    @Override
    public String toString() {
        return "SocketTransport[" + (lostScheduled ? "closed" : closing ? "closing" : "open") + ", " + peername
                + ", buffered=" + pendingBytes + "]";
    }
}
