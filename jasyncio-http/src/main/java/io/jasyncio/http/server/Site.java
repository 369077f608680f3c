package io.jasyncio.http.server;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

/**
 * One listening address of an {@link AppRunner} (aiohttp's {@code TCPSite}, {@code UnixSite}): a TCP address, with or
 * without TLS, or a Unix domain socket. Made by {@link AppRunner#addTcpSite} and {@link AppRunner#addUnixSite}.
 *
 * <p>{@link #close()} stops accepting on this site alone; connections it accepted are served on until they end or the
 * runner shuts down, and the runner's other sites serve on.
 *
 * <h2>Thread safety</h2>
 * Loop-confined to the runner's loop.
 */
public final class Site implements AutoCloseable {

    private final AppRunner runner;
    /** This site's listener on the runner's loop (an {@link Acceptor} with a single acceptor). */
    private final Listener listener;
    /** Its listeners on the worker loops (with {@code SO_REUSEPORT}), each confined to its worker's loop. */
    private final List<WorkerListener> onWorkers;

    private final boolean tls;
    private boolean closed;

    /** A listener on a worker loop. */
    record WorkerListener(Worker worker, Listener listener) {}

    Site(AppRunner runner, Listener listener, List<WorkerListener> onWorkers, boolean tls) {
        this.runner = runner;
        this.listener = listener;
        this.onWorkers = List.copyOf(onWorkers);
        this.tls = tls;
    }

    /** Returns the port of the first listening address; -1 for a Unix socket or a closed site. */
    public int port() {
        for (var address : addresses()) {
            if (address instanceof InetSocketAddress inet) {
                return inet.getPort();
            }
        }
        return -1;
    }

    /** Returns the listening addresses (every worker loop's are the same); empty once closed. */
    public List<SocketAddress> addresses() {
        return closed ? List.of() : listener.addresses();
    }

    /** Returns whether connections to this site start with a TLS handshake. */
    public boolean isTls() {
        return tls;
    }

    /** Returns whether this site was closed (by {@link #close()} or the runner's shutdown). */
    public boolean isClosed() {
        return closed;
    }

    /** Returns whether a single acceptor on the runner's loop hands this site's connections to every loop. */
    boolean singleAcceptor() {
        return listener instanceof Acceptor;
    }

    /**
     * Stops accepting on this site, on every loop, and waits until its listening sockets are closed. Idempotent.
     *
     * <p><b>Cancellation:</b> the sockets are closed all the same; only the wait for the worker loops ends.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        runner.forget(this);
        stopListening();
        for (var each : onWorkers) {
            each.worker().closeListener(each.listener());
        }
    }

    /**
     * Closes the listener on the runner's loop only (a shutdown: the worker loops close theirs when they stop). A
     * single acceptor returns once its last connection was handed over.
     */
    void stopListening() {
        closed = true;
        listener.close();
    }

    @Override
    public String toString() {
        return "Site[" + listener.addresses() + (tls ? ", tls" : "") + (singleAcceptor() ? ", single acceptor" : "")
                + (closed ? ", closed" : "") + "]";
    }
}
