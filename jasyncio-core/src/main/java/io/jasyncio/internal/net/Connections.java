package io.jasyncio.internal.net;

import io.jasyncio.Asyncio;
import io.jasyncio.CheckedCallable;
import io.jasyncio.EventLoop;
import io.jasyncio.net.BaseProtocol;
import io.jasyncio.net.ConnectOptions;
import io.jasyncio.net.Connected;
import io.jasyncio.net.TlsOptions;
import io.jasyncio.net.Transport;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The loop's {@code createConnection} and {@code createUnixConnection}: resolve, connect (in turn, or raced by
 * {@link HappyEyeballs}), then wire the socket to a {@link SocketTransport} and wait for {@code connectionMade}.
 * Every method must run in a task of the loop it is given.
 */
public final class Connections {
    private Connections() {}

    /**
     * Connects to a host and port and wires the connection to a new protocol.
     *
     * @param <P> the protocol type
     * @param eventLoop the loop
     * @param factory makes the protocol
     * @param host a name or a literal address
     * @param port the port
     * @param options the options
     * @return the transport and protocol, after {@code connectionMade} ran
     * @throws IOException if resolution or every connection attempt failed ({@link SocketTimeoutException} when
     *     the connect timeout passed first)
     */
    public static <P extends BaseProtocol> Connected<Transport, P> createConnection(
            EventLoop eventLoop, Supplier<P> factory, String host, int port, ConnectOptions options)
            throws IOException {
        NetLoop loop = NetLoop.of(eventLoop);
        loop.requireTask();
        SocketChannel ch = withConnectTimeout(
                options, NetErrors.hostPort(host, port), () -> connect(loop, resolve(host, port), options));
        return wire(loop, ch, factory, options.tls(), host, port);
    }

