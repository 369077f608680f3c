package io.jasyncio.internal.net;

import io.jasyncio.internal.buffer.Segment;
import io.jasyncio.internal.buffer.SegmentPool;
import io.jasyncio.internal.buffer.SegmentQueue;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * The writing side of a {@link TlsTransport}: plaintext in, records out to the lower transport, and what the engine
 * sends by itself (handshake messages, alerts, {@code close_notify}).
 *
 * <pre>
 *   app write -> {@link #write} -> wrap into a pooled segment -> lower.write
 *                      \-> {@link #pendingPlain} while the engine cannot wrap (handshake, delegated tasks)
 * </pre>
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>Plaintext goes out in the order written: once some waits in {@link #pendingPlain}, later writes wait behind
 *       it until {@link #flush} wraps it.
 *   <li>A wrapped segment is handed to the lower transport (which sends it or copies what waits) and goes back to the
 *       pool at once.
 * </ul>
 * The handshake and closing are the transport's; wrapping calls into them when the engine asks for it. Loop-confined.
 */
final class TlsOutbound {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final TlsTransport t;
    private final SSLEngine engine;
    private final SegmentPool pool;
    /** Plaintext written while the engine could not wrap it; {@code null} until the first time. */
    private @Nullable SegmentQueue pendingPlain;

    TlsOutbound(TlsTransport t, SSLEngine engine, SegmentPool pool) {
        this.t = t;
        this.engine = engine;
        this.pool = pool;
    }

    /**
     * Takes plaintext the application wrote: wrapped at once, or kept while the handshake or delegated tasks run, or
     * while plaintext written before waits.
     *
     * @return {@code false} if wrapping failed (the transport is failing)
     */
    boolean write(ByteBuffer data) {
        SegmentQueue q = pendingPlain;
        if (!t.handshakeDone || t.tasksRunning || (q != null && !q.isEmpty())) {
            pending().write(data);
            return true;
        }
        try {
            wrap(data);
        } catch (SSLException e) {
            t.failTls(e);
            return false;
        }
        return true;
    }

    /** Wraps and sends what the engine has to send by itself: handshake messages, alerts, {@code close_notify}. */
    void flushEngine() throws SSLException {
        wrap(EMPTY);
    }

    /**
     * Wraps {@code src} (or, when empty, what the engine has to send: handshake messages, alerts, close_notify) and
     * hands the records to the lower transport; what cannot be wrapped yet waits in {@link #pendingPlain}.
     */
    private void wrap(ByteBuffer src) throws SSLException {
        SocketTransport low = t.lower;
        if (low == null) {
            throw new SSLException("no transport under the TLS layer yet");
        }
        int packet = t.packetSize > 0 ? t.packetSize : engine.getSession().getPacketBufferSize();
        Segment seg = pool.take(
                Math.max(packet, Math.min(src.remaining() + src.remaining() / 64 + 512, SegmentPool.MAX_SIZE)));
        ByteBuffer out = seg.buffer();
        try {
            while (true) {
                if (out.remaining() < packet) {
                    send(low, out);
                }
                SSLEngineResult r = engine.wrap(src, out);
                if (r.getStatus() == Status.BUFFER_OVERFLOW) {
                    if (out.position() == 0) {
                        throw new SSLException("no room for a TLS record of " + packet + " bytes");
                    }
                    send(low, out);
                    continue;
                }
                if (r.getStatus() == Status.CLOSED) {
                    break;
                }
                HandshakeStatus hs = r.getHandshakeStatus();
                if (hs == HandshakeStatus.NEED_TASK) {
                    send(low, out);
                    t.runTasks();
                    break;
                }
                if (hs == HandshakeStatus.FINISHED) {
                    send(low, out);
                    t.handshakeFinished();
                    break;
                }
                if (hs == HandshakeStatus.NEED_WRAP) {
                    continue;
                }
                if (!src.hasRemaining() || (r.bytesConsumed() == 0 && r.bytesProduced() == 0)) {
                    break;
                }
            }
            send(low, out);
        } finally {
            pool.release(seg);
        }
        if (src.hasRemaining()) {
            pending().write(src); // the engine waits for tasks or the handshake: later, in order
        }
    }

    private static void send(SocketTransport low, ByteBuffer out) {
        out.flip();
        if (out.hasRemaining() && !low.isClosing()) {
            low.write(out);
        }
        out.clear();
    }

    /**
     * Wraps the plaintext that waited for the handshake or for delegated tasks; then, if {@code writeEof} asked for
     * it and nothing waits any more, sends {@code close_notify}.
     */
    void flush() {
        if (t.tasksRunning || t.isLost()) {
            return;
        }
        SegmentQueue q = pendingPlain;
        if (q != null && !q.isEmpty()) {
            byte[] bytes = q.readByteArray((int) Math.min(q.size(), Integer.MAX_VALUE));
            try {
                wrap(ByteBuffer.wrap(bytes));
            } catch (SSLException e) {
                t.failTls(e);
                return;
            }
        }
        if (t.eofRequested && (q == null || q.isEmpty()) && !t.tasksRunning && !engine.isOutboundDone()) {
            sendCloseNotify(); // the half-close waited for the plaintext before it
        }
    }

    private SegmentQueue pending() {
        SegmentQueue q = pendingPlain;
        if (q == null) {
            q = new SegmentQueue(pool);
            pendingPlain = q;
        }
        return q;
    }

    private void sendCloseNotify() {
        engine.closeOutbound();
        try {
            wrap(EMPTY);
        } catch (SSLException e) {
            t.failTls(e);
        }
    }

    /** Returns how many plaintext bytes wait to be wrapped. */
    long size() {
        SegmentQueue q = pendingPlain;
        return q == null ? 0 : q.size();
    }

    /** Drops the plaintext that waits. */
    void clear() {
        SegmentQueue q = pendingPlain;
        if (q != null) {
            q.clear();
        }
    }
}
