package io.jasyncio.internal.net;

import io.jasyncio.Awaitable;
import io.jasyncio.Future;
import io.jasyncio.FutureState;
import io.jasyncio.internal.buffer.SegmentPool;
import io.jasyncio.net.BaseProtocol;
import io.jasyncio.net.BufferedProtocol;
import io.jasyncio.net.Protocol;
import io.jasyncio.net.TlsOptions;
import io.jasyncio.net.Transport;
import io.jasyncio.spi.Cancellable;
import io.jasyncio.spi.CarrierSafe;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.jspecify.annotations.Nullable;

/**
 * TLS as a layer over another stream transport (the "lower" {@link SocketTransport}), with an {@link SSLEngine}
 * (docs/design.md, "TLS will plug in as a layer"). The lower transport's protocol is this layer's {@link TlsWire}:
 * carrier-safe exactly when the application's protocol is, so the lower read handler already runs where the
 * application protocol must, and the wire calls it directly.
 *
 * <pre>
 *   app protocol  <-- plaintext --  TlsInbound (unwrap)   <-- records --  TlsWire  <--  SocketTransport (socket)
 *   app write     --  plaintext ->  TlsOutbound (wrap)    --  records ->  lower.write
 * </pre>
 * This class keeps the handshake, the delegated tasks, closing and the {@link Transport} API; the two sides share
 * its engine and its state (handshake done, tasks running, the lower transport).
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>Handshake first: {@link #start} begins it; {@code connectionMade} (and the caller's wait) follow the end of
 *       the handshake, and a failed handshake fails that wait. No application byte is unwrapped before
 *       {@code connectionMade} ran: records that came with the last handshake message wait in {@link TlsInbound}.
 *   <li>Received records: the lower transport reads into {@link TlsInbound}'s buffer (a pooled segment, held only
 *       while it holds bytes); each complete record is unwrapped straight into the {@link BufferedProtocol}'s
 *       buffer (the streams' reader segments), or into the loop's read buffer for a {@link Protocol}. While the
 *       application paused reading, or a delegated task runs, the rest waits there and the lower transport does not
 *       read.
 *   <li>Writes: wrapped at once into a pooled segment and handed to the lower transport (which sends it or copies
 *       what waits); plaintext written while the engine cannot wrap (handshake, delegated tasks) waits in
 *       {@link TlsOutbound}. The write buffer is that plus the lower transport's; the lower transport has this
 *       transport's marks, and its pause/resume re-run the base's flow control, so {@code drain} behaves as on TCP.
 *   <li>Delegated tasks (key exchange, certificate checks) run in the loop's default executor, never on the loop.
 *   <li>Close: {@code close_notify} is sent, then the peer's is awaited up to the shutdown timeout, then the lower
 *       transport closes. An end of input without {@code close_notify} is an error (the data may be truncated).
 *       Renegotiation (TLS 1.2) is refused; TLS 1.3 key updates and session tickets are the engine's.
 * </ul>
 * Loop-confined.
 */
public final class TlsTransport extends AbstractTransport<BaseProtocol> implements Transport {
    private final SSLEngine engine;
    private final TlsOptions options;
    private final SegmentPool pool;
    private final @Nullable Protocol plain;
    private final @Nullable BufferedProtocol buffered;
    /** {@code false} on STARTTLS: the application protocol had its {@code connectionMade} already. */
    private final boolean announce;

    /** The reading side: records in, plaintext out, the end of input. */
    final TlsInbound inbound;
    /** The writing side: plaintext in, records out. */
    final TlsOutbound outbound;

    private final TlsWire wire;
    private final Runnable pumpLater;

    // The package-private fields below are the state both sides read; only this class writes them.

    /** The transport under this one; set when its {@code connectionMade} reached the wire. */
    @Nullable
    SocketTransport lower;

    private @Nullable Future<@Nullable Void> made;
    private boolean startRequested;
    boolean handshakeStarted;
    boolean handshakeDone;
    /** Delegated tasks run in the executor: the engine must not be used until they finish. */
    boolean tasksRunning;
    /** The application wants data (not paused by {@code pauseReading}). */
    private boolean reading = true;
    /** Our {@code close_notify} went out (a close is in progress). */
    boolean shuttingDown;
    /** {@link #writeEof} was called: our close_notify goes (or went) out, reading goes on. */
    boolean eofRequested;
    /** The largest record the engine reads or writes, known once the handshake ended (0 before). */
    int packetSize;

