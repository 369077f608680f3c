package io.jasyncio.internal.net;

import io.jasyncio.Future;
import io.jasyncio.net.BaseProtocol;
import io.jasyncio.spi.IoSource;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import org.jspecify.annotations.Nullable;

/**
 * The channel side shared by the stream and datagram transports (CPython's {@code _SelectorTransport}): the
 * channel's registration with the loop's selector, read interest, the write-readiness loop over the subclass's
 * queue, and the addresses for {@code extraInfo}.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>Reads: one {@link #readOnce()} per readiness event. The read handler is installed while the transport is
 *       {@code OPEN}, reading is wanted and the input has not ended; it is a user callback (callback runner) for
 *       user protocols and runs on the carrier for carrier-safe ones, so it calls the protocol directly. Interest
 *       is dropped lazily by {@link IoSource}, so steady reading costs no {@code epoll_ctl}.
 *   <li>Writes: a subclass writes to the socket at once when nothing is queued, queues the rest and calls
 *       {@link #writeQueued()}; write interest then stays set until {@link #flushQueue()} reports the queue empty,
 *       when {@link #drained()} runs.
 *   <li>{@code peername} and {@code sockname} are read once, when the transport is made, and kept after close
 *       (asyncio does the same, so {@code connectionLost} can still name the peer).
 * </ul>
 * Loop-confined.
 *
 * @param <P> the protocol type
 * @param <C> the channel type
 */
abstract class SelectorTransport<P extends BaseProtocol, C extends SelectableChannel & NetworkChannel>
        extends AbstractTransport<P> {
    final C channel;
    final IoSource source;
    final @Nullable SocketAddress peername;
    final @Nullable SocketAddress sockname;

    private final Runnable onReadable = this::readReady;
    private final Runnable onWritable = this::writeReady;
    /** Reading is wanted (not paused by the protocol). */
    private boolean reading = true;
    /** The input ended (end of file): nothing more to read. */
    private boolean readEnded;
    /** A task waiting (in {@link #awaitWritable()}) for the socket to take data, or {@code null}. */
    private @Nullable Future<@Nullable Void> flushWaiter;

    SelectorTransport(NetLoop loop, C channel, P protocol) throws IOException {
        super(loop, protocol);
        this.channel = channel;
        this.peername = address(channel, true);
        this.sockname = address(channel, false);
        this.source = loop.ioSource(channel);
    }

    /** Reads once (the channel is readable), hands what came to the protocol. */
    abstract void readOnce();

    /**
     * Writes queued data while the socket takes it.
     *
     * @return {@code true} once the queue is empty
     * @throws IOException if a write failed: a fatal error
     */
    abstract boolean flushQueue() throws IOException;

    // ------------------------------------------------------------------------------------------------
    // reading

    @Override
    final void opened() {
        syncReader();
    }

    @Override
    final void stopReading() {
        source.setReader(null, !inline);
    }

    @Override
    void setProtocol(P p) {
        super.setProtocol(p);
        if (source.hasReader()) {
            syncReader(); // the handler runs where the new protocol must: on the carrier or in the runner
        }
    }

    /** Installs or removes the read handler to match the state. */
    private void syncReader() {
        boolean wanted = state() == State.OPEN && reading && !readEnded;
        source.setReader(wanted ? onReadable : null, !inline);
    }

    private void readReady() {
        if (state() == State.OPEN && reading && !readEnded) {
            readOnce();
        }
    }

    /** Stops reading until {@link #setReading(boolean) setReading(true)}; no-op once closing. */
    final void setReading(boolean wanted) {
        loop.checkThread();
        if (isClosing() || reading == wanted) {
            return;
        }
        reading = wanted;
        syncReader();
    }

    /**
     * Returns whether reading is wanted and the transport is not closing.
     *
     * @return {@code true} while reading
     */
    public boolean isReading() {
        return reading && !isClosing();
    }

    /** The input ended: reading stops for good. */
    final void readEnded() {
        readEnded = true;
        syncReader();
    }

    // ------------------------------------------------------------------------------------------------
    // writing

    /** A subclass queued data the socket did not take: watch for writability, maybe pause the protocol. */
    final void writeQueued() {
        if (!source.hasWriter()) {
            source.setWriter(onWritable, false);
        }
        maybePauseProtocol();
    }

    private void writeReady() {
        if (isLost()) {
            return;
        }
        boolean empty;
        try {
            empty = flushQueue();
        } catch (IOException e) {
            fatal(e, "write failed");
            return;
        }
        maybeResumeProtocol();
        if (empty) {
            source.setWriter(null, false);
            wakeFlushWaiter();
            drained();
        }
    }

    /** Waits (in a task) until the socket is writable and the write queue is empty, or the transport is lost. */
    final void awaitWritable() {
        if (isLost()) {
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

    private void wakeFlushWaiter() {
        Future<@Nullable Void> f = flushWaiter;
        if (f != null) {
            f.trySetResult(null);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // the end

    @Override
    final void stopIo() {
        source.cancel();
        wakeFlushWaiter();
    }

    @Override
    final void release() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing " + this + " failed", e);
        }
    }

    /**
     * Answers the {@code extraInfo} keys every socket transport has: {@code peername}, {@code sockname} and
     * {@code socket} (the channel).
     *
     * @param key the name
     * @return the value, or {@code null} for an unknown key
     */
    public @Nullable Object extraInfo(String key) {
        return switch (key) {
            case "peername" -> peername;
            case "sockname" -> sockname;
            case "socket" -> channel;
            default -> null;
        };
    }

    /**
     * Reads a channel's local or remote address, to keep for {@code extraInfo}.
     *
     * @param channel the transport's channel
     * @param peer the remote address ({@code peername}) rather than the local one ({@code sockname})
     * @return the address, or {@code null} if there is none (an unconnected datagram socket, a closed channel)
     */
    private static @Nullable SocketAddress address(NetworkChannel channel, boolean peer) {
        try {
            if (!peer) {
                return channel.getLocalAddress();
            }
            return channel instanceof SocketChannel sc
                    ? sc.getRemoteAddress()
                    : channel instanceof DatagramChannel dc ? dc.getRemoteAddress() : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + state().name().toLowerCase(java.util.Locale.ROOT) + ", "
                + (peername != null ? peername : sockname) + ", buffered=" + writeBufferSize() + "]";
    }
}
