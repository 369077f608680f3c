package io.jasyncio.internal.net;

import io.jasyncio.internal.buffer.Segment;
import io.jasyncio.internal.buffer.SegmentPool;
import io.jasyncio.internal.net.AbstractTransport.State;
import io.jasyncio.net.BufferedProtocol;
import io.jasyncio.net.Protocol;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.jspecify.annotations.Nullable;

/**
 * The reading side of a {@link TlsTransport}: records from the lower transport in, plaintext out to the application's
 * protocol, and the end of input (the peer's {@code close_notify}, or the socket's end).
 *
 * <pre>
 *   lower read -> {@link #buffer} (netIn) -> {@link #pump} -> unwrap -> BufferedProtocol buffer / Protocol.dataReceived
 * </pre>
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>{@link #netIn} holds the records not unwrapped yet in {@code [0, position)}; it is a pooled segment held only
 *       while it holds bytes, and never released while {@link #pump} is on the stack.
 *   <li>Records are unwrapped only while the application may have data ({@link TlsTransport#holding()} is false) and
 *       no delegated task runs; otherwise they wait in {@code netIn} and the lower transport does not read.
 *   <li>The lower transport's end of input is handled only after every record before it was processed.
 * </ul>
 * The handshake, writing and closing are the transport's; this class calls into them when a record asks for it.
 * Loop-confined.
 */
final class TlsInbound {
    /** A TLS record header: type, version (2 bytes), length (2 bytes). */
    private static final int RECORD_HEADER = 5;

    private final TlsTransport t;
    private final NetLoop loop;
    private final SSLEngine engine;
    private final SegmentPool pool;
    private final @Nullable Protocol plain;
    private final @Nullable BufferedProtocol buffered;

    /** {@link #pump} is on the stack: {@link #netIn} must not be released under it. */
    private boolean pumping;
    /** The peer's {@code close_notify} arrived. */
    private boolean inboundDone;
    /** The lower transport's input ended; handled once the records before it are processed. */
    private boolean eofPending;

    /** Records received and not unwrapped yet: {@code [0, position)}; {@code null} while there are none. */
    private @Nullable ByteBuffer netIn;

    private @Nullable Segment netInSegment;

    TlsInbound(
            TlsTransport t,
            SSLEngine engine,
            SegmentPool pool,
            @Nullable Protocol plain,
            @Nullable BufferedProtocol buffered) {
        this.t = t;
        this.loop = t.loop;
        this.engine = engine;
        this.pool = pool;
        this.plain = plain;
        this.buffered = buffered;
    }

    /** Whether the peer's {@code close_notify} arrived. */
    boolean isDone() {
        return inboundDone;
    }

    /** The wire's {@code getBuffer}: {@link #netIn}, taken from the pool when it holds nothing. */
    ByteBuffer buffer(int sizeHint) {
        ByteBuffer in = netIn;
        if (in == null) {
            Segment s = pool.take(Math.max(sizeHint, t.packetSize > 0 ? t.packetSize : 16 * 1024 + 512));
            netInSegment = s;
            in = s.buffer();
            netIn = in;
        }
        return in;
    }

    /** The wire's {@code eofReceived}: handled once the records before it are processed. */
    void eof() {
        eofPending = true;
        pump();
    }

    /** Processes what can be processed now: handshake messages to send, records received. */
    void pump() {
        if (t.lower == null || !t.handshakeStarted || t.isLost() || pumping) {
            return;
        }
        SSLException failure = null;
        boolean held = false;
        pumping = true;
        try {
            if (!t.tasksRunning && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                t.outbound.flushEngine();
            }
            ByteBuffer in = netIn;
            if (in != null && !t.isLost()) {
                in.flip();
                try {
                    held = unwrapAll(in);
                } finally {
                    ByteBuffer now = netIn; // ensureRoom may have moved the bytes to a larger segment
                    if (now != null) {
                        now.compact();
                    }
                }
            } else {
                held = t.tasksRunning || t.holding();
            }
        } catch (SSLException e) {
            failure = e;
        } finally {
            pumping = false;
        }
        if (failure != null) {
            t.failTls(failure);
        }
        ByteBuffer in = netIn;
        if (in != null && (t.isLost() || in.position() == 0)) {
            releaseNetIn();
        }
        if (eofPending && !held && !t.isLost()) {
            eofPending = false;
            endOfInput();
        }
        syncLowerReading();
    }

