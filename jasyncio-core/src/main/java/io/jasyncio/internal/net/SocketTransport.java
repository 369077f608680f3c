package io.jasyncio.internal.net;

import io.jasyncio.internal.buffer.AdaptiveReadSize;
import io.jasyncio.internal.buffer.SegmentPool;
import io.jasyncio.internal.buffer.SegmentQueue;
import io.jasyncio.internal.buffer.SegmentSink;
import io.jasyncio.net.BaseProtocol;
import io.jasyncio.net.BufferedProtocol;
import io.jasyncio.net.Protocol;
import io.jasyncio.net.Transport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Transport} over a non-blocking {@link SocketChannel} (TCP or Unix domain). The lifecycle, flow control,
 * errors and where protocol code runs are {@link AbstractTransport}'s; the selector side is
 * {@link SelectorTransport}'s. This class adds the byte stream.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>Reads: one {@code read} per readiness event, into the {@link BufferedProtocol}'s buffer (asked for with the
 *       {@link AdaptiveReadSize} guess as its size hint; the streams' protocol is one and lends its reader's
 *       segments) or else into the loop's shared direct buffer, handed to the {@link Protocol} for the duration of
 *       the call. A protocol that is both is treated as a {@code BufferedProtocol}, as asyncio does.
 *   <li>Writes: {@link #write} of a direct buffer tries the socket first and copies only what it does not take into
 *       {@link #pending} (pooled direct segments); a heap buffer is copied there first (the one copy the JDK would
 *       make anyway, into its temporary direct buffer) and written from there. While anything is queued, new bytes
 *       are queued behind it, and the queue goes out with gathering writes. No write keeps a reference to the
 *       caller's buffer.
 *   <li>End of input: the protocol's {@code eofReceived} decides whether the transport stays open for writing
 *       (half-close); otherwise it closes. {@link #writeEof} shuts the output down once the queue is empty.
 *   <li>Sendfile: while {@code loop.sendfile} feeds the socket, {@link #write} refuses (asyncio raises too) and a
 *       {@link #writeEof} waits for it to end, so no bytes are spliced into the file's.
 * </ul>
 */
public final class SocketTransport extends SelectorTransport<BaseProtocol, SocketChannel>
        implements Transport, SegmentSink {
    private @Nullable Protocol plain;
    private @Nullable BufferedProtocol buffered;
    /** Told when the connection is lost (the server that accepted it), or {@code null}. */
    private final @Nullable SocketServer server;

    /** How much the next read into a {@link BufferedProtocol}'s buffer should ask for. */
    private final AdaptiveReadSize readSize = new AdaptiveReadSize();
    /** Bytes the socket has not taken yet, in order; made on the first write that has to wait. */
    private @Nullable SegmentQueue pending;
    /** A {@code loop.sendfile} is feeding the socket. */
    private boolean sendfileActive;

    private boolean eofRequested;
    private boolean eofWritten;

    SocketTransport(NetLoop loop, SocketChannel channel, BaseProtocol protocol, @Nullable SocketServer server)
            throws IOException {
        super(loop, channel, protocol);
        this.buffered = protocol instanceof BufferedProtocol b ? b : null;
        this.plain = buffered == null && protocol instanceof Protocol p ? p : null;
        if (plain == null && buffered == null) {
            throw new IllegalArgumentException("a stream connection needs a Protocol or a BufferedProtocol, got "
                    + protocol.getClass().getName());
        }
        this.server = server;
    }

    /**
     * Hands the connection to another stream protocol (a TLS layer's wire protocol, on STARTTLS): the bytes read
     * from now on go to it.
     */
    @Override
    void setProtocol(BaseProtocol p) {
        BufferedProtocol b = p instanceof BufferedProtocol bp ? bp : null;
        Protocol q = b == null && p instanceof Protocol pp ? pp : null;
        if (b == null && q == null) {
            throw new IllegalArgumentException("a stream connection needs a Protocol or a BufferedProtocol");
        }
        buffered = b;
        plain = q;
        super.setProtocol(p);
    }

    @Override
    void callConnectionMade() {
        if (plain != null) {
            plain.connectionMade(this);
        } else if (buffered != null) {
            buffered.connectionMade(this);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // reading

    @Override
    void readOnce() {
        BufferedProtocol bp = buffered;
        ByteBuffer buf;
        try {
            if (bp != null) {
                buf = bp.getBuffer(readSize.guess());
                if (!buf.hasRemaining()) {
                    throw new IllegalStateException("getBuffer returned a full buffer");
                }
            } else {
                buf = loop.readBuffer();
                buf.clear();
            }
        } catch (RuntimeException | Error e) {
            loop.afterUserCode();
            fatal(e, "getBuffer failed");
            return;
        }
        loop.afterUserCode(); // compatibility mode: every protocol hook may have blocked in a foreign call
        int n;
        try {
            n = channel.read(buf);
        } catch (IOException e) {
            fatal(e, "read failed");
            return;
        }
        if (n > 0) {
            try {
                if (bp != null) {
                    readSize.record(n);
                    bp.bufferUpdated(n);
                } else if (plain != null) {
                    buf.flip();
                    plain.dataReceived(buf);
                }
            } catch (RuntimeException | Error e) {
                loop.afterUserCode();
                fatal(e, "dataReceived failed");
                return;
            }
            loop.afterUserCode();
        } else if (n < 0) {
            eofReceived();
        }
    }

    private void eofReceived() {
        readEnded();
        boolean keepOpen;
        try {
            keepOpen = plain != null ? plain.eofReceived() : buffered != null && buffered.eofReceived();
        } catch (RuntimeException | Error e) {
            loop.afterUserCode();
            fatal(e, "eofReceived failed");
            return;
        }
        loop.afterUserCode();
        if (!keepOpen) {
            closeGracefully();
        }
    }

    @Override
    public void pauseReading() {
        setReading(false);
    }

    @Override
    public void resumeReading() {
        setReading(true);
    }

    // ------------------------------------------------------------------------------------------------
    // writing

    /**
     * {@inheritDoc}
     *
     * <p>A direct buffer that the socket takes at once is not copied at all; what the socket does not take is copied
     * once into pooled direct segments. A heap buffer is copied once into those segments and written from there (the
     * JDK would copy it into a temporary direct buffer anyway). The transport keeps no reference to {@code data}.
     */
    @Override
    public void write(ByteBuffer data) {
        if (!acceptsBytes()) {
            data.position(data.limit());
            return; // the connection is gone; connectionLost reports why
        }
        if (!data.hasRemaining()) {
            return;
        }
        SegmentQueue q = pending();
        if (q.isEmpty()) {
            if (data.isDirect()) {
                try {
                    channel.write(data);
                } catch (IOException e) {
                    fatal(e, "write failed");
                    return;
                }
                if (!data.hasRemaining()) {
                    return;
                }
                q.write(data);
            } else {
                q.write(data);
                if (flushNow(q)) {
                    return;
                }
            }
        } else {
            q.write(data);
        }
        writeQueued();
    }

    /**
     * Sends several buffers in order, with one gathering write when nothing is queued: direct buffers that the socket
     * takes at once are not copied; the rest is copied once, as by {@link #write(ByteBuffer)}.
     *
     * @param data the buffers, each from its position to its limit; every position is advanced to its limit
     */
    @Override
    public void write(ByteBuffer[] data) {
        if (!acceptsBytes()) {
            for (ByteBuffer b : data) {
                b.position(b.limit());
            }
            return; // the connection is gone; connectionLost reports why
        }
        long total = 0;
        boolean allDirect = true;
        for (ByteBuffer b : data) {
            total += b.remaining();
            allDirect &= b.isDirect();
        }
        if (total == 0) {
            return;
        }
        SegmentQueue q = pending();
        boolean wasEmpty = q.isEmpty();
        if (wasEmpty && allDirect) {
            try {
                channel.write(data);
            } catch (IOException e) {
                fatal(e, "write failed");
                return;
            }
        }
        for (ByteBuffer b : data) {
            if (b.hasRemaining()) {
                q.write(b);
            }
        }
        if (q.isEmpty() || (wasEmpty && !allDirect && flushNow(q))) {
            return;
        }
        writeQueued();
    }

    /**
     * Takes bytes out of a stream reader's buffer without a copy ({@code StreamReader.transferTo}): written straight
     * from its segments while nothing is queued, and what the socket does not take moves, segment by segment, into
     * the write queue.
     */
    @Override
    public void writeFrom(SegmentQueue source, long n) {
        if (!acceptsBytes()) {
            source.skip(n);
            return; // the connection is gone; connectionLost reports why
        }
        if (n == 0) {
            return;
        }
        SegmentQueue q = pending();
        long left = n;
        if (q.isEmpty()) {
            try {
                left -= source.writeAllTo(channel, left);
            } catch (IOException e) {
                source.skip(left);
                fatal(e, "write failed");
                return;
            }
            if (left == 0) {
                return;
            }
        }
        source.moveTo(q, left);
        writeQueued();
    }

    @Override
    public void writeLines(Iterable<byte[]> data) {
        loop.checkThread();
        java.util.ArrayList<ByteBuffer> buffers = new java.util.ArrayList<>();
        for (byte[] b : data) {
            buffers.add(ByteBuffer.wrap(b));
        }
        write(buffers.toArray(ByteBuffer[]::new));
    }

    /**
     * The checks every write makes: throws where the caller made a mistake; returns {@code false} (drop the bytes)
     * where the connection ended by itself.
     *
     * @return {@code true} if the bytes should be sent
     */
    private boolean acceptsBytes() {
        loop.checkThread();
        if (sendfileActive) {
            throw new IllegalStateException("cannot write while a sendfile is in progress");
        }
        if (eofRequested && !isLost()) {
            throw new IllegalStateException("cannot write after writeEof()");
        }
        return acceptsWrites();
    }

    /** Writes what was just queued while the socket takes it; returns whether the queue is empty. */
    private boolean flushNow(SegmentQueue q) {
        try {
            return q.writeAllTo(channel);
        } catch (IOException e) {
            fatal(e, "write failed");
            return true; // fatal cleared the queue: nothing to wait for
        }
    }

    private SegmentQueue pending() {
        SegmentQueue q = pending;
        if (q == null) {
            q = new SegmentQueue(SegmentPool.of(loop));
            pending = q;
        }
        return q;
    }

    @Override
    boolean flushQueue() throws IOException {
        SegmentQueue q = pending;
        return q == null || q.writeAllTo(channel);
    }

    @Override
    void drained() {
        super.drained();
        if (!isClosing() && eofRequested && !sendfileActive) {
            shutdownOutput();
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
        if (isClosing() || eofRequested) {
            return;
        }
        eofRequested = true;
        if (isFlushed() && !sendfileActive) {
            shutdownOutput();
        }
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    @Override
    public long writeBufferSize() {
        SegmentQueue q = pending;
        return q == null ? 0 : q.size();
    }

    @Override
    boolean isFlushed() {
        SegmentQueue q = pending;
        return q == null || q.isEmpty();
    }

    @Override
    void clearWriteQueue() {
        SegmentQueue q = pending;
        if (q != null) {
            q.clear();
        }
    }

    // ------------------------------------------------------------------------------------------------
    // sendfile

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
        if (eofRequested && isFlushed() && !isLost()) {
            shutdownOutput();
        }
    }

    // ------------------------------------------------------------------------------------------------

    @Override
    void afterLost() {
        SocketServer s = server;
        if (s != null) {
            s.detach(this);
        }
    }

    @Override
    public BaseProtocol protocol() {
        return protocol;
    }
}