    private @Nullable Cancellable handshakeTimer;
    private @Nullable Cancellable shutdownTimer;

    TlsTransport(NetLoop loop, BaseProtocol app, SSLEngine engine, TlsOptions options, boolean announce) {
        super(loop, app);
        this.buffered = app instanceof BufferedProtocol b ? b : null;
        this.plain = buffered == null && app instanceof Protocol p ? p : null;
        if (plain == null && buffered == null) {
            throw new IllegalArgumentException("a TLS connection needs a Protocol or a BufferedProtocol, got "
                    + app.getClass().getName());
        }
        this.engine = engine;
        this.options = options;
        this.announce = announce;
        this.pool = SegmentPool.of(loop);
        this.inbound = new TlsInbound(this, engine, pool, plain, buffered);
        this.outbound = new TlsOutbound(this, engine, pool);
        this.pumpLater = inbound::pump;
        this.wire = app instanceof CarrierSafe ? new TlsWire.OnCarrier(this) : new TlsWire(this);
    }

    /**
     * Makes the TLS layer of a new connection (client or server), with its engine.
     *
     * @param loop the loop
     * @param app the application's protocol
     * @param options the TLS options
     * @param host the host connected to (a client's default server name), or {@code null}
     * @param port the port connected to, or -1
     * @return the layer; give {@link #wireProtocol()} to the lower transport, then start both
     */
    static TlsTransport create(NetLoop loop, BaseProtocol app, TlsOptions options, @Nullable String host, int port) {
        return new TlsTransport(loop, app, TlsEngines.create(options, host, port), options, true);
    }

    /**
     * Upgrades a live connection (STARTTLS, asyncio's {@code loop.start_tls}): from now on the bytes the lower
     * transport reads go to the engine, and the protocol hears from the returned transport once the handshake ended
     * (without a second {@code connectionMade}).
     *
     * @param lower the connection
     * @param app the protocol that gets the plaintext
     * @param options the TLS options; a client needs {@link TlsOptions#serverName()} unless the host check is off
     * @return the TLS transport, after the handshake
     * @throws IOException if the handshake failed ({@link SSLHandshakeException}) or the connection was lost
     */
    static TlsTransport upgrade(SocketTransport lower, BaseProtocol app, TlsOptions options) throws IOException {
        NetLoop loop = lower.loop;
        loop.requireTask();
        if (lower.isClosing()) {
            throw new java.net.SocketException("cannot start TLS on a closing transport");
        }
        TlsTransport t = new TlsTransport(loop, app, TlsEngines.create(options, null, -1), options, false);
        // No await between handing the socket to the wire and starting: every byte read from here on is a TLS
        // record, and none read before it can reach the new transport's protocol (CVE-2023-40217's class).
        lower.setProtocol(t.wire);
        t.lowerMade(lower);
        lower.resumeReading();
        t.startAndAwaitMade();
        return t;
    }

    /**
     * Returns the protocol to give the lower transport.
     *
     * @return the wire protocol
     */
    BaseProtocol wireProtocol() {
        return wire;
    }

    // ------------------------------------------------------------------------------------------------
    // the handshake

    @Override
    void start(@Nullable Future<@Nullable Void> made) {
        this.made = made;
        startRequested = true;
        handshakeTimer = loop.callAtInternal(loop.deadlineAfter(options.handshakeTimeout()), this::handshakeTimedOut);
        if (lower != null) {
            beginHandshake();
        }
    }

    /** The wire's {@code connectionMade}, or STARTTLS: the socket under this layer is there. */
    void lowerMade(SocketTransport t) {
        lower = t;
        t.setWriteBufferLimits(writeBufferHighWater(), writeBufferLowWater());
        if (startRequested && !handshakeStarted && !isLost()) {
            beginHandshake();
        }
    }