    /**
     * Unwraps records while it may.
     *
     * @return {@code true} if it stopped with records it may not process yet (held), {@code false} if it needs more
     */
    private boolean unwrapAll(ByteBuffer in) throws SSLException {
        while (!t.isLost()) {
            if (t.tasksRunning) {
                return true;
            }
            if (!t.handshakeDone) {
                if (!unwrapHandshake(in)) {
                    return t.tasksRunning;
                }
                continue;
            }
            if (t.holding()) {
                return true;
            }
            int need = recordLength(in);
            if (need < 0 || in.remaining() < need) {
                ensureRoom(need);
                return false;
            }
            if (!unwrapRecord(in, need)) {
                return t.tasksRunning;
            }
        }
        return false;
    }

    /** One handshake step; returns whether to go on. */
    private boolean unwrapHandshake(ByteBuffer in) throws SSLException {
        ByteBuffer scratch = loop.readBuffer().clear();
        SSLEngineResult r = engine.unwrap(in, scratch);
        if (r.bytesProduced() > 0) {
            throw new SSLHandshakeException("application data before the TLS handshake finished");
        }
        switch (r.getStatus()) {
            case BUFFER_UNDERFLOW -> {
                ensureRoom(engine.getSession().getPacketBufferSize());
                return false;
            }
            case CLOSED -> throw new SSLHandshakeException("the peer closed TLS during the handshake");
            case BUFFER_OVERFLOW -> throw new SSLException("no room to unwrap a handshake record");
            case OK -> {}
        }
        HandshakeStatus hs = r.getHandshakeStatus();
        if (!afterStatus(hs)) {
            return false;
        }
        return r.bytesConsumed() > 0 || hs == HandshakeStatus.NEED_WRAP || hs == HandshakeStatus.FINISHED;
    }

    /** Acts on what the engine wants next; returns {@code false} if it must wait (delegated tasks). */
    private boolean afterStatus(HandshakeStatus hs) throws SSLException {
        switch (hs) {
            case NEED_TASK -> {
                t.runTasks();
                return false;
            }
            case NEED_WRAP -> t.outbound.flushEngine();
            case FINISHED -> t.handshakeFinished();
            default -> {}
        }
        return !t.tasksRunning;
    }

    /** Unwraps one complete record of application data (or an alert, a ticket, a key update); returns whether to go on. */
    private boolean unwrapRecord(ByteBuffer in, int need) throws SSLException {
        boolean discard = t.state() != State.OPEN; // closing: only the peer's close_notify still matters
        BufferedProtocol bp = buffered;
        SSLEngineResult r;
        if (!discard && bp != null) {
            ByteBuffer dst;
            try {
                dst = bp.getBuffer(2 * need);
                if (!dst.hasRemaining()) {
                    throw new IllegalStateException("getBuffer returned a full buffer");
                }
            } catch (RuntimeException | Error e) {
                loop.afterUserCode();
                t.fatal(e, "getBuffer failed");
                return false;
            }
            loop.afterUserCode();
            r = engine.unwrap(in, dst);
            if (r.getStatus() == Status.BUFFER_OVERFLOW) {
                // the protocol's room is smaller than this record: unwrap into the loop's buffer, then copy
                ByteBuffer s = loop.readBuffer().clear();
                r = engine.unwrap(in, s);
                if (!copyInto(bp, s.flip())) {
                    return false;
                }
            } else if (r.bytesProduced() > 0 && !updated(bp, r.bytesProduced())) {
                return false;
            }
        } else {
            ByteBuffer s = loop.readBuffer().clear();
            r = engine.unwrap(in, s);
            // more complete records that fit: one dataReceived for all of them
            while (r.getStatus() == Status.OK
                    && r.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING
                    && recordLength(in) > 0
                    && in.remaining() >= recordLength(in)
                    && s.remaining() >= recordLength(in)) {
                r = engine.unwrap(in, s);
            }
            s.flip();
            if (!discard && s.hasRemaining() && plain != null && !received(plain, s)) {
                return false;
            }
        }
        if (r.getStatus() == Status.CLOSED) {
            inboundClosed();
            return false;
        }
        HandshakeStatus hs = r.getHandshakeStatus();
        if (hs != HandshakeStatus.NOT_HANDSHAKING && hs != HandshakeStatus.FINISHED) {
            if (!"TLSv1.3".equals(engine.getSession().getProtocol())) {
                throw new SSLException("TLS renegotiation refused");
            }
            if (!afterStatus(hs)) { // a TLS 1.3 key update to answer, a session ticket to process
                return false;
            }
        }
        return r.getStatus() == Status.OK;
    }

