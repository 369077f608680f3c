package io.jasyncio.net;

import java.net.SocketAddress;
import java.util.List;

/**
 * A listening server made by {@link Networking#createServer} or {@link Streams#startServer}
 * (asyncio's {@code Server}).
 *
 * {@snippet :
 * try (Server server = Streams.startServer((reader, writer) -> { ... }, "127.0.0.1", 0)) {
 *     System.out.println("listening on " + server.addresses());
 *     server.serveForever();
 * }
 * }
 *
 * <p>Closing stops accepting; connections already accepted stay open until they end (or
 * {@link #closeClients()} / {@link #abortClients()}). {@link #awaitClosed()} waits until the listening
 * sockets are closed and every connection has ended.
 *
 * <h2>Thread safety</h2>
 * Loop-confined.
 */
public interface Server extends AutoCloseable {

    /**
     * Accepts connections until the server is closed or the calling task is cancelled (which closes the
     * server).
     *
     * <p><b>Cancellation:</b> cancelling the waiting task closes the server and rethrows the cancellation.
     *
     * @throws IllegalStateException if the server is closed or already serving forever
     */
    void serveForever();

    /** Starts accepting connections (for servers made with {@code startServing = false}). Idempotent. */
    void startServing();

    /**
     * Returns whether the server accepts connections.
     *
     * @return {@code true} while serving
     */
    boolean isServing();

    /** Stops listening and closes the listening sockets; accepted connections stay open. Idempotent. */
    @Override
    void close();

    /**
     * Waits until the server is closed and every connection it accepted has ended.
     *
     * <p><b>Cancellation:</b> only the wait ends; the server is unaffected.
     */
    void awaitClosed();

    /** Closes every accepted connection gracefully (buffered data is sent first). */
    void closeClients();

    /** Aborts every accepted connection (buffered data is dropped). */
    void abortClients();

    /**
     * Returns the addresses the server listens on (with the ports the system chose for port 0).
     *
     * @return the addresses, empty once closed
     */
    List<SocketAddress> addresses();

    /**
     * Returns the port of the first listening address (convenient for port 0).
     *
     * @return the port, or -1 for Unix sockets or a closed server
     */
    int port();
}
