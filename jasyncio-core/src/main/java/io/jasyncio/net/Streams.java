package io.jasyncio.net;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.spi.CarrierSafe;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Opens stream connections and starts stream servers (asyncio's {@code open_connection} and
 * {@code start_server}).
 *
 * {@snippet :
 * Server server = Streams.startServer((reader, writer) -> {
 *     byte[] line;
 *     while ((line = reader.readLine()).length > 0) {
 *         writer.write(line);
 *         writer.drain();
 *     }
 *     writer.close();
 * }, "127.0.0.1", 0);
 *
 * try (Connection c = Streams.openConnection("127.0.0.1", server.port())) {
 *     c.writer().write("hello\n");
 *     byte[] echo = c.reader().readLine();
 * }
 * }
 *
 * <h2>Thread safety</h2>
 * Call from a task; everything returned is confined to that task's loop.
 */
public final class Streams {
    private Streams() {}

    /**
     * Connects to {@code host:port} with the default options and limit.
     *
     * <p><b>Cancellation:</b> a half-made connection is closed.
     *
     * @param host a host name or literal address
     * @return the reader and writer
     * @throws IOException if the connection failed
     */
    public static Connection openConnection(String host, int port) throws IOException {
        return openConnection(host, port, ConnectOptions.defaults(), StreamReader.DEFAULT_LIMIT);
    }

    /**
     * Connects to {@code host:port} with the default options and a reader limit (asyncio's
     * {@code open_connection(host, port, limit=...)}).
     *
     * <p><b>Cancellation:</b> a half-made connection is closed.
     *
     * @param host a host name or literal address
     * @param limit the reader's limit: the longest line {@link StreamReader#readLine()} accepts; the socket is
     *     not read while more than twice this is buffered (see {@link StreamReader})
     * @return the reader and writer
     * @throws IOException if the connection failed
     */
    public static Connection openConnection(String host, int port, int limit) throws IOException {
        return openConnection(host, port, ConnectOptions.defaults(), limit);
    }

    /**
     * Connects to {@code host:port}.
     *
     * <p><b>Cancellation:</b> a half-made connection is closed.
     *
     * @param host a host name or literal address
     * @param options connect options
     * @param limit the reader's limit
     * @return the reader and writer
     * @throws IOException if the connection failed
     */
    public static Connection openConnection(String host, int port, ConnectOptions options, int limit)
            throws IOException {
        EventLoop loop = Asyncio.loop();
        return Networking.of(loop)
                .createConnection(new Factory(loop, limit, null), host, port, options)
                .protocol()
                .connection();
    }

    /**
     * Connects to the first of already resolved addresses that accepts, racing them with Happy Eyeballs when the
     * options set a delay; see {@link Networking#createConnection(Supplier, List, ConnectOptions)}.
     *
     * {@snippet :
     * var options = ConnectOptions.defaults().withHappyEyeballsDelay(Duration.ofMillis(250));
     * try (Connection c = Streams.openConnection(cachedAddresses, options, StreamReader.DEFAULT_LIMIT)) {
     *     c.writer().write("hello\n");
     * }
     * }
     *
     * <p><b>Cancellation:</b> every attempt is stopped and its socket closed before the call throws.
     *
     * @param addresses resolved addresses, in the resolver's order
     * @param options connect options (with TLS, {@link TlsOptions#serverName()} names the server to verify)
     * @param limit the reader's limit
     * @return the reader and writer
     * @throws IOException if every attempt failed (a {@link java.net.ConnectException} listing each when several)
     * @throws IllegalArgumentException if {@code addresses} is empty or holds an unresolved address
     */
    public static Connection openConnection(List<InetSocketAddress> addresses, ConnectOptions options, int limit)
            throws IOException {
        EventLoop loop = Asyncio.loop();
        return Networking.of(loop)
                .createConnection(new Factory(loop, limit, null), addresses, options)
                .protocol()
                .connection();
    }

    /**
     * Connects to a Unix domain socket.
     *
     * <p><b>Cancellation:</b> a half-made connection is closed.
     *
     * @param path the socket file
     * @return the reader and writer
     * @throws IOException if the connection failed
     */
    public static Connection openUnixConnection(Path path) throws IOException {
        return openUnixConnection(path, StreamReader.DEFAULT_LIMIT);
    }

    /**
     * Connects to a Unix domain socket with a reader limit (asyncio's
     * {@code open_unix_connection(path, limit=...)}).
     *
     * <p><b>Cancellation:</b> a half-made connection is closed.
     *
     * @param path the socket file
     * @param limit the reader's limit
     * @return the reader and writer
     * @throws IOException if the connection failed
     */
    public static Connection openUnixConnection(Path path, int limit) throws IOException {
        return openUnixConnection(path, ConnectOptions.defaults(), limit);
    }

