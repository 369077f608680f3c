package io.jasyncio.http.server;

import io.jasyncio.net.Server;
import java.net.SocketAddress;
import java.util.List;

/**
 * How a {@link Site} listens on one loop: a core {@link Server} (one per loop, with {@code SO_REUSEPORT} when there
 * are several) or, on the first loop, an {@link Acceptor} that hands connections over. Loop-confined.
 */
interface Listener {

    /** Returns the port of the first listening address; -1 for a Unix socket. */
    int port();

    /** Returns the listening addresses; empty once closed. */
    List<SocketAddress> addresses();

    /**
     * Stops accepting: closes the listening sockets. An acceptor returns once its last connection was handed over.
     *
     * <p><b>Cancellation:</b> the sockets are closed all the same.
     */
    void close();

    /** Wraps a core server. */
    static Listener of(Server server) {
        return new Listener() {
            @Override
            public int port() {
                return server.port();
            }

            @Override
            public List<SocketAddress> addresses() {
                return server.addresses();
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }
}
