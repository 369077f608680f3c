package io.jasyncio.net;

import io.jasyncio.EventLoop;
import io.jasyncio.spi.LoopCore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A loop's networking: connections, servers and datagram endpoints wired to protocols, the low-level socket calls
 * and {@code sendfile} (asyncio's {@code loop.create_connection}, {@code loop.create_server},
 * {@code loop.sock_recv}, ...). {@link Streams} builds on it.
 *
 * {@snippet :
 * Networking net = Networking.of(Asyncio.loop());
 * Server server = net.createServer(EchoProtocol::new, "127.0.0.1", 0);
 * Connected<Transport, ClientProtocol> c = net.createConnection(ClientProtocol::new, "127.0.0.1", server.port());
 * }
 *
 * <p>Every method suspends the calling task: call it from a task of the loop it belongs to (it is loop-confined).
 * The loop provides the implementation; do not implement this interface.
 */
public interface Networking {
    /**
     * Returns the networking of a loop.
     *
     * @throws UnsupportedOperationException if the loop has none
     */
    static Networking of(EventLoop loop) {
        Networking n = LoopCore.of(loop).component(Networking.class);
        if (n == null) {
            throw new UnsupportedOperationException("this event loop has no networking: " + loop);
        }
        return n;
    }

    /**
     * Connects to {@code host:port} and wires the connection to a protocol made by {@code factory}; returns once
     * {@code connectionMade} has run. The name is resolved off the loop (in the default executor); every resolved
     * address is tried in turn, or raced with Happy Eyeballs when {@link ConnectOptions#happyEyeballsDelay()} is set.
     *
     * <p><b>Cancellation:</b> a half-made connection is closed; nothing leaks.
     *
     * @throws IOException if resolution or every attempt failed ({@link java.net.SocketTimeoutException} when the
     *     connect timeout passed); the message names the host and port, the cause is the JDK's exception of the same
     *     type ({@link java.net.ConnectException} "Connection refused: 127.0.0.1:8888")
     */
    <P extends BaseProtocol> Connected<Transport, P> createConnection(
            Supplier<P> factory, String host, int port, ConnectOptions options) throws IOException;

    /**
     * Connects to already resolved addresses (from a cache of one's own, a service registry, a test) and wires the
     * connection to a protocol made by {@code factory}; returns once {@code connectionMade} has run. As
     * {@link #createConnection(Supplier, String, int, ConnectOptions)} does after resolving (asyncio's
     * {@code create_connection} after {@code getaddrinfo}): the addresses are tried in turn or, when
     * {@link ConnectOptions#happyEyeballsDelay()} is set, reordered so families alternate
     * ({@link ConnectOptions#interleave()} of the first family first) and raced, the next attempt starting when the
     * previous failed or the delay passed; the first to connect wins and the others are closed. The connect timeout
     * covers the whole race.
     *
     * {@snippet :
     * List<InetSocketAddress> cached = List.of(
     *         new InetSocketAddress(InetAddress.ofLiteral("2001:db8::1"), 443),
     *         new InetSocketAddress(InetAddress.ofLiteral("192.0.2.1"), 443));
     * var options = ConnectOptions.defaults()
     *         .withHappyEyeballsDelay(Duration.ofMillis(250))
     *         .withTls(TlsOptions.client().withServerName("example.com"));
     * Connected<Transport, MyProtocol> c = Networking.of(loop).createConnection(MyProtocol::new, cached, options);
     * }
     *
     * <p><b>Cancellation:</b> every attempt is stopped and its socket closed before the call throws; nothing leaks.
     *
     * @param addresses resolved addresses, in the resolver's order (IPv4 and IPv6 may be mixed)
     * @param options the options; with TLS there is no host name to verify, so {@link TlsOptions#serverName()} must
     *     name the server (unless the host check is off)
     * @throws IOException if every attempt failed: the one failure, or a {@link java.net.ConnectException}
     *     "Multiple exceptions: ..." listing each, with each attempt's exception suppressed on it
     *     ({@link java.net.SocketTimeoutException} when the connect timeout passed)
     * @throws IllegalArgumentException if {@code addresses} is empty or holds an unresolved address, or TLS has no
     *     server name to verify
     */
    <P extends BaseProtocol> Connected<Transport, P> createConnection(
            Supplier<P> factory, List<InetSocketAddress> addresses, ConnectOptions options) throws IOException;