    /**
     * Connects to the first of already resolved addresses that accepts, and wires the connection to a new protocol:
     * in turn, or raced by {@link HappyEyeballs} (families interleaved first) when the options set a delay.
     *
     * @param <P> the protocol type
     * @param eventLoop the loop
     * @param factory makes the protocol
     * @param addresses the addresses, in the resolver's order
     * @param options the options; with TLS, {@link TlsOptions#serverName()} names the server to verify
     * @return the transport and protocol, after {@code connectionMade} ran
     * @throws IOException if every attempt failed (one error, or a {@link ConnectException} listing each)
     * @throws IllegalArgumentException if the list is empty, an address is unresolved, or TLS has no server name
     *     to verify
     */
    public static <P extends BaseProtocol> Connected<Transport, P> createConnection(
            EventLoop eventLoop, Supplier<P> factory, List<InetSocketAddress> addresses, ConnectOptions options)
            throws IOException {
        NetLoop loop = NetLoop.of(eventLoop);
        loop.requireTask();
        List<InetSocketAddress> targets = List.copyOf(addresses);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no address to connect to: the list is empty");
        }
        for (InetSocketAddress a : targets) {
            if (a.isUnresolved()) {
                throw new IllegalArgumentException("an unresolved address in the list: " + a
                        + " (pass a host name to the createConnection that takes one)");
            }
        }
        TlsOptions tls = options.tls();
        if (tls != null && tls.serverName() == null && tls.hostnameVerification()) {
            // checked before connecting: the engine would refuse later, after a socket was opened for nothing
            throw new IllegalArgumentException("a TLS connection to addresses needs TlsOptions.withServerName: there"
                    + " is no host name to verify");
        }
        String where = targets.size() == 1 ? NetErrors.describe(targets.get(0)) : describe(targets);
        SocketChannel ch = withConnectTimeout(options, where, () -> connect(loop, targets, options));
        int port = ((InetSocketAddress) ch.getRemoteAddress()).getPort();
        return wire(loop, ch, factory, tls, null, port);
    }

    private static String describe(List<InetSocketAddress> targets) {
        StringBuilder sb = new StringBuilder("[");
        for (InetSocketAddress a : targets) {
            sb.append(sb.length() == 1 ? "" : ", ").append(NetErrors.describe(a));
        }
        return sb.append(']').toString();
    }

    /** Runs {@code connect} within the options' connect timeout, reported as a {@link SocketTimeoutException}. */
    private static SocketChannel withConnectTimeout(
            ConnectOptions options, String where, CheckedCallable<SocketChannel, IOException> connect)
            throws IOException {
        Duration timeout = options.connectTimeout();
        if (timeout == null) {
            return connect.call();
        }
        try {
            return Asyncio.withTimeout(timeout, connect);
        } catch (TimeoutException e) {
            SocketTimeoutException named =
                    new SocketTimeoutException("connect to " + where + " timed out after " + timeout);
            named.initCause(e);
            throw named;
        }
    }

    /** Connects to one of the targets (the part the connect timeout covers); a cancelled attempt leaves no socket. */
    private static SocketChannel connect(NetLoop loop, List<InetSocketAddress> targets, ConnectOptions options)
            throws IOException {
        return options.happyEyeballsDelay() == null
                ? connectSequentially(loop, targets, options)
                : HappyEyeballs.connect(loop, HappyEyeballs.order(targets, options.interleave()), options);
    }

    /**
     * Connects to a Unix domain socket.
     *
     * @param <P> the protocol type
     * @param eventLoop the loop
     * @param factory makes the protocol
     * @param path the socket file
     * @param options the options (only {@link ConnectOptions#tls()} applies)
     * @return the transport and protocol
     * @throws IOException if the connection failed
     */
    public static <P extends BaseProtocol> Connected<Transport, P> createUnixConnection(
            EventLoop eventLoop, Supplier<P> factory, Path path, ConnectOptions options) throws IOException {
        NetLoop loop = NetLoop.of(eventLoop);
        loop.requireTask();
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            Sockets.connectChannel(loop, ch, UnixDomainSocketAddress.of(path));
        } catch (IOException e) {
            Sockets.closeUnregistered(loop, ch);
            throw NetErrors.naming(e, path.toString());
        } catch (RuntimeException | Error e) {
            Sockets.closeUnregistered(loop, ch);
            throw e;
        }
        return wire(loop, ch, factory, options.tls(), null, -1);
    }

    /**
     * Wires a socket connected elsewhere (accepted on this loop or another) to a new protocol.
     *
     * @param <P> the protocol type
     * @param eventLoop the loop that is to serve the connection
     * @param factory makes the protocol
     * @param ch the connected socket; on failure it is closed
     * @param tls TLS options, or {@code null}
     * @return the transport and protocol, after {@code connectionMade} ran
     * @throws IOException if setting the socket up or the handshake failed
     */
    public static <P extends BaseProtocol> Connected<Transport, P> connectAccepted(
            EventLoop eventLoop, Supplier<P> factory, SocketChannel ch, @Nullable TlsOptions tls) throws IOException {
        NetLoop loop = NetLoop.of(eventLoop);
        loop.requireTask();
        if (!ch.isConnected()) {
            throw new IllegalArgumentException("connectAccepted needs a connected socket, got " + ch);
        }
        try {
            ch.configureBlocking(false);
            if (ch.getLocalAddress() instanceof InetSocketAddress) {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
        } catch (IOException | RuntimeException e) {
            Sockets.closeUnregistered(loop, ch);
            throw e;
        }
        return wire(loop, ch, factory, tls, null, -1);
    }

    /**
     * Wraps a connected socket in a transport with a new protocol (with a TLS layer between them when {@code tls}
     * is set), and waits until {@code connectionMade} ran (after the handshake, with TLS).
     */
    private static <P extends BaseProtocol> Connected<Transport, P> wire(
            NetLoop loop,
            SocketChannel ch,
            Supplier<P> factory,
            @Nullable TlsOptions tls,
            @Nullable String host,
            int port)
            throws IOException {
        SocketTransport t;
        TlsTransport layer = null;
        P protocol;
        try {
            protocol = factory.get();
            if (tls != null) {
                layer = TlsTransport.create(loop, protocol, tls, host, port);
            }
            t = new SocketTransport(loop, ch, layer != null ? layer.wireProtocol() : protocol, null);
        } catch (IOException | RuntimeException | Error e) {
            Sockets.closeUnregistered(loop, ch); // an Error from the user's factory too: the socket must not leak
            throw e;
        }
        if (layer == null) {
            t.startAndAwaitMade();
            return new Connected<>(t, protocol);
        }
        t.start(null); // the wire's connectionMade cannot fail
        layer.startAndAwaitMade(); // a failed handshake, a timeout or a cancel aborts both layers
        return new Connected<>(layer, protocol);
    }

    /** Resolves a name off the loop (in the default executor); a literal address needs no resolver. */
    static List<InetSocketAddress> resolve(String host, int port) throws IOException {
        InetAddress[] all;
        InetAddress literal = literal(host);
        if (literal != null) {
            all = new InetAddress[] {literal};
        } else {
            try {
                all = Asyncio.toThread(() -> InetAddress.getAllByName(host));
            } catch (UnknownHostException e) {
                throw NetErrors.unknownHost(e, host, port);
            }
        }
        List<InetSocketAddress> out = new ArrayList<>(all.length);
        for (InetAddress a : all) {
            out.add(new InetSocketAddress(a, port));
        }
        return out;
    }

    private static @Nullable InetAddress literal(String host) {
        try {
            return InetAddress.ofLiteral(host);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static SocketChannel connectSequentially(
            NetLoop loop, List<InetSocketAddress> targets, ConnectOptions options) throws IOException {
        List<IOException> errors = new ArrayList<>();
        for (InetSocketAddress addr : targets) {
            try {
                return connectOne(loop, addr, options);
            } catch (IOException e) {
                errors.add(e);
            }
        }
        throw combine(targets, errors);
    }

    /**
     * Reports the failed attempts: the one error, or a {@link ConnectException} listing each (asyncio's "Multiple
     * exceptions") with the errors attached as suppressed.
     *
     * @param targets the addresses tried
     * @param errors their errors, each naming its address
     * @return the exception to throw
     */
    static IOException combine(List<InetSocketAddress> targets, List<IOException> errors) {
        if (errors.size() == 1) {
            return errors.get(0);
        }
        StringBuilder message =
                new StringBuilder(errors.isEmpty() ? "no address to connect to: " + targets : "Multiple exceptions: ");
        for (int i = 0; i < errors.size(); i++) {
            message.append(i == 0 ? "" : "; ").append(errors.get(i).getMessage());
        }
        ConnectException e = new ConnectException(message.toString());
        for (IOException x : errors) {
            e.addSuppressed(x);
        }
        return e;
    }

    /**
     * Opens a socket and connects it to one address; closes it on failure or cancellation. A failure names the
     * address.
     */
    static SocketChannel connectOne(NetLoop loop, InetSocketAddress addr, ConnectOptions options) throws IOException {
        SocketChannel ch = SocketChannel.open(
                addr.getAddress() instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        String where = NetErrors.describe(addr);
        try {
            if (options.noDelay()) {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            SocketAddress local = options.localAddress();
            if (local != null) {
                String target = where;
                where = "local address " + (local instanceof InetSocketAddress l ? NetErrors.describe(l) : local)
                        + " to connect to " + target;
                ch.bind(local);
                where = target;
            }
            Sockets.connectChannel(loop, ch, addr);
            return ch;
        } catch (IOException e) {
            Sockets.closeUnregistered(loop, ch);
            throw NetErrors.naming(e, where);
        } catch (RuntimeException | Error e) {
            Sockets.closeUnregistered(loop, ch);
            throw e;
        }
    }
}
