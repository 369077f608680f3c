package io.jasyncio.internal.net;

import io.jasyncio.CancelledException;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.TimerHandle;
import io.jasyncio.internal.IoSource;
import io.jasyncio.internal.SelectorEventLoop;
import io.jasyncio.net.BaseProtocol;
import io.jasyncio.net.ConnectOptions;
import io.jasyncio.net.Connected;
import io.jasyncio.net.Server;
import io.jasyncio.net.ServerOptions;
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
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The loop's networking operations ({@code createConnection}, {@code createServer}, their Unix twins and the
 * low-level {@code sock*} calls), implemented on the selector loop. Every method must run in a task of the
 * loop it is given.
 */
public final class Net {
    private Net() {}

    static SelectorEventLoop selectorLoop(EventLoop loop) {
        if (loop instanceof SelectorEventLoop s) {
            return s;
        }
        throw new UnsupportedOperationException("networking needs the built-in selector loop, not " + loop);
    }

    // ------------------------------------------------------------------------------------------------
    // client connections

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
     * @throws IOException if resolution or every connection attempt failed
     */
    public static <P extends BaseProtocol> Connected<Transport, P> createConnection(
            EventLoop eventLoop, Supplier<P> factory, String host, int port, ConnectOptions options)
            throws IOException {
        SelectorEventLoop loop = selectorLoop(eventLoop);
        Task<?> me = loop.currentTaskForAwait();
        Duration timeout = options.connectTimeout();
        boolean[] fired = new boolean[1];
        TimerHandle timer = timeout == null
                ? null
                : loop.callAtInternal(loop.deadlineAfter(timeout), () -> {
                    fired[0] = true;
                    me.cancel("connect timed out");
                });
        SocketChannel ch;
        try {
            List<InetSocketAddress> targets = resolve(loop, host, port);
            ch = options.happyEyeballsDelay() == null
                    ? connectSequentially(loop, targets, options)
                    : HappyEyeballs.connect(loop, order(targets, options.interleave()), options);
        } catch (CancelledException e) {
            if (fired[0] && me.uncancel() == 0) {
                throw new SocketTimeoutException("connect to " + host + ":" + port + " timed out after " + timeout);
            }
            throw e;
        } finally {
            if (timer != null) {
                timer.cancel();
            }
        }
        if (fired[0]) {
            me.uncancel();
        }
        return wire(loop, ch, factory);
    }

    /**
     * Connects to a Unix domain socket.
     *
     * @param <P> the protocol type
     * @param eventLoop the loop
     * @param factory makes the protocol
     * @param path the socket file
     * @return the transport and protocol
     * @throws IOException if the connection failed
     */
    public static <P extends BaseProtocol> Connected<Transport, P> createUnixConnection(
            EventLoop eventLoop, Supplier<P> factory, Path path) throws IOException {
        SelectorEventLoop loop = selectorLoop(eventLoop);
        loop.currentTaskForAwait();
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            connectChannel(loop, ch, UnixDomainSocketAddress.of(path));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        return wire(loop, ch, factory);
    }

    /**
     * Starts a new transport and waits until its protocol's {@code connectionMade} has run; a cancelled wait
     * aborts the transport.
     *
     * @param loop the loop
     * @param start starts the transport, completing the future once {@code connectionMade} ran
     * @param abort aborts the transport
     */
    static void awaitConnectionMade(SelectorEventLoop loop, Consumer<Future<@Nullable Void>> start, Runnable abort) {
        Future<@Nullable Void> made = loop.createFuture();
        start.accept(made);
        try {
            made.await();
        } catch (CancelledException e) {
            abort.run();
            throw e;
        }
    }

    private static <P extends BaseProtocol> Connected<Transport, P> wire(
            SelectorEventLoop loop, SocketChannel ch, Supplier<P> factory) throws IOException {
        SocketTransport t;
        P protocol;
        try {
            protocol = factory.get();
            t = new SocketTransport(loop, ch, protocol, null);
        } catch (IOException | RuntimeException e) {
            closeUnregistered(loop, ch);
            throw e;
        }
        awaitConnectionMade(loop, t::start, t::abort);
        return new Connected<>(t, protocol);
    }