    /**
     * Connects to a Unix domain socket with options (of them only {@link ConnectOptions#tls()} applies).
     *
     * <p><b>Cancellation:</b> a half-made connection is closed.
     *
     * @param path the socket file
     * @param options connect options
     * @param limit the reader's limit
     * @return the reader and writer
     * @throws IOException if the connection or the TLS handshake failed
     */
    public static Connection openUnixConnection(Path path, ConnectOptions options, int limit) throws IOException {
        EventLoop loop = Asyncio.loop();
        return Networking.of(loop)
                .createUnixConnection(new Factory(loop, limit, null), path, options)
                .protocol()
                .connection();
    }

    /**
     * Starts a server that runs {@code handler} in a new task for each client.
     *
     * <p><b>Cancellation:</b> only name resolution waits.
     *
     * @param handler serves one client
     * @param host the host to listen on, or {@code null} for all interfaces
     * @param port the port (0: the system chooses)
     * @return the server, already serving
     * @throws IOException if binding failed
     */
    public static Server startServer(ClientHandler handler, @Nullable String host, int port) throws IOException {
        return startServer(handler, host, port, ServerOptions.defaults(), StreamReader.DEFAULT_LIMIT);
    }

    /**
     * Starts a server with options and a reader limit.
     *
     * <p><b>Cancellation:</b> only name resolution waits.
     *
     * @param handler serves one client
     * @param host the host, or {@code null} for all interfaces
     * @param options server options
     * @param limit each reader's limit
     * @throws IOException if binding failed
     */
    public static Server startServer(
            ClientHandler handler, @Nullable String host, int port, ServerOptions options, int limit)
            throws IOException {
        EventLoop loop = Asyncio.loop();
        return Networking.of(loop).createServer(new Factory(loop, limit, handler), host, port, options);
    }

    /**
     * Starts a server on a Unix domain socket (a stale socket file is replaced; closing removes it).
     *
     * <p><b>Cancellation:</b> does not wait.
     *
     * @param handler serves one client
     * @param path the socket file
     * @throws IOException if binding failed
     */
    public static Server startUnixServer(ClientHandler handler, Path path) throws IOException {
        return startUnixServer(handler, path, ServerOptions.defaults(), StreamReader.DEFAULT_LIMIT);
    }

    /**
     * Starts a server on a Unix domain socket with options (TLS, say) and a reader limit.
     *
     * <p><b>Cancellation:</b> does not wait.
     *
     * @param handler serves one client
     * @param path the socket file
     * @param options server options
     * @param limit each reader's limit
     * @return the server
     * @throws IOException if binding failed
     */
    public static Server startUnixServer(ClientHandler handler, Path path, ServerOptions options, int limit)
            throws IOException {
        EventLoop loop = Asyncio.loop();
        return Networking.of(loop).createUnixServer(new Factory(loop, limit, handler), path, options);
    }

    /**
     * Wraps any transport in a stream pair: returns the protocol to give the transport; the pair is passed to
     * {@code onConnection} when the transport calls {@code connectionMade} (for custom transports and tests).
     *
     * @param limit the reader's limit
     * @param handler run in a new task with the pair, as a server's handler is
     */
    public static Protocol protocol(int limit, ClientHandler handler) {
        return new StreamProtocol(Asyncio.loop(), limit, handler);
    }

    /**
     * Makes the protocol of a stream pair for a transport wired by hand (the stdin pipe of a child process, an
     * adapter): call its {@code connectionMade} with the transport (or give it to a transport that does), forward
     * the transport's {@code pauseWriting}, {@code resumeWriting} and {@code connectionLost} to it, and take the pair
     * from {@link #connection(Protocol)}. Unlike {@link #protocol(int, ClientHandler)} it starts no task.
     *
     * @param limit the reader's limit
     * @return the protocol, library code that never blocks
     */
    public static Protocol protocol(int limit) {
        return new StreamProtocol(Asyncio.loop(), limit, null);
    }

    /**
     * Returns the reader and writer of a protocol made by {@link #protocol(int)}, once its {@code connectionMade}
     * ran.
     *
     * @param streamProtocol the protocol
     * @return the pair
     * @throws IllegalArgumentException if the protocol is not a stream protocol
     * @throws IllegalStateException before {@code connectionMade} ran
     */
    public static Connection connection(Protocol streamProtocol) {
        if (!(streamProtocol instanceof StreamProtocol p)) {
            throw new IllegalArgumentException("not a stream protocol: " + streamProtocol);
        }
        return p.connection();
    }

    /** Makes stream protocols; library code, so servers call it on the carrier. */
    private record Factory(
            EventLoop loop, int limit, @Nullable ClientHandler handler)
            implements Supplier<StreamProtocol>, CarrierSafe {
        @Override
        public StreamProtocol get() {
            return new StreamProtocol(loop, limit, handler);
        }
    }
}
