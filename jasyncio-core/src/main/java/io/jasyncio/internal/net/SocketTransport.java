package io.jasyncio.internal.net;

import io.jasyncio.net.BaseProtocol;
import io.jasyncio.net.BufferedProtocol;
import io.jasyncio.net.Protocol;
import io.jasyncio.net.Transport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Transport} over a non-blocking {@link SocketChannel} (TCP or Unix domain). The lifecycle, flow control,
 * errors and where protocol code runs are {@link AbstractTransport}'s; the selector side is
 * {@link SelectorTransport}'s. This class adds the byte stream.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>Reads: one {@code read} per readiness event into the loop's shared direct buffer (or the
 *       {@link BufferedProtocol}'s buffer), handed to the protocol for the duration of the call.
 *   <li>Writes: {@link #write} tries the socket first; only what it does not take is copied to {@link #pending}.
 *       {@code pendingBytes} is the sum of the queued buffers' remaining bytes; no queued buffer is empty.
 *   <li>End of input: the protocol's {@code eofReceived} decides whether the transport stays open for writing
 *       (half-close); otherwise it closes. {@link #writeEof} shuts the output down once the queue is empty.
 *   <li>Sendfile: while {@code loop.sendfile} feeds the socket, {@link #write} refuses (asyncio raises too) and a
 *       {@link #writeEof} waits for it to end, so no bytes are spliced into the file's.
 * </ul>
 */
public final class SocketTransport extends SelectorTransport<BaseProtocol, SocketChannel> implements Transport {
    private static final int BUFFERED_PROTOCOL_SIZE_HINT = 64 * 1024;

    private final @Nullable Protocol plain;
    private final @Nullable BufferedProtocol buffered;
    /** Told when the connection is lost (the server that accepted it), or {@code null}. */
    private final @Nullable SocketServer server;

    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    private long pendingBytes;
    /** A {@code loop.sendfile} is feeding the socket. */
    private boolean sendfileActive;

    private boolean eofRequested;
    private boolean eofWritten;

    SocketTransport(NetLoop loop, SocketChannel channel, BaseProtocol protocol, @Nullable SocketServer server)
            throws IOException {
        super(loop, channel, protocol);
        this.plain = protocol instanceof Protocol p ? p : null;
        this.buffered = protocol instanceof BufferedProtocol b ? b : null;
        if (plain == null && buffered == null) {
            throw new IllegalArgumentException("a stream connection needs a Protocol or a BufferedProtocol, got "
                    + protocol.getClass().getName());
        }
        this.server = server;
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
                buf = bp.getBuffer(BUFFERED_PROTOCOL_SIZE_HINT);
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
                    bp.bufferUpdated(n);
                } else if (plain != null) {
                    buf.flip();
                    plain.dataReceived(buf);
                }
            } catch (RuntimeException | Error e) {
                fatal(e, "dataReceived failed");
            }
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
            fatal(e, "eofReceived failed");
            return;
        }
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

    @Override
    public void write(ByteBuffer data) {
        loop.checkThread();
        if (sendfileActive) {
            throw new IllegalStateException("cannot write while a sendfile is in progress");
        }
        if (eofRequested && !isLost()) {
            throw new IllegalStateException("cannot write after writeEof()");
        }
        if (!acceptsWrites()) {
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
        }
        int rem = data.remaining();
        ByteBuffer copy = ByteBuffer.allocate(rem);
        copy.put(data).flip();
        pending.addLast(copy);
        pendingBytes += rem;
        writeQueued();
    }

    @Override
    boolean flushQueue() throws IOException {
        ByteBuffer head;
        while ((head = pending.peekFirst()) != null) {
            pendingBytes -= channel.write(head);
            if (head.hasRemaining()) {
                return false;
            }
            pending.pollFirst();
        }
        return true;
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
        if (pending.isEmpty() && !sendfileActive) {
            shutdownOutput();
        }
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    @Override
    public long writeBufferSize() {
        return pendingBytes;
    }

    @Override
    boolean isFlushed() {
        return pending.isEmpty();
    }

    @Override
    void clearWriteQueue() {
        pending.clear();
        pendingBytes = 0;
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
        if (eofRequested && pending.isEmpty() && !isLost()) {
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