    private void beginHandshake() {
        handshakeStarted = true;
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            failTls(e);
            return;
        }
        inbound.pump();
    }

    private void handshakeTimedOut() {
        if (!handshakeDone && !isLost()) {
            failTls(new SSLHandshakeException("the TLS handshake did not finish within " + options.handshakeTimeout()));
        }
    }

    void handshakeFinished() {
        if (handshakeDone) {
            return;
        }
        handshakeDone = true;
        packetSize = engine.getSession().getPacketBufferSize();
        cancel(handshakeTimer);
        outbound.flush();
        makeConnection(made); // connectionMade runs in a later callback; records after the handshake wait for it
    }

    @Override
    void callConnectionMade() {
        if (!announce) {
            return;
        }
        if (plain != null) {
            plain.connectionMade(this);
        } else if (buffered != null) {
            buffered.connectionMade(this);
        }
    }

    @Override
    void opened() {
        inbound.pump(); // the records that came with the end of the handshake
    }

    /** Runs the delegated tasks in the default executor; the engine waits, and so does the lower transport. */
    void runTasks() throws SSLException {
        List<Runnable> tasks = new ArrayList<>();
        for (Runnable t = engine.getDelegatedTask(); t != null; t = engine.getDelegatedTask()) {
            tasks.add(t);
        }
        tasksRunning = true;
        inbound.syncLowerReading();
        Future<@Nullable Void> f;
        try {
            f = loop.runInExecutor(null, () -> {
                for (Runnable t : tasks) {
                    t.run();
                }
                return null;
            });
        } catch (RuntimeException e) {
            tasksRunning = false;
            throw new SSLException("cannot run the TLS handshake's tasks: " + e.getMessage(), e);
        }
        f.addDoneCallback(this::tasksDone);
    }

    private void tasksDone(Awaitable<@Nullable Void> done) {
        tasksRunning = false;
        if (isLost()) {
            return;
        }
        if (done.state() != FutureState.SUCCESS) {
            Throwable x = done.isCancelled() ? new SSLException("the TLS tasks were cancelled") : done.exceptionNow();
            failTls(x instanceof SSLException s ? s : new SSLException(x));
            return;
        }
        if (handshakeDone) {
            outbound.flush();
        }
        inbound.pump();
    }

    // ------------------------------------------------------------------------------------------------
    // reading: the application's side (the records are TlsInbound's)

    /** The application may not have data now: before {@code connectionMade}, or while it paused reading. */
    boolean holding() {
        return handshakeDone && (state() == State.NEW || (state() == State.OPEN && !reading));
    }

    @Override
    public void pauseReading() {
        loop.checkThread();
        if (isClosing() || !reading) {
            return;
        }
        reading = false;
        inbound.syncLowerReading();
    }

    @Override
    public void resumeReading() {
        loop.checkThread();
        if (isClosing() || reading) {
            return;
        }
        reading = true;
        schedule(pumpLater); // not inline: this may be called from inside dataReceived
    }

    @Override
    public boolean isReading() {
        return reading && !isClosing();
    }

    @Override
    void stopReading() {
        // the application's data stops (unwrapRecord discards it once closing); the records keep coming, for the
        // peer's close_notify
    }

    // ------------------------------------------------------------------------------------------------
    // writing: plaintext -> records

    /**
     * {@inheritDoc}
     *
     * <p>The bytes are encrypted at once into a pooled segment and handed to the socket transport, which sends them
     * or keeps them; before the handshake ends they wait as plaintext.
     */
    @Override
    public void write(ByteBuffer data) {
        loop.checkThread();
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
        if (outbound.write(data)) {
            maybePauseProtocol();
        }
    }

    @Override
    public void writeLines(Iterable<byte[]> data) {
        for (byte[] b : data) {
            write(ByteBuffer.wrap(b));
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Over TLS 1.3 this sends {@code close_notify} once the plaintext before it is wrapped, and reading goes on
     * (RFC 8446 closes each direction on its own). TLS 1.2 cannot: a {@code close_notify} ends both directions
     * there, so {@link #canWriteEof()} is {@code false} and this throws (asyncio's SSL transport never half-closes).
     *
     * @throws UnsupportedOperationException if the connection speaks TLS 1.2 or older
     */
    @Override
    public void writeEof() {
        loop.checkThread();
        if (isClosing() || eofRequested) {
            return;
        }
        if (!canWriteEof()) {
            throw new UnsupportedOperationException("a TLS 1.2 connection cannot half-close; close() it instead");
        }
        eofRequested = true;
        outbound.flush();
    }

    /** Half-closing needs TLS 1.3, where each direction closes on its own. */
    @Override
    public boolean canWriteEof() {
        return "TLSv1.3".equals(engine.getSession().getProtocol());
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        super.setWriteBufferLimits(high, low);
        SocketTransport l = lower;
        if (l != null) {
            l.setWriteBufferLimits(high, low);
        }
    }

    @Override
    public long writeBufferSize() {
        SocketTransport l = lower;
        return outbound.size() + (l == null ? 0 : l.writeBufferSize());
    }

    @Override
    boolean isFlushed() {
        return outbound.size() == 0;
    }

    // ------------------------------------------------------------------------------------------------
    // closing

    /** Closing and nothing waits to be wrapped: send close_notify, then wait for the peer's. */
    @Override
    void drained() {
        if (state() != State.CLOSING || shuttingDown) {
            return;
        }
        shuttingDown = true;
        SocketTransport low = lower;
        if (low == null) {
            forceClose(null);
            return;
        }
        engine.closeOutbound();
        try {
            outbound.flushEngine();
        } catch (SSLException e) {
            LOG.log(System.Logger.Level.DEBUG, "sending close_notify failed on " + this, e);
        }
        if (inbound.isDone() || low.isClosing()) {
            finishClose();
            return;
        }
        shutdownTimer = loop.callAtInternal(loop.deadlineAfter(options.shutdownTimeout()), () -> {
            if (!isLost()) {
                LOG.log(System.Logger.Level.DEBUG, "no close_notify from the peer in time on " + this);
                low.abort();
            }
        });
        inbound.syncLowerReading();
    }

    /** Closes the lower transport after its buffer drained; its loss ends this transport. */
    void finishClose() {
        cancel(shutdownTimer);
        SocketTransport low = lower;
        if (low != null) {
            low.close();
        } else {
            forceClose(null);
        }
    }

    /** A TLS failure: send the engine's alert if it has one, fail the caller's wait, close. */
    void failTls(IOException e) {
        if (isLost()) {
            return;
        }
        cancel(handshakeTimer);
        SocketTransport low = lower;
        if (low != null && !low.isClosing()) {
            engine.closeOutbound();
            try {
                outbound.flushEngine(); // the alert (bad_certificate, handshake_failure, ...) tells the peer why
            } catch (SSLException ignored) {
                // nothing more to say
            }
            low.close();
        }
        Future<@Nullable Void> m = made;
        if (m != null && !m.isDone()) {
            m.setException(e);
        }
        fatal(e, "TLS failed");
    }

    /** Drops the waiting plaintext; a lower transport that is not closing already is aborted with it. */
    @Override
    void clearWriteQueue() {
        outbound.clear();
        SocketTransport low = lower;
        if (low != null && !low.isClosing()) {
            low.abort();
        }
    }

    @Override
    void stopIo() {
        cancel(handshakeTimer);
        cancel(shutdownTimer);
    }

    @Override
    void release() {
        SocketTransport low = lower;
        if (low != null) {
            low.close();
        }
        inbound.releaseNetIn();
        outbound.clear();
    }

    private static void cancel(@Nullable Cancellable c) {
        if (c != null) {
            c.cancel();
        }
    }

    // ------------------------------------------------------------------------------------------------
    // what the lower transport reports

    /** The lower transport ended: before the handshake ended, that is a handshake failure. */
    void lowerLost(@Nullable Exception e) {
        cancel(shutdownTimer);
        if (isLost()) {
            return;
        }
        if (!handshakeDone) {
            SSLHandshakeException h = new SSLHandshakeException("the connection closed during the TLS handshake");
            if (e != null) {
                h.initCause(e);
            }
            failTls(h);
            return;
        }
        forceClose(e);
    }

    /** The wire's {@code pauseWriting}: the socket's buffer went above the marks this transport gave it. */
    void wirePaused() {
        maybePauseProtocol();
    }

    /** The wire's {@code resumeWriting}. */
    void wireResumed() {
        maybeResumeProtocol();
    }

    // ------------------------------------------------------------------------------------------------

    /**
     * {@inheritDoc}
     *
     * <p>Besides the socket's keys: the session's, see {@link TlsInfo}.
     */
    @Override
    public @Nullable Object extraInfo(String key) {
        Object v = TlsInfo.get(engine, options.context(), key);
        SocketTransport l = lower;
        return v != TlsInfo.UNKNOWN ? v : l == null ? null : l.extraInfo(key);
    }

    @Override
    public BaseProtocol protocol() {
        return protocol;
    }

    @Override
    public String toString() {
        SocketTransport l = lower;
        return "TlsTransport[" + state().name().toLowerCase(java.util.Locale.ROOT) + ", "
                + (handshakeDone ? engine.getSession().getProtocol() : "handshaking") + ", "
                + (l == null ? "-" : l.extraInfo("peername")) + ", buffered=" + writeBufferSize() + "]";
    }
}
