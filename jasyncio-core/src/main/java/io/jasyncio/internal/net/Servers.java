package io.jasyncio.internal.net;

import io.jasyncio.EventLoop;
import io.jasyncio.net.BaseProtocol;
import io.jasyncio.net.Server;
import io.jasyncio.net.ServerOptions;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** The loop's {@code createServer} and {@code createUnixServer}: listening sockets wired to a {@link SocketServer}. */
public final class Servers {
    private Servers() {}

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
        NetLoop loop = NetLoop.of(eventLoop);
        List<InetSocketAddress> binds =
                host == null ? List.of(new InetSocketAddress(port)) : Connections.resolve(host, port);
        List<ServerSocketChannel> listeners = new ArrayList<>();
        try {
            for (InetSocketAddress addr : binds) {
                listeners.add(listen(addr, options));
            }
            return start(loop, factory, listeners, options, null);
        } catch (IOException | RuntimeException e) {
            for (ServerSocketChannel ch : listeners) {
                Sockets.closeUnregistered(loop, ch);
            }
            throw e;
        }
    }

    /** Opens a listener on one address; a failure names the address. */
    private static ServerSocketChannel listen(InetSocketAddress addr, ServerOptions options) throws IOException {
        ServerSocketChannel ch = ServerSocketChannel.open(
                addr.getAddress() instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, options.reuseAddress());
            if (options.reusePort()) {
                ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            ch.bind(addr, options.backlog());
            return ch;
        } catch (IOException e) {
            ch.close();
            throw NetErrors.naming(e, NetErrors.describe(addr));
        } catch (RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Listens on a Unix domain socket, removing a stale socket file left by a dead server first (see
     * {@link UnixSocketFile} for how staleness is decided).
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
        NetLoop loop = NetLoop.of(eventLoop);
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        UnixSocketFile file;
        try {
            ch.configureBlocking(false);
            file = UnixSocketFile.bind(ch, path, options.backlog());
        } catch (IOException e) {
            ch.close();
            throw NetErrors.naming(e, path.toString());
        } catch (RuntimeException e) {
            ch.close();
            throw e;
        }
        try {
            return start(loop, factory, List.of(ch), options, file);
        } catch (IOException | RuntimeException e) {
            Sockets.closeUnregistered(loop, ch);
            try {
                file.release();
            } catch (IOException x) {
                e.addSuppressed(x);
            }
            throw e;
        }
    }

    private static Server start(
            NetLoop loop,
            Supplier<? extends BaseProtocol> factory,
            List<ServerSocketChannel> listeners,
            ServerOptions options,
            @Nullable UnixSocketFile unixFile)
            throws IOException {
        SocketServer s = new SocketServer(
                loop, factory, listeners, options.backlog(), options.noDelay(), unixFile, options.tls());
        if (options.startServing()) {
            s.startServing();
        }
        return s;
    }
}
