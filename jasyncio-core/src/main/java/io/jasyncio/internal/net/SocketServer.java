package io.jasyncio.internal.net;

import io.jasyncio.CancelledException;
import io.jasyncio.ExceptionContext;
import io.jasyncio.Future;
import io.jasyncio.net.BaseProtocol;
import io.jasyncio.net.Server;
import io.jasyncio.net.TlsOptions;
import io.jasyncio.spi.CarrierSafe;
import io.jasyncio.spi.IoSource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Server} over one or more listening {@link ServerSocketChannel}s.
 *
 * <p>Accepting runs on readiness: up to {@link #ACCEPT_BATCH} connections per event (the rest wait for the next
 * turn of the loop, so a flood of connects does not starve established connections), each wrapped in a
 * {@link SocketTransport} whose protocol comes from the factory. The server tracks its live transports for
 * {@link #closeClients()} and {@link #awaitClosed()}. Loop-confined.
 */
final class SocketServer implements Server {
    private static final System.Logger LOG = System.getLogger("io.jasyncio.net");
    /** The most connections accepted per readiness event. */
    static final int ACCEPT_BATCH = 256;

    private final NetLoop loop;
    private final Supplier<? extends BaseProtocol> factory;
    private final boolean inline;
    private final int backlog;
    private final boolean noDelay;
    private final List<ServerSocketChannel> listeners;
    private final List<IoSource> sources = new ArrayList<>();
    private final List<SocketAddress> addresses = new ArrayList<>();
    /** The socket file of a Unix server, removed on close if it is still ours; {@code null} for TCP. */
    private final @Nullable UnixSocketFile unixFile;
    /** TLS for every accepted connection, or {@code null}. */
    private final @Nullable TlsOptions tls;

    private final Set<SocketTransport> clients = new LinkedHashSet<>();
    /** The TLS layer over each client socket of a TLS server: what closeClients closes (so close_notify goes out). */
    private final java.util.Map<SocketTransport, TlsTransport> tlsLayers = new java.util.HashMap<>();

    private final List<Future<@Nullable Void>> closeWaiters = new ArrayList<>();
    private boolean serving;
    private boolean closed;
    private @Nullable Future<@Nullable Void> forever;

    SocketServer(
            NetLoop loop,
            Supplier<? extends BaseProtocol> factory,
            List<ServerSocketChannel> listeners,
            int backlog,
            boolean noDelay,
            @Nullable UnixSocketFile unixFile,
            @Nullable TlsOptions tls)
            throws IOException {
        this.tls = tls;
        this.loop = loop;
        this.factory = factory;
        this.inline = factory instanceof CarrierSafe;
        this.listeners = listeners;
        this.backlog = backlog;
        this.noDelay = noDelay;
        this.unixFile = unixFile;
        for (ServerSocketChannel ch : listeners) {
            addresses.add(ch.getLocalAddress());
            sources.add(loop.ioSource(ch));
        }
    }

    @Override
    public void startServing() {
        loop.checkThread();
        if (serving || closed) {
            return;
        }
        serving = true;
        for (int i = 0; i < listeners.size(); i++) {
            ServerSocketChannel ch = listeners.get(i);
            sources.get(i).setReader(() -> acceptReady(ch), !inline);
        }
    }

    private void acceptReady(ServerSocketChannel listener) {
        for (int i = 0; i < Math.min(backlog, ACCEPT_BATCH) && serving; i++) {
            SocketChannel ch;
            try {
                ch = listener.accept();
            } catch (IOException e) {
                // Out of descriptors or similar: stop accepting for a second rather than spin (as asyncio does).
                loop.callExceptionHandler(ExceptionContext.of("accept failed on " + this, e));
                pauseAccepting(Duration.ofSeconds(1));
                return;
            }
            if (ch == null) {
                return;
            }
            attach(ch);
        }
    }

    private void pauseAccepting(Duration d) {
        for (IoSource s : sources) {
            s.setReader(null, !inline);
        }
        serving = false;
        loop.callAtInternal(loop.deadlineAfter(d), () -> {
            if (!closed) {
                startServing();
            }
        });
    }

    private void attach(SocketChannel ch) {
        try {
            ch.configureBlocking(false);
            if (noDelay && ch.getLocalAddress() instanceof InetSocketAddress) {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            BaseProtocol p = factory.get();
            TlsTransport layer = tls == null ? null : TlsTransport.create(loop, p, tls, null, -1);
            SocketTransport t = new SocketTransport(loop, ch, layer == null ? p : layer.wireProtocol(), this);
            clients.add(t);
            if (layer != null) {
                tlsLayers.put(t, layer);
            }
            t.start(null);
            if (layer != null) {
                layer.start(null); // the handshake; the protocol's connectionMade follows it
            }
        } catch (IOException | RuntimeException | Error e) {
            // an Error from the user's factory too: the accepted socket must not leak (report, close, go on)
            loop.callExceptionHandler(ExceptionContext.of("cannot set up an accepted connection", e));
            try {
                ch.close();
            } catch (IOException ignored) {
                LOG.log(System.Logger.Level.DEBUG, "close failed", ignored);
            }
        }
    }

    /** Called by a transport once its connection is lost. */
    void detach(SocketTransport t) {
        clients.remove(t);
        tlsLayers.remove(t);
        wakeCloseWaiters();
    }

    @Override
    public void serveForever() {
        loop.checkThread();
        if (closed) {
            throw new IllegalStateException("the server is closed");
        }
        if (forever != null) {
            throw new IllegalStateException("serveForever is already running");
        }
        startServing();
        Future<@Nullable Void> f = loop.createFuture();
        forever = f;
        try {
            f.await();
        } catch (CancelledException e) {
            close();
            throw e;
        } finally {
            forever = null;
        }
    }

    @Override
    public boolean isServing() {
        return serving && !closed;
    }

    @Override
    public void close() {
        loop.checkThread();
        if (closed) {
            return;
        }
        closed = true;
        serving = false;
        // Closed now, not at the loop's next select: a client connecting after close() returns is refused.
        for (IoSource s : sources) {
            try {
                s.cancelAndClose();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing a listener failed", e);
            }
        }
        for (ServerSocketChannel ch : listeners) {
            try {
                ch.close(); // those without a registration (never served)
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing a listener failed", e);
            }
        }
        if (unixFile != null) {
            try {
                unixFile.release();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "removing the socket file failed", e);
            }
        }
        Future<@Nullable Void> f = forever;
        if (f != null) {
            f.trySetResult(null);
        }
        wakeCloseWaiters();
    }

    private void wakeCloseWaiters() {
        if (!closed || !clients.isEmpty() || closeWaiters.isEmpty()) {
            return;
        }
        for (Future<@Nullable Void> w : closeWaiters) {
            w.trySetResult(null);
        }
        closeWaiters.clear();
    }

    @Override
    public void awaitClosed() {
        loop.checkThread();
        if (closed && clients.isEmpty()) {
            return;
        }
        Future<@Nullable Void> f = loop.createFuture();
        closeWaiters.add(f);
        try {
            f.await();
        } finally {
            closeWaiters.remove(f);
        }
    }

    @Override
    public void closeClients() {
        loop.checkThread();
        for (SocketTransport t : new ArrayList<>(clients)) {
            TlsTransport layer = tlsLayers.get(t);
            if (layer != null) {
                layer.close(); // close_notify first, then the socket
            } else {
                t.close();
            }
        }
    }

    @Override
    public void abortClients() {
        loop.checkThread();
        for (SocketTransport t : new ArrayList<>(clients)) {
            TlsTransport layer = tlsLayers.get(t);
            if (layer != null) {
                layer.abort();
            } else {
                t.abort();
            }
        }
    }

    @Override
    public List<SocketAddress> addresses() {
        return closed ? List.of() : List.copyOf(addresses);
    }

    @Override
    public int port() {
        for (SocketAddress a : addresses()) {
            if (a instanceof InetSocketAddress isa) {
                return isa.getPort();
            }
        }
        return -1;
    }

    /**
     * Returns the live connections (tests).
     *
     * @return how many
     */
    int clientCount() {
        return clients.size();
    }

    @Override
    public String toString() {
        return "Server[" + addresses + (closed ? ", closed" : serving ? ", serving" : "") + ", clients="
                + clients.size() + "]";
    }
}
