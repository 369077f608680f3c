package io.jasyncio.internal.net;

import io.jasyncio.CancelledException;
import io.jasyncio.ExceptionContext;
import io.jasyncio.Future;
import io.jasyncio.net.BaseProtocol;
import io.jasyncio.spi.CarrierSafe;
import java.io.IOException;
import java.net.SocketException;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * What every transport of this package shares, whatever carries its bytes (the selector transports, and later a
 * TLS layer over another transport): the lifecycle, where protocol code runs, write flow control, fatal errors
 * and the one {@code connectionLost}. CPython splits the same duties between {@code _FlowControlMixin} and
 * {@code _SelectorTransport}; the channel side is {@link SelectorTransport}.
 *
 * <h2>Lifecycle</h2>
 * <pre>
 *   NEW -> OPEN -> CLOSING -> LOST        (abort, a fatal error, or close() before OPEN: straight to LOST)
 * </pre>
 * {@code NEW}: made, {@code connectionMade} scheduled. {@code OPEN}: {@code connectionMade} returned.
 * {@code CLOSING}: {@code close()} (or an end of input the protocol did not keep open) stopped reading; the write
 * buffer drains, then {@code LOST}. {@code LOST}: I/O stopped at once; in a later callback the resources are
 * released and {@code connectionLost} runs, exactly once, and only if {@code connectionMade} ran.
 *
 * <h2>Where protocol code runs</h2>
 * A user protocol runs in the loop's callback runner, never on the bare carrier; a library protocol marked
 * {@link CarrierSafe} (the streams adapter) is called inline on the carrier, which saves a virtual-thread switch
 * per event. {@code connectionMade} and {@code connectionLost} are always scheduled ({@link #schedule}), as in
 * asyncio. Events found on the carrier (the write buffer drained) reach the protocol through {@link #fromCarrier}.
 * Events found in a handler that already runs where the protocol must (a read handler registered as a user
 * callback for user protocols) call it directly.
 *
 * <h2>User code that throws</h2>
 * An {@link Error} is handled as a {@link RuntimeException} is, at every call into the protocol. Where a failure
 * leaves the byte stream in an unknown state ({@code dataReceived}, {@code getBuffer}, {@code eofReceived}) it is
 * {@linkplain #fatal fatal}: reported to the loop's exception handler, then the transport is closed at once.
 * Hooks after which the connection is still sound ({@code pauseWriting}, {@code resumeWriting},
 * {@code connectionLost}, a datagram protocol's callbacks) are only {@linkplain #report reported}.
 *
 * <h2>Write flow control</h2>
 * {@code pauseWriting} and {@code resumeWriting} strictly alternate, starting with pause. The pause is decided and
 * delivered in user code ({@link #maybePauseProtocol} after a write queued bytes); the resume is decided on the
 * carrier as the buffer drains ({@link #maybeResumeProtocol}) and, for a user protocol, delivered later in the
 * callback runner, so the delivery re-checks: a resume that finds the buffer above the mark again is dropped and
 * the protocol, never told otherwise, stays paused.
 *
 * <p>Loop-confined.
 *
 * @param <P> the protocol type
 */
abstract class AbstractTransport<P extends BaseProtocol> {
    static final System.Logger LOG = System.getLogger("io.jasyncio.net");

    /** Where the transport is in its life (see the class comment). */
    enum State {
        NEW,
        OPEN,
        CLOSING,
        LOST
    }

    final NetLoop loop;
    /** Replaced only by {@link #setProtocol} (a TLS upgrade hands the connection to its wire protocol). */
    P protocol;
    /** The protocol is library code that never blocks ({@link CarrierSafe}): call it inline on the carrier. */
    boolean inline;

    private State state = State.NEW;
    /** The user called {@code close()}/{@code abort()}: later writes are a programming error, not dropped. */
    private boolean closedByUser;

    private int high = 64 * 1024;
    private int low = 16 * 1024;
    /** The buffer went above the high-water mark and has not drained to the low one since. */
    private boolean protocolPaused;
    /** What the protocol was last told: {@code pauseWriting} (true), or nothing / {@code resumeWriting}. */
    private boolean protocolToldPaused;

    private final Runnable deliverResume = this::deliverResume;
    /** A task waiting in {@link #awaitWriteRoom()} for the write buffer to drain; loop thread only. */
    private @Nullable Future<@Nullable Void> roomWaiter;

    AbstractTransport(NetLoop loop, P protocol) {
        this.loop = loop;
        this.protocol = protocol;
        this.inline = protocol instanceof CarrierSafe;
    }

    /**
     * Hands the transport to another protocol (asyncio's {@code set_protocol}); later events go to it, and where
     * they run follows its {@link CarrierSafe} mark. A subclass that registered handlers by that mark re-registers.
     *
     * @param p the new protocol
     */
    void setProtocol(P p) {
        protocol = p;
        inline = p instanceof CarrierSafe;
    }

    // ------------------------------------------------------------------------------------------------
    // what a concrete transport provides

    /** Calls the protocol's {@code connectionMade} with this transport. */
    abstract void callConnectionMade();

    /** {@code connectionMade} returned and the transport is open: start reading. */
    abstract void opened();

    /** Stops reading (the transport is closing). */
    abstract void stopReading();

    /** The transport is lost: stop every I/O interest now (resources are released later, see {@link #release}). */
    abstract void stopIo();

    /** Releases what carries the bytes (closes the channel); runs once, just before {@code connectionLost}. */
    abstract void release();

    /** Runs once after {@code connectionLost} returned or threw (or instead of it, when none is owed). */
    void afterLost() {}

    /**
     * Returns the bytes waiting to be written.
     *
     * @return bytes
     */
    public abstract long writeBufferSize();

    /**
     * Returns whether nothing waits to be written (an empty datagram counts as something).
     *
     * @return {@code true} if the write queue is empty
     */
    abstract boolean isFlushed();

    /** Drops everything waiting to be written (abort, fatal error). */
    abstract void clearWriteQueue();

    // ------------------------------------------------------------------------------------------------
    // lifecycle

    final State state() {
        return state;
    }

    /**
     * Returns whether the transport is closing or lost.
     *
     * @return {@code true} once {@code close()}, {@code abort()}, an error or the end of the connection began
     */
    public boolean isClosing() {
        return state == State.CLOSING || state == State.LOST;
    }

    /**
     * Returns whether the transport is lost ({@code connectionLost} scheduled or done).
     *
     * @return {@code true} once lost
     */
    final boolean isLost() {
        return state == State.LOST;
    }

    /**
     * Starts the transport: schedules {@code connectionMade} (see {@link #makeConnection}). A transport with work
     * to do first (a TLS handshake) overrides this and calls {@link #makeConnection} when that work is done.
     *
     * @param made as for {@link #makeConnection}
     */
    void start(@Nullable Future<@Nullable Void> made) {
        makeConnection(made);
    }

    /**
     * Schedules {@code connectionMade}, then {@link #opened()}.
     *
     * @param made completed once {@code connectionMade} returned; failed with what it threw (an {@link Error} too),
     *     or with a {@link SocketException} if the transport was lost before it could run; {@code null} on a server,
     *     where a failing {@code connectionMade} is reported to the loop's exception handler instead
     */
    final void makeConnection(@Nullable Future<@Nullable Void> made) {
        schedule(() -> {
            if (state == State.LOST) {
                if (made != null && !made.isDone()) {
                    made.setException(new SocketException("connection lost before it was made"));
                }
                return;
            }
            state = State.OPEN;
            try {
                callConnectionMade();
            } catch (RuntimeException | Error e) {
                loop.afterUserCode(); // compatibility mode: the hook may have blocked in a foreign call
                if (made != null && !made.isDone()) {
                    made.setException(e);
                    forceClose(e instanceof Exception ex ? ex : new IOException(e)); // the caller hears of it
                } else {
                    fatal(e, "connectionMade failed");
                }
                return;
            }
            loop.afterUserCode();
            if (state == State.OPEN) {
                opened();
            }
            if (made != null) {
                made.trySetResult(null);
            }
        });
    }

    /**
     * Starts the transport and waits (in a task) until {@code connectionMade} has run; a cancelled wait aborts the
     * transport.
     *
     * @throws IOException if the transport was lost before {@code connectionMade} ran
     */
    final void startAndAwaitMade() throws IOException {
        Future<@Nullable Void> made = loop.createFuture();
        start(made);
        try {
            made.await();
        } catch (CancelledException e) {
            abort();
            throw e;
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }

    /** Closes after the buffered data is written; idempotent. */
    public void close() {
        loop.checkThread();
        closedByUser = true;
        closeGracefully();
    }

    /** Closes at once, dropping the buffered data. */
    public void abort() {
        loop.checkThread();
        closedByUser = true;
        forceClose(null);
    }

    /** Stops reading and lets the write buffer drain, then loses the connection. */
    final void closeGracefully() {
        if (state == State.NEW) {
            lose(null); // nothing was written or read yet; connectionMade will not run
            return;
        }
        if (isClosing()) {
            return;
        }
        state = State.CLOSING;
        stopReading();
        if (isFlushed()) {
            drained();
        }
    }

    /** Drops the write buffer and loses the connection now. */
    final void forceClose(@Nullable Exception cause) {
        clearWriteQueue();
        lose(cause);
    }

    /**
     * The write buffer is empty (it drained, or was empty when closing began). A closing transport is done;
     * subclasses add what else waited for it (a half-close) or what must go out last (a TLS close_notify).
     */
    void drained() {
        if (state == State.CLOSING) {
            lose(null);
        }
    }

    /**
     * A fatal error: report it unless it is an ordinary connection failure (an {@link IOException}), then close at
     * once; {@code connectionLost} gets the error.
     *
     * @param e the error
     * @param what what failed, for the report
     */
    final void fatal(Throwable e, String what) {
        if (e instanceof IOException io) {
            LOG.log(System.Logger.Level.DEBUG, what + " on " + this, io);
            forceClose(io);
            return;
        }
        loop.callExceptionHandler(new ExceptionContext("fatal error on transport: " + what, e, null, null));
        forceClose(e instanceof Exception ex ? ex : new IOException(e));
    }

    /**
     * Reports a failed protocol hook to the loop's exception handler; the transport carries on.
     *
     * @param what the hook, e.g. {@code "protocol.pauseWriting()"}
     * @param e what it threw
     */
    final void report(String what, Throwable e) {
        loop.callExceptionHandler(new ExceptionContext(what + " failed", e, null, null));
    }

    /**
     * Calls a protocol hook (user code) and reports its failure. Before the report, and before the caller goes on,
     * the fiber re-attaches to the loop: in compatibility mode a hook that blocked in a foreign call was detached,
     * and the transport's own code never runs without the run permit.
     *
     * @param what the hook, for the report, e.g. {@code "protocol.pauseWriting()"}
     * @param hook the call
     */
    final void callHook(String what, Runnable hook) {
        Throwable failure = null;
        try {
            hook.run();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        loop.afterUserCode();
        if (failure != null) {
            report(what, failure);
        }
    }

    /**
     * Write after close: throws if the user closed the transport; returns {@code false} (drop the bytes) if the
     * connection ended by itself, as asyncio does ({@code connectionLost}, {@code drain} report why).
     *
     * @return {@code true} if the transport still accepts data
     * @throws IllegalStateException if the user closed it
     */
    final boolean acceptsWrites() {
        if (!isClosing()) {
            return true;
        }
        if (closedByUser) {
            throw new IllegalStateException("cannot write to a closed transport");
        }
        return false;
    }

    private void lose(@Nullable Exception cause) {
        if (state == State.LOST) {
            return;
        }
        boolean owed = state != State.NEW; // connectionMade ran, so connectionLost is owed
        state = State.LOST;
        wakeRoomWaiter();
        stopIo();
        if (!owed) {
            release();
            afterLost();
            return;
        }
        schedule(() -> {
            release();
            try {
                callHook("protocol.connectionLost()", () -> protocol.connectionLost(cause));
            } finally {
                afterLost();
            }
        });
    }

    // ------------------------------------------------------------------------------------------------
    // where protocol code runs

    /** Schedules protocol code for a later callback: on the carrier when carrier-safe, else in the runner. */
    final void schedule(Runnable call) {
        if (inline) {
            loop.callSoonInternal(call);
        } else {
            loop.callSoon(call);
        }
    }

    /** Runs protocol code for an event found on the carrier: now when carrier-safe, else in the runner. */
    final void fromCarrier(Runnable call) {
        if (inline) {
            call.run();
        } else {
            loop.callSoon(call);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // write flow control

    /**
     * Sets the write buffer's marks: the protocol is paused above {@code high} and resumed at or below {@code low}.
     *
     * @param high the high-water mark
     * @param low the low-water mark
     * @throws IllegalArgumentException unless {@code 0 <= low <= high}
     */
    public void setWriteBufferLimits(int high, int low) {
        loop.checkThread();
        if (high < 0 || low < 0 || low > high) {
            throw new IllegalArgumentException("need 0 <= low <= high, got high=" + high + ", low=" + low);
        }
        this.high = high;
        this.low = low;
        maybePauseProtocol();
    }

    /**
     * Returns the high-water mark.
     *
     * @return bytes
     */
    public int writeBufferHighWater() {
        return high;
    }

    /**
     * Returns the low-water mark.
     *
     * @return bytes
     */
    public int writeBufferLowWater() {
        return low;
    }

    /** Runs in user code (a write, new limits): tells the protocol at once, unless it still believes it paused. */
    final void maybePauseProtocol() {
        if (protocolPaused || writeBufferSize() <= high) {
            return;
        }
        protocolPaused = true;
        if (protocolToldPaused) {
            return; // a resume for the previous pause is still on its way: it will find us paused and not run
        }
        protocolToldPaused = true;
        callHook("protocol.pauseWriting()", () -> protocol.pauseWriting());
    }

    /** Runs on the carrier as the buffer drains: decides now, tells the protocol from where it runs. */
    final void maybeResumeProtocol() {
        if (!protocolPaused || writeBufferSize() > low) {
            return;
        }
        protocolPaused = false;
        wakeRoomWaiter();
        fromCarrier(deliverResume);
    }

    /**
     * Suspends the calling task while the write buffer is above its high-water mark, until it drains to the
     * low-water mark or the connection is lost: how library code that writes a large amount through a transport it
     * does not own the protocol of (sendfile's fallback) paces itself, as a protocol does on {@code pauseWriting}.
     *
     * <p><b>Cancellation:</b> only the wait ends; nothing written is taken back.
     */
    final void awaitWriteRoom() {
        while (!isLost() && writeBufferSize() > high) {
            Future<@Nullable Void> f = loop.createFuture();
            roomWaiter = f;
            try {
                f.await();
            } finally {
                roomWaiter = null;
            }
        }
    }

    private void wakeRoomWaiter() {
        Future<@Nullable Void> w = roomWaiter;
        if (w != null) {
            w.trySetResult(null);
        }
    }

    private void deliverResume() {
        // A write between the drain and now may have filled the buffer again: then the protocol stays paused.
        if (protocolPaused || !protocolToldPaused) {
            return;
        }
        protocolToldPaused = false;
        callHook("protocol.resumeWriting()", () -> protocol.resumeWriting());
    }
}