    /**
     * Connects with the default options; see {@link #createConnection(Supplier, String, int, ConnectOptions)}.
     *
     * <p><b>Cancellation:</b> a half-made connection is closed.
     */
    default <P extends BaseProtocol> Connected<Transport, P> createConnection(
            Supplier<P> factory, String host, int port) throws IOException {
        return createConnection(factory, host, port, ConnectOptions.defaults());
    }

    /**
     * Listens on every address {@code host} resolves to ({@code null}: all interfaces; port 0: the system chooses,
     * see {@link Server#port()}) and gives each accepted connection a protocol made by {@code factory}.
     *
     * <p><b>Cancellation:</b> only name resolution waits; cancelling it binds nothing.
     *
     * @throws IOException if resolution or binding failed; the message names the host and port
     *     ({@link java.net.BindException} "Address already in use: 127.0.0.1:8888")
     */
    Server createServer(
            Supplier<? extends BaseProtocol> factory, @Nullable String host, int port, ServerOptions options)
            throws IOException;

    /**
     * Listens with the default options; see {@link #createServer(Supplier, String, int, ServerOptions)}.
     *
     * <p><b>Cancellation:</b> only name resolution waits.
     */
    default Server createServer(Supplier<? extends BaseProtocol> factory, @Nullable String host, int port)
            throws IOException {
        return createServer(factory, host, port, ServerOptions.defaults());
    }

    /**
     * Connects to a Unix domain socket and wires it to a protocol (asyncio's {@code create_unix_connection}).
     *
     * <p><b>Cancellation:</b> a half-made connection is closed.
     */
    default <P extends BaseProtocol> Connected<Transport, P> createUnixConnection(Supplier<P> factory, Path path)
            throws IOException {
        return createUnixConnection(factory, path, ConnectOptions.defaults());
    }

    /**
     * Connects to a Unix domain socket with options; of them only {@link ConnectOptions#tls()} applies (a TLS
     * client over a Unix socket needs {@link TlsOptions#serverName()} to verify, as there is no host name).
     *
     * <p><b>Cancellation:</b> a half-made connection is closed.
     *
     * @throws IOException if the connection or the TLS handshake failed
     */
    <P extends BaseProtocol> Connected<Transport, P> createUnixConnection(
            Supplier<P> factory, Path path, ConnectOptions options) throws IOException;

    /**
     * Wires a socket that is already connected (typically one {@link #sockAccept} accepted, on this loop or on another
     * one) to a protocol made by {@code factory}, with a TLS layer between them when {@code tls} is set; returns once
     * {@code connectionMade} has run (after the handshake, with TLS). asyncio's {@code loop.connect_accepted_socket}.
     * This is how one loop hands connections over to others: accept on the first, then call this on the loop that is
     * to serve the connection (from its thread, e.g. in a task started through
     * {@link io.jasyncio.EventLoop#callSoonThreadsafe}).
     *
     * {@snippet :
     * SocketChannel socket = Networking.of(acceptorLoop).sockAccept(listener);
     * worker.callSoonThreadsafe(() -> worker.createTask(
     *         () -> Networking.of(worker).connectAccepted(EchoProtocol::new, socket, null)));
     * }
     *
     * <p>The socket is switched to non-blocking mode and, for TCP, gets {@code TCP_NODELAY} (as asyncio's transports
     * do); from then on the transport owns it. It must not be in use by another loop (registered with its selector by
     * a {@code sock*} call, say).
     *
     * <p><b>Cancellation:</b> the half-made connection is aborted and the socket closed.
     *
     * @param socket a connected TCP or Unix socket
     * @param tls server options (the usual case: the peer is the client) or client options (which need
     *     {@link TlsOptions#serverName()} to verify, as no host name is known), or {@code null} for none
     * @return the transport (the TLS transport with {@code tls}) and the protocol
     * @throws IOException if the socket cannot be set up, the handshake failed or the connection was lost; the socket
     *     is closed
     * @throws IllegalArgumentException if the socket is not connected (it is left as it is)
     */
    <P extends BaseProtocol> Connected<Transport, P> connectAccepted(
            Supplier<P> factory, SocketChannel socket, @Nullable TlsOptions tls) throws IOException;