    private boolean updated(BufferedProtocol bp, int n) {
        try {
            bp.bufferUpdated(n);
        } catch (RuntimeException | Error e) {
            loop.afterUserCode();
            t.fatal(e, "bufferUpdated failed");
            return false;
        }
        loop.afterUserCode();
        return true;
    }

    private boolean received(Protocol p, ByteBuffer data) {
        try {
            p.dataReceived(data);
        } catch (RuntimeException | Error e) {
            loop.afterUserCode();
            t.fatal(e, "dataReceived failed");
            return false;
        }
        loop.afterUserCode();
        return true;
    }

    /** Copies plaintext into a buffered protocol's buffers, as many as it takes. */
    private boolean copyInto(BufferedProtocol bp, ByteBuffer src) {
        while (src.hasRemaining() && !t.isLost()) {
            ByteBuffer dst;
            try {
                dst = bp.getBuffer(src.remaining());
            } catch (RuntimeException | Error e) {
                loop.afterUserCode();
                t.fatal(e, "getBuffer failed");
                return false;
            }
            loop.afterUserCode();
            int k = Math.min(dst.remaining(), src.remaining());
            if (k == 0) {
                t.fatal(new IllegalStateException("getBuffer returned a full buffer"), "getBuffer failed");
                return false;
            }
            dst.put(src.slice(src.position(), k));
            src.position(src.position() + k);
            if (!updated(bp, k)) {
                return false;
            }
        }
        return !t.isLost();
    }

    /** Returns the length of the record at the buffer's position, header included, or -1 if the header is partial. */
    private static int recordLength(ByteBuffer in) {
        int p = in.position();
        if (in.remaining() < RECORD_HEADER) {
            return -1;
        }
        return RECORD_HEADER + (((in.get(p + 3) & 0xff) << 8) | (in.get(p + 4) & 0xff));
    }

    /** Makes sure {@link #netIn} can hold a record of {@code need} bytes (called with its bytes compacted later). */
    private void ensureRoom(int need) {
        ByteBuffer in = netIn;
        if (in == null || need <= in.capacity()) {
            return;
        }
        Segment bigger = pool.take(need);
        ByteBuffer b = bigger.buffer();
        if (need > b.capacity()) {
            return; // larger than any TLS record: the engine reports the error on the next unwrap
        }
        b.put(in.slice());
        Segment old = netInSegment;
        netInSegment = bigger;
        netIn = b.flip(); // read mode, as the caller's compact expects
        if (old != null) {
            pool.release(old);
        }
    }

    void releaseNetIn() {
        Segment s = netInSegment;
        if (s != null && !pumping) {
            netInSegment = null;
            netIn = null;
            pool.release(s);
        }
    }

    /** The peer's close_notify arrived. */
    private void inboundClosed() throws SSLException {
        inboundDone = true;
        if (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
            t.outbound.flushEngine(); // TLS 1.2 answers with its own close_notify
        }
        if (t.state() == State.CLOSING) {
            t.finishClose(); // our close_notify was answered
            return;
        }
        boolean keepOpen;
        try {
            keepOpen = plain != null ? plain.eofReceived() : buffered != null && buffered.eofReceived();
        } catch (RuntimeException | Error e) {
            loop.afterUserCode();
            t.fatal(e, "eofReceived failed");
            return;
        }
        loop.afterUserCode();
        if (!keepOpen || engine.isOutboundDone()) {
            t.closeGracefully();
        }
    }

    /** The lower transport's input ended, after every record before it was processed. */
    private void endOfInput() {
        if (!t.handshakeDone) {
            t.failTls(new SSLHandshakeException("the peer closed the connection during the TLS handshake"));
        } else if (inboundDone) {
            if (t.state() == State.CLOSING) {
                t.finishClose();
            }
        } else if (t.shuttingDown) {
            t.finishClose(); // the peer closed without answering our close_notify: we were closing anyway
        } else {
            t.failTls(new SSLException(
                    "the peer closed the connection without a TLS close_notify: the data may be truncated"));
        }
    }

    /** Asks the lower transport for input only while records can be processed. */
    void syncLowerReading() {
        SocketTransport low = t.lower;
        if (low == null || low.isClosing()) {
            return;
        }
        if (t.tasksRunning || eofPending || t.holding()) {
            low.pauseReading();
        } else {
            low.resumeReading();
        }
    }
}