    static List<InetSocketAddress> resolve(SelectorEventLoop loop, String host, int port) throws IOException {
        InetAddress[] all;
        InetAddress literal = literal(host);
        if (literal != null) {
            all = new InetAddress[] {literal};
        } else {
            try {
                all = loop.runInExecutor(null, () -> InetAddress.getAllByName(host))
                        .await();
            } catch (CompletionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw e;
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

    /**
     * Orders addresses as RFC 8305 §4 asks: {@code firstCount} of the first family, then alternating families.
     *
     * @param addrs the resolved addresses, in resolver order
     * @param firstCount the first address family count
     * @return the order in which to try them
     */
    public static List<InetSocketAddress> order(List<InetSocketAddress> addrs, int firstCount) {
        if (addrs.isEmpty()) {
            return addrs;
        }
        boolean firstV6 = addrs.get(0).getAddress() instanceof Inet6Address;
        List<InetSocketAddress> first = new ArrayList<>();
        List<InetSocketAddress> other = new ArrayList<>();
        for (InetSocketAddress a : addrs) {
            ((a.getAddress() instanceof Inet6Address) == firstV6 ? first : other).add(a);
        }
        List<InetSocketAddress> out = new ArrayList<>(addrs.size());
        int i = 0;
        int j = 0;
        int lead = Math.max(1, firstCount);
        while (i < first.size() && i < lead) {
            out.add(first.get(i++));
        }
        while (i < first.size() || j < other.size()) {
            if (j < other.size()) {
                out.add(other.get(j++));
            }
            if (i < first.size()) {
                out.add(first.get(i++));
            }
        }
        return out;
    }

    private static SocketChannel connectSequentially(
            SelectorEventLoop loop, List<InetSocketAddress> targets, ConnectOptions options) throws IOException {
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

    static IOException combine(List<InetSocketAddress> targets, List<IOException> errors) {
        if (errors.size() == 1) {
            return errors.get(0);
        }
        ConnectException e = new ConnectException(
                errors.isEmpty()
                        ? "no address to connect to"
                        : "all " + errors.size() + " addresses failed: " + targets);
        for (IOException x : errors) {
            e.addSuppressed(x);
        }
        return e;
    }

    /** Opens a socket and connects it to one address; closes it on failure or cancellation. */
    static SocketChannel connectOne(SelectorEventLoop loop, InetSocketAddress addr, ConnectOptions options)
            throws IOException {
        SocketChannel ch = SocketChannel.open(
                addr.getAddress() instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            if (options.noDelay()) {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            SocketAddress local = options.localAddress();
            if (local != null) {
                ch.bind(local);
            }
            connectChannel(loop, ch, addr);
            return ch;
        } catch (IOException | RuntimeException e) {
            closeUnregistered(loop, ch);
            throw e;
        }
    }

    /** Connects a channel, waiting for the connect to finish; the channel stays registered with the loop. */
    static void connectChannel(SelectorEventLoop loop, SocketChannel ch, SocketAddress addr) throws IOException {
        ch.configureBlocking(false);
        if (ch.connect(addr)) {
            return;
        }
        IoSource src = loop.ioSource(ch);
        while (true) {
            awaitWritable(loop, src);
            if (ch.finishConnect()) {
                return;
            }
        }
    }

    /** Deregisters (if registered) and closes a channel that has no transport. */
    static void closeUnregistered(SelectorEventLoop loop, java.nio.channels.SelectableChannel ch) {
        try {
            if (ch.isRegistered() && ch.isOpen()) {
                loop.ioSource(ch).cancel();
            }
        } catch (IOException | RuntimeException ignored) {
            // closing anyway
        }
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    /** Waits until the source is readable (or acceptable). Cancellation removes the interest. */
    static void awaitReadable(SelectorEventLoop loop, IoSource src) {
        awaitReady(loop, src, true);
    }

    /** Waits until the source is writable (or connected). Cancellation removes the interest. */
    static void awaitWritable(SelectorEventLoop loop, IoSource src) {
        awaitReady(loop, src, false);
    }

    private static void awaitReady(SelectorEventLoop loop, IoSource src, boolean read) {
        Future<@Nullable Void> f = loop.createFuture();
        Runnable wake = () -> {
            if (!f.isDone()) {
                f.setResult(null);
            }
        };
        if (read) {
            src.setReader(wake, false);
        } else {
            src.setWriter(wake, false);
        }
        try {
            f.await();
        } finally {
            if (read) {
                src.setReader(null, false);
            } else {
                src.setWriter(null, false);
            }
        }
    }

    /**
     * Answers the {@code extraInfo} keys every socket transport has: {@code peername}, {@code sockname} and
     * {@code socket}.
     *
     * @param channel the transport's channel
     * @param key the key
     * @return the value, or {@code null} for an unknown key or a closed channel
     */
    static @Nullable Object channelInfo(NetworkChannel channel, String key) {
        try {
            return switch (key) {
                case "peername" ->
                    channel instanceof SocketChannel sc
                            ? sc.getRemoteAddress()
                            : channel instanceof DatagramChannel dc ? dc.getRemoteAddress() : null;
                case "sockname" -> channel.getLocalAddress();
                case "socket" -> channel;
                default -> null;
            };
        } catch (IOException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------------------------------------
    // servers

    /**
     * Listens on a host (every address it resolves to; all interfaces if {@code null}) and port.
     *
     * @param eventLoop the loop
     * @param factory makes a protocol per accepted connection
     * @param host the host, or {@code null} for all interfaces
     * @param port the port (0: the system chooses)
     * @param options the options
     * @return the server
     * @throws IOException if binding failed
     */
    public static Server createServer(
            EventLoop eventLoop,
            Supplier<? extends BaseProtocol> factory,
            @Nullable String host,
            int port,
            ServerOptions options)
            throws IOException {
        SelectorEventLoop loop = selectorLoop(eventLoop);
        List<InetSocketAddress> binds = host == null ? List.of(new InetSocketAddress(port)) : resolve(loop, host, port);
        List<ServerSocketChannel> listeners = new ArrayList<>();
        try {
            for (InetSocketAddress addr : binds) {
                ServerSocketChannel ch = ServerSocketChannel.open(
                        addr.getAddress() instanceof Inet6Address
                                ? StandardProtocolFamily.INET6
                                : StandardProtocolFamily.INET);
                listeners.add(ch);
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.SO_REUSEADDR, options.reuseAddress());
                if (options.reusePort()) {
                    ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                }
                ch.bind(addr, options.backlog());
            }
            return start(loop, factory, listeners, options, null);
        } catch (IOException | RuntimeException e) {
            for (ServerSocketChannel ch : listeners) {
                closeUnregistered(loop, ch);
            }
            throw e;
        }
    }

    /**
     * Listens on a Unix domain socket, removing a stale socket file left by a dead server first.
     *
     * @param eventLoop the loop
     * @param factory makes a protocol per accepted connection
     * @param path the socket file
     * @param options the options
     * @return the server; closing it removes the file
     * @throws IOException if binding failed (for example, another server listens there)
     */
    public static Server createUnixServer(
            EventLoop eventLoop, Supplier<? extends BaseProtocol> factory, Path path, ServerOptions options)
            throws IOException {
        SelectorEventLoop loop = selectorLoop(eventLoop);
        if (Files.exists(path) && !Files.isDirectory(path) && SocketServer.isStaleSocket(path)) {
            Files.deleteIfExists(path);
        }
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.configureBlocking(false);
            ch.bind(UnixDomainSocketAddress.of(path), options.backlog());
            return start(loop, factory, List.of(ch), options, path);
        } catch (IOException | RuntimeException e) {
            closeUnregistered(loop, ch);
            throw e;
        }
    }

    private static Server start(
            SelectorEventLoop loop,
            Supplier<? extends BaseProtocol> factory,
            List<ServerSocketChannel> listeners,
            ServerOptions options,
            @Nullable Path unixPath)
            throws IOException {
        SocketServer s = new SocketServer(loop, factory, listeners, options.backlog(), options.noDelay(), unixPath);
        if (options.startServing()) {
            s.startServing();
        }
        return s;
    }

    // ------------------------------------------------------------------------------------------------
    // low-level socket operations

    /**
     * Reads what is available into a buffer, waiting until at least one byte (or end of file) arrives.
     *
     * @param eventLoop the loop
     * @param ch the socket
     * @param buf where to read
     * @return the bytes read, or -1 at end of file
     * @throws IOException if the read failed
     */
    public static int sockRecv(EventLoop eventLoop, SocketChannel ch, ByteBuffer buf) throws IOException {
        SelectorEventLoop loop = selectorLoop(eventLoop);
        loop.currentTaskForAwait();
        ch.configureBlocking(false);
        int n = ch.read(buf);
        if (n != 0 || !buf.hasRemaining()) {
            return n;
        }
        IoSource src = loop.ioSource(ch);
        while (true) {
            awaitReadable(loop, src);
            n = ch.read(buf);
            if (n != 0) {
                return n;
            }
        }
    }

    /**
     * Sends the whole buffer, waiting while the socket is full.
     *
     * @param eventLoop the loop
     * @param ch the socket
     * @param buf the bytes; on cancellation its position tells how much was sent
     * @throws IOException if a write failed
     */
    public static void sockSendAll(EventLoop eventLoop, SocketChannel ch, ByteBuffer buf) throws IOException {
        SelectorEventLoop loop = selectorLoop(eventLoop);
        loop.currentTaskForAwait();
        ch.configureBlocking(false);
        ch.write(buf);
        if (!buf.hasRemaining()) {
            return;
        }
        IoSource src = loop.ioSource(ch);
        while (buf.hasRemaining()) {
            awaitWritable(loop, src);
            ch.write(buf);
        }
    }

    /**
     * Accepts one connection, waiting for it.
     *
     * @param eventLoop the loop
     * @param listener the listening socket
     * @return the accepted socket, in non-blocking mode
     * @throws IOException if accepting failed
     */
    public static SocketChannel sockAccept(EventLoop eventLoop, ServerSocketChannel listener) throws IOException {
        SelectorEventLoop loop = selectorLoop(eventLoop);
        loop.currentTaskForAwait();
        listener.configureBlocking(false);
        while (true) {
            SocketChannel c = listener.accept();
            if (c != null) {
                c.configureBlocking(false);
                return c;
            }
            awaitReadable(loop, loop.ioSource(listener));
        }
    }

    /**
     * Connects a socket, waiting for the connection to finish.
     *
     * @param eventLoop the loop
     * @param ch the socket
     * @param address where to
     * @throws IOException if connecting failed
     */
    public static void sockConnect(EventLoop eventLoop, SocketChannel ch, SocketAddress address) throws IOException {
        SelectorEventLoop loop = selectorLoop(eventLoop);
        loop.currentTaskForAwait();
        connectChannel(loop, ch, address);
    }
}
