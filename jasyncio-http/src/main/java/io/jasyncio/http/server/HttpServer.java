package io.jasyncio.http.server;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledException;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.net.Networking;
import io.jasyncio.net.ServerOptions;
import io.jasyncio.net.TlsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Serves an {@link Application} over HTTP/1.1 (aiohttp's {@code AppRunner} with a {@code TCPSite}, or
 * {@code web.run_app}): runs its startup hooks and cleanup contexts (then its sub-applications'), listens, and answers each request with a
 * handler task on the loop of its connection. {@link #close()} shuts it down gracefully.
 *
 * {@snippet :
 * Asyncio.runMain(() -> {
 *     try (var server = HttpServer.start(app, ServerConfig.defaults(), "0.0.0.0", 8080)) {
 *         server.serveForever();   // until Ctrl-C: then a graceful shutdown; a second Ctrl-C ends at once
 *     }
 * });
 * }
 *
 * <h2>Workers</h2>
 * With {@link ServerConfig#withWorkers workers(n)} above 1, n loops serve, each on its own thread; the calling loop is
 * one of them, and a handler always runs on the loop of its connection. Connections reach the loops in one of two
 * ways:
 * <ul>
 *   <li>where the OS has {@code SO_REUSEPORT} ({@link #reusePortSupported()}: Linux, the BSDs, macOS), each loop has
 *       its own listening socket bound to the same port and the kernel spreads connections over them;
 *   <li>otherwise, or with {@link ServerConfig#withSingleAcceptor singleAcceptor(true)}, the calling loop alone
 *       listens, accepts every connection and hands each to the next loop in turn (itself included), which serves it
 *       from then on (the TLS handshake included); {@code Networking.connectAccepted} wires it there.
 * </ul>
 * Either way {@link #connectionCount()} counts every loop's connections and a shutdown covers them all.
 *
 * <h2>Shutdown</h2>
 * Stop accepting (a single acceptor first, so every connection it accepted reaches its loop, where one still in its
 * TLS handshake is dropped); close idle connections; let requests in flight finish (their responses say
 * {@code Connection: close}) until the shutdown timeout; then cancel the handlers left and drop their
 * connections; run the shutdown hooks; close the cleanup contexts in reverse order.
 *
 * <p>A connection closed while its client may still be sending (a refused or oversized request, a body the handler
 * did not read) closes lingering (RFC 9112 §9.6): the write side is shut after the response and what still arrives is
 * read and dropped for a few seconds, so the client reads the response instead of a connection reset.
 *
 * <h2>Thread safety</h2>
 * Loop-confined: start, use and close it from tasks of one loop.
 */
public final class HttpServer implements AutoCloseable {

    private final Application app;
    private final ServerConfig config;
    private final ServerContext context;
    private final Listener listener;
    private final List<Worker> workers;
    private final List<AutoCloseable> cleanups;
    private final Future<@Nullable Void> closed;
    private boolean closing;

    private HttpServer(
            Application app,
            ServerConfig config,
            ServerContext context,
            Listener listener,
            List<Worker> workers,
            List<AutoCloseable> cleanups) {
        this.app = app;
        this.config = config;
        this.context = context;
        this.listener = listener;
        this.workers = workers;
        this.cleanups = cleanups;
        this.closed = context.loop.createFuture();
    }

    /**
     * Starts serving {@code app} on a TCP address ({@code port} 0 picks a free port; see {@link #port()}).
     *
     * <p><b>Cancellation:</b> what was started (hooks' resources, listeners, workers) is closed again.
     *
     * @throws Exception if a startup hook or cleanup context failed, or the address cannot be bound
     */
    public static HttpServer start(Application app, ServerConfig config, String host, int port) throws Exception {
        return start(app, config, host, port, ServerOptions.defaults());
    }

    /**
     * Starts serving {@code app} over HTTPS on a TCP address (aiohttp's {@code TCPSite(..., ssl_context=...)}):
     * every connection does a TLS handshake first (with {@code tls}'s context, ALPN, client authentication and
     * timeouts), then speaks HTTP/1.1 inside it; {@link Request#secure()} is then {@code true}. Every worker loop
     * serves TLS the same way.
     *
     * {@snippet :
     * SSLContext ctx = TlsContexts.fromPem(Path.of("cert.pem"), Path.of("key.pem"));
     * try (var server = HttpServer.start(app, ServerConfig.defaults(), "0.0.0.0", 8443, TlsOptions.server(ctx))) {
     *     server.serveForever();
     * }
     * }
     *
     * <p>A client that fails the handshake (plain HTTP, an unknown CA, a timeout) is dropped without a response and
     * without reaching the application.
     *
     * <p><b>Cancellation:</b> as {@link #start(Application, ServerConfig, String, int)}.
     *
     * @throws IllegalArgumentException if {@code tls} are client options
     * @throws Exception if a startup hook or cleanup context failed, or the address cannot be bound
     */
    public static HttpServer start(Application app, ServerConfig config, String host, int port, TlsOptions tls)
            throws Exception {
        return start(app, config, host, port, ServerOptions.defaults().withTls(tls));
    }

    private static HttpServer start(Application app, ServerConfig config, String host, int port, ServerOptions options)
            throws Exception {
        if (config.workers() > 1 && (config.singleAcceptor() || !reusePortSupported())) {
            return start(
                    app,
                    config,
                    options.tls(),
                    (loop, ctx, reusePort, p) -> Acceptor.bind(loop, host, p, options.backlog()),
                    false,
                    port);
        }
        return start(
                app,
                config,
                options.tls(),
                (loop, ctx, reusePort, p) -> Listener.of(Networking.of(loop)
                        .createServer(() -> new HttpConnection(ctx), host, p, options.withReusePort(reusePort))),
                true,
                port);
    }

    /**
     * Returns whether this OS lets several sockets listen on one port ({@code SO_REUSEPORT}), so that each worker loop
     * can have its own; where it cannot, a server with several workers uses a single acceptor. Thread-safe.
     */
    public static boolean reusePortSupported() {
        return ReusePort.SUPPORTED;
    }

    /** Asks the JDK once, on first use. */
    private static final class ReusePort {
        static final boolean SUPPORTED = probe();

        private static boolean probe() {
            try (var channel = ServerSocketChannel.open()) {
                return channel.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open a socket to see whether SO_REUSEPORT exists", e);
            }
        }
    }

    /**
     * Starts serving {@code app} on a Unix domain socket (one loop, whatever {@code workers} says).
     *
     * <p><b>Cancellation:</b> as {@link #start(Application, ServerConfig, String, int)}.
     *
     * @throws Exception if a startup hook or cleanup context failed, or the path cannot be bound
     */
    public static HttpServer startUnix(Application app, ServerConfig config, Path path) throws Exception {
        return start(
                app,
                config.withWorkers(1),
                null,
                (loop, ctx, reusePort, p) -> Listener.of(Networking.of(loop)
                        .createUnixServer(() -> new HttpConnection(ctx), path, ServerOptions.defaults())),
                true,
                0);
    }

    /** Makes the listener of one loop ({@code reusePort}: one of several on the port). */
    @FunctionalInterface
    private interface Listen {
        Listener listen(EventLoop loop, ServerContext context, boolean reusePort, int port) throws IOException;
    }

    /**
     * Starts the server: hooks, then {@code listen} on this loop, then the worker loops ({@code everyLoopListens}:
     * each calls {@code listen} with {@code SO_REUSEPORT}; otherwise the first loop's listener is an {@link Acceptor}
     * that hands connections to all of them).
     */
    private static HttpServer start(
            Application app,
            ServerConfig config,
            @Nullable TlsOptions tls,
            Listen listen,
            boolean everyLoopListens,
            int port)
            throws Exception {
        EventLoop loop = Asyncio.loop();
        app.freeze();
        var cleanups = new ArrayList<AutoCloseable>();
        var workers = new ArrayList<Worker>();
        Listener server = null;
        try {
            // Each hook gets the application it was added to, so a sub-application's hooks fill its own state.
            for (var each : app.withSubApps()) {
                for (var hook : each.startupHooks()) {
                    hook.run(each);
                }
            }
            for (var each : app.withSubApps()) {
                for (var cleanup : each.cleanupContexts()) {
                    cleanups.add(cleanup.open(each));
                }
            }
            var openConnections = new AtomicInteger();
            var context = new ServerContext(app, config, loop, tls, openConnections);
            server = listen.listen(loop, context, everyLoopListens && config.workers() > 1, port);
            int bound = server.port();
            var contexts = new ArrayList<ServerContext>(List.of(context));
            for (int i = 1; i < config.workers(); i++) {
                var worker = new Worker(app, config, tls, openConnections, everyLoopListens ? listen : null, bound, i);
                workers.add(worker);
                contexts.add(Asyncio.await(worker.ready));
            }
            if (server instanceof Acceptor acceptor) {
                acceptor.start(contexts);
            }
            return new HttpServer(app, config, context, server, workers, cleanups);
        } catch (Exception | Error e) {
            if (server != null) {
                server.close();
            }
            for (var worker : workers) {
                worker.stop(Duration.ZERO);
            }
            closeAll(cleanups);
            throw e;
        }
    }

    /** Returns the port of the first listening address; -1 for a Unix socket. */
    public int port() {
        return listener.port();
    }

    /** Returns the listening addresses of this loop's socket (every worker's are the same). */
    public List<SocketAddress> addresses() {
        return listener.addresses();
    }

    /** Returns the application served. */
    public Application app() {
        return app;
    }

    /**
     * Returns the number of open connections on all the server's loops (those handed over by a single acceptor
     * included, once wired: after their TLS handshake). Thread-safe.
     */
    public int connectionCount() {
        return context.openConnections();
    }

    /**
     * Waits until the server is shut down, by {@link #shutdown} or {@link #close}; if the waiting task is
     * cancelled (Ctrl-C under {@code Asyncio.runMain}), shuts down gracefully first.
     *
     * <p><b>Cancellation:</b> shuts down gracefully (a second cancellation during it ends it at once), then
     * rethrows.
     */
    public void serveForever() {
        try {
            closed.await();
        } catch (CancelledException e) {
            Asyncio.currentTask().ifPresent(task -> task.uncancel());
            shutdown(config.shutdownTimeout());
            throw e;
        }
    }

    /**
     * Waits until the server is shut down.
     *
     * <p><b>Cancellation:</b> only the wait ends.
     */
    public void awaitClosed() {
        closed.await();
    }

    /**
     * Shuts down gracefully (see the class description), waiting up to {@code grace} for requests in flight.
     * Idempotent: a second call returns at once.
     *
     * <p><b>Cancellation:</b> drops every connection at once, still runs the shutdown hooks and cleanups, then
     * rethrows.
     */
    public void shutdown(Duration grace) {
        if (closing) {
            return;
        }
        closing = true;
        try {
            // The listener first. A single acceptor returns once its accept tasks ended, so its last hand-overs are in
            // each worker's inbox before the stop signal (one FIFO inbox per loop): the worker's shutdown then sees
            // every socket handed to it, wired or being wired.
            listener.close();
            for (var worker : workers) {
                worker.requestStop(grace);
            }
            context.shutdown(grace);
            for (var worker : workers) {
                Asyncio.await(worker.stopped);
            }
        } finally {
            for (var each : app.withSubApps()) {
                for (var hook : each.shutdownHooks()) {
                    try {
                        hook.run(each);
                    } catch (Exception e) {
                        ServerContext.logError("shutdown hook failed", e);
                    }
                }
            }
            closeAll(cleanups);
            closed.trySetResult(null);
        }
    }

    /** Shuts down with the configured shutdown timeout; see {@link #shutdown(Duration)}. */
    @Override
    public void close() {
        shutdown(config.shutdownTimeout());
    }

    private static void closeAll(List<AutoCloseable> cleanups) {
        for (int i = cleanups.size() - 1; i >= 0; i--) {
            try {
                cleanups.get(i).close();
            } catch (Exception e) {
                ServerContext.logError("cleanup failed", e);
            }
        }
        cleanups.clear();
    }

    @Override
    public String toString() {
        return "HttpServer[" + listener.addresses() + ", workers=" + (workers.size() + 1)
                + (listener instanceof Acceptor ? ", single acceptor" : "") + ", connections="
                + context.openConnections() + (closing ? ", closing" : "") + "]";
    }

    /**
     * A further loop on its own thread, with its own listening socket ({@code SO_REUSEPORT}) or served by the first
     * loop's single acceptor ({@code listen} is then {@code null}).
     */
    private static final class Worker {
        /** Completed with the worker's context once it serves. */
        final CompletableFuture<ServerContext> ready = new CompletableFuture<>();

        final CompletableFuture<@Nullable Void> stopped = new CompletableFuture<>();
        /** The worker's loop and its stop signal, set before {@link #ready} completes. */
        private volatile @Nullable EventLoop loop;

        private volatile @Nullable Future<Duration> stop;

        Worker(
                Application app,
                ServerConfig config,
                @Nullable TlsOptions tls,
                AtomicInteger openConnections,
                @Nullable Listen listen,
                int port,
                int index) {
            var thread = new Thread(
                    () -> run(app, config, tls, openConnections, listen, port), "jasyncio-http-worker-" + index);
            thread.setDaemon(true);
            thread.start();
        }

        private void run(
                Application app,
                ServerConfig config,
                @Nullable TlsOptions tls,
                AtomicInteger openConnections,
                @Nullable Listen listen,
                int port) {
            try {
                Asyncio.run(() -> {
                    EventLoop own = Asyncio.loop();
                    var context = new ServerContext(app, config, own, tls, openConnections);
                    Listener server = listen == null ? null : listen.listen(own, context, true, port);
                    Future<Duration> signal = own.createFuture();
                    stop = signal;
                    loop = own;
                    ready.complete(context);
                    Duration grace = signal.await();
                    if (server != null) {
                        server.close();
                    }
                    context.shutdown(grace);
                });
                stopped.complete(null);
            } catch (Exception | Error e) {
                ready.completeExceptionally(e);
                stopped.completeExceptionally(e);
            }
        }

        /** Asks the worker's loop to shut down; thread-safe. */
        void requestStop(Duration grace) {
            var own = loop;
            var signal = stop;
            if (own != null && signal != null) {
                own.callSoonThreadsafe(() -> signal.trySetResult(grace));
            }
        }

        /** Asks the worker to stop and waits for it. */
        void stop(Duration grace) {
            requestStop(grace);
            Asyncio.await(stopped.exceptionally(e -> null));
        }
    }
}