    /**
     * Upgrades a live TCP or Unix connection to TLS (STARTTLS; asyncio's {@code loop.start_tls}) and returns the
     * TLS transport, once the handshake ended. From the call on, every byte read from the socket is a TLS record:
     * bytes received before it were already delivered to the old protocol (or are in the caller's buffers) and none
     * is ever delivered by the new transport. The old transport must not be used afterwards; {@code protocol} gets
     * the plaintext (its {@code connectionMade} is not called again) and writes through the returned transport.
     *
     * {@snippet :
     * transport.write("STARTTLS\r\n");
     * // ... after the server's go-ahead:
     * Transport tls = Networking.of(loop).startTls(transport, protocol, TlsOptions.client().withServerName("mail.example"));
     * }
     *
     * <p><b>Cancellation:</b> the connection is aborted.
     *
     * @param transport a TCP or Unix transport of this loop, open
     * @param protocol the protocol that gets the plaintext
     * @param options client or server options; a client needs {@link TlsOptions#serverName()} unless the host check
     *     is off
     * @return the TLS transport
     * @throws IOException if the handshake failed ({@link javax.net.ssl.SSLHandshakeException} naming the reason,
     *     also after the handshake timeout) or the connection was lost
     * @throws IllegalArgumentException if the transport is not a socket transport of this loop, or a client has no
     *     server name to verify
     */
    Transport startTls(Transport transport, BaseProtocol protocol, TlsOptions options) throws IOException;

    /**
     * Listens on a Unix domain socket (asyncio's {@code create_unix_server}); a stale socket file left by a dead
     * server is removed first, and closing the server removes the file.
     *
     * <p><b>Cancellation:</b> does not wait.
     *
     * @throws IOException if binding failed (another server listens there, say)
     */
    Server createUnixServer(Supplier<? extends BaseProtocol> factory, Path path, ServerOptions options)
            throws IOException;

    /**
     * Opens a UDP endpoint bound to {@code local} ({@code null}: an ephemeral address) and, unless {@code remote} is
     * {@code null}, connected to {@code remote}; returns once {@code connectionMade} has run.
     *
     * <p><b>Cancellation:</b> does not wait (literal addresses) or closes the socket.
     */
    <P extends DatagramProtocol> Connected<DatagramTransport, P> createDatagramEndpoint(
            Supplier<P> factory, @Nullable SocketAddress local, @Nullable SocketAddress remote, DatagramOptions options)
            throws IOException;

    /**
     * Reads from a socket (switched to non-blocking mode) into {@code buffer}, waiting until at least one byte or
     * end of file arrives; returns the count, or -1 at end of file (asyncio's {@code sock_recv_into}).
     *
     * <p><b>Cancellation:</b> no bytes are lost: nothing is read unless the call returns.
     */
    int sockRecv(SocketChannel socket, ByteBuffer buffer) throws IOException;

    /**
     * Sends a whole buffer, waiting while the socket is full (asyncio's {@code sock_sendall}).
     *
     * <p><b>Cancellation:</b> the buffer's position tells how much was sent.
     */
    void sockSendAll(SocketChannel socket, ByteBuffer buffer) throws IOException;

    /**
     * Accepts one connection, waiting for it; returns it in non-blocking mode (asyncio's {@code sock_accept}).
     *
     * <p><b>Cancellation:</b> no connection is lost; a later accept gets it.
     */
    SocketChannel sockAccept(ServerSocketChannel listener) throws IOException;

    /**
     * Connects a socket, waiting until the connection is made (asyncio's {@code sock_connect}).
     *
     * <p><b>Cancellation:</b> the socket is left half-connected; close it.
     */
    void sockConnect(SocketChannel socket, SocketAddress address) throws IOException;

    /**
     * Sends part of a file over a stream transport of this loop (asyncio's {@code sendfile}): zero-copy
     * {@code FileChannel.transferTo} straight to the socket when possible, else chunks; returns how many bytes were
     * sent, once everything was handed to the socket. Meanwhile the transport's {@code write} throws
     * {@link IllegalStateException} (as asyncio's does), so nothing is spliced into the file's bytes. An
     * {@code offset} at or past the end sends nothing; a negative {@code count} (or more than the file has) means up
     * to the end.
     *
     * <p><b>Cancellation:</b> stops between chunks; the file's bytes sent so far stay sent.
     *
     * @throws IllegalArgumentException if {@code offset} is negative
     */
    long sendfile(Transport transport, FileChannel file, long offset, long count) throws IOException;
}
