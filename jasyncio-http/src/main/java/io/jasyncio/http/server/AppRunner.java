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
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Serves one {@link Application} on several {@linkplain Site sites} at once (aiohttp's {@code AppRunner} with its
 * {@code TCPSite}s and {@code UnixSite}s): {@link #start} runs the startup hooks and opens the cleanup contexts once,
 * each {@code add…Site} starts listening on one more address (sites may be added and closed while serving), and
 * {@link #close()} shuts everything down gracefully, running the shutdown hooks and closing the cleanup contexts once.
 *
 * {@snippet :
 * Asyncio.runMain(() -> {
 *     try (var runner = AppRunner.start(app, ServerConfig.defaults())) {
 *         runner.addTcpSite("0.0.0.0", 8080);
 *         runner.addTcpSite("0.0.0.0", 8443, TlsOptions.server(sslContext));
 *         runner.addUnixSite(Path.of("/run/app.sock"));
 *         runner.serveForever();   // until Ctrl-C: then a graceful shutdown; a second Ctrl-C ends at once
 *     }
 * });
 * }
 *
 * <p>{@link HttpServer} is the shortcut for the common case of one site: a runner with one site, closed together.
 *
 * <h2>Workers</h2>
 * With {@link ServerConfig#withWorkers workers(n)} above 1, n loops serve, each on its own thread; the calling loop is
 * one of them, and a handler always runs on the loop of its connection. Every TCP site is served by every loop, in one
 * of two ways:
 * <ul>
 *   <li>where the OS has {@code SO_REUSEPORT} ({@link #reusePortSupported()}: Linux, the BSDs, macOS), each loop has
 *       its own listening socket bound to the site's port and the kernel spreads connections over them;
 *   <li>otherwise, or with {@link ServerConfig#withSingleAcceptor singleAcceptor(true)}, the calling loop alone
 *       listens, accepts every connection and hands each to the next loop in turn (itself included), which serves it
 *       from then on (the TLS handshake included); {@code Networking.connectAccepted} wires it there.
 * </ul>
 * A Unix site is served by the calling loop alone. {@link #connectionCount()} counts every loop's connections and a
 * shutdown covers them all.
 *
 * <h2>Shutdown</h2>
 * Stop accepting on every site (a single acceptor first, so every connection it accepted reaches its loop, where one
 * still in its TLS handshake is dropped); close idle connections; let requests in flight finish (their responses say
 * {@code Connection: close}) until the grace period; then cancel the handlers left and drop their connections; run the
 * shutdown hooks; close the cleanup contexts in reverse order.
 *
 * <p>A connection closed while its client may still be sending (a refused or oversized request, a body the handler
 * did not read) closes lingering (RFC 9112 §9.6): the write side is shut after the response and what still arrives is
 * read and dropped for a few seconds, so the client reads the response instead of a connection reset.
 *
 * <h2>Thread safety</h2>
 * Loop-confined: start, use and close it (and its sites) from tasks of one loop.
 */
public final class AppRunner implements AutoCloseable {

    private final Application app;
    private final ServerConfig config;
    /** The calling loop's context: its connections, whatever site they came through. */
    private final ServerContext context;
    /** The further loops; empty with one worker. */
    private final List<Worker> workers;
    /** The cleanup contexts opened, closed in reverse order at the end. */
    private final List<AutoCloseable> cleanups;
    /** The sites open, in the order added. */
    private final List<Site> sites = new ArrayList<>();

    private final Future<@Nullable Void> closed;
    private boolean closing;

    private AppRunner(
            Application app,
            ServerConfig config,
            ServerContext context,
            List<Worker> workers,
            List<AutoCloseable> cleanups) {
        this.app = app;
        this.config = config;
        this.context = context;
        this.workers = workers;
        this.cleanups = cleanups;
        this.closed = context.loop.createFuture();
    }

    /**
     * Freezes {@code app}, runs its startup hooks and opens its cleanup contexts (then its sub-applications'), and
     * starts the worker loops; nothing listens until a site is added.
     *
     * <p><b>Cancellation:</b> what was started (cleanup contexts, worker loops) is closed again, then the exception
     * is rethrown.
     *
     * @throws Exception if a startup hook or cleanup context failed (the contexts opened are closed again)
     */
    public static AppRunner start(Application app, ServerConfig config) throws Exception {
        EventLoop loop = Asyncio.loop();
        app.freeze();
        var cleanups = new ArrayList<AutoCloseable>();
        var workers = new ArrayList<Worker>();
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
            var context = new ServerContext(app, config, loop, openConnections);
            for (int i = 1; i < config.workers(); i++) {
                var worker = new Worker(app, config, openConnections, i);
                workers.add(worker);
                Asyncio.await(worker.ready);
            }
            return new AppRunner(app, config, context, workers, cleanups);
        } catch (Exception | Error e) {
            for (var worker : workers) {
                worker.stop(Duration.ZERO);
            }
            closeAll(cleanups);
            throw e;
        }
    }

    /**
     * Returns whether this OS lets several sockets listen on one port ({@code SO_REUSEPORT}), so that each worker loop
     * can have its own; where it cannot, a TCP site with several workers uses a single acceptor. Thread-safe.
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
     * Starts listening on a TCP address ({@code port} 0 picks a free port; see {@link Site#port()}), on every worker
     * loop.
     *
     * <p><b>Cancellation:</b> what was bound is closed again, then the exception is rethrown.
     *
     * @throws IOException if the address cannot be bound (nothing of this site stays open)
     * @throws IllegalStateException if the runner is shutting down
     */
    public Site addTcpSite(String host, int port) throws IOException {
        return addTcpSite(host, port, ServerOptions.defaults());
    }

    /**
     * Starts listening for HTTPS on a TCP address (aiohttp's {@code TCPSite(..., ssl_context=...)}): every connection
     * does a TLS handshake first (with {@code tls}'s context, ALPN, client authentication and timeouts), then speaks
     * HTTP/1.1 inside it; {@link Request#secure()} is then {@code true}. Every worker loop serves TLS the same way.
     *
     * <p>A client that fails the handshake (plain HTTP, an unknown CA, a timeout) is dropped without a response and
     * without reaching the application.
     *
     * <p><b>Cancellation:</b> as {@link #addTcpSite(String, int)}.
     *
     * @throws IllegalArgumentException if {@code tls} are client options
     * @throws IOException if the address cannot be bound (nothing of this site stays open)
     * @throws IllegalStateException if the runner is shutting down
     */
    public Site addTcpSite(String host, int port, TlsOptions tls) throws IOException {
        return addTcpSite(host, port, ServerOptions.defaults().withTls(tls));
    }

    private Site addTcpSite(String host, int port, ServerOptions options) throws IOException {
        checkOpen();
        if (!workers.isEmpty() && (config.singleAcceptor() || !reusePortSupported())) {
            var acceptor = Acceptor.bind(context.loop, host, port, options.backlog());
            var targets = new ArrayList<ServerContext>(List.of(context));
            for (var worker : workers) {
                targets.add(worker.ready.resultNow());
            }
            acceptor.start(targets, options.tls());
            return register(new Site(this, acceptor, List.of(), options.tls() != null));
        }
        boolean reusePort = !workers.isEmpty();
        Listener first = Listener.of(Networking.of(context.loop)
                .createServer(() -> new HttpConnection(context), host, port, options.withReusePort(reusePort)));
        var onWorkers = new ArrayList<Site.WorkerListener>();
        try {
            // Every further loop binds the port the first one got (port 0 picks it once).
            int bound = first.port();
            for (var worker : workers) {
                var listener = worker.listen((loop, ctx, reuse) -> Listener.of(Networking.of(loop)
                        .createServer(() -> new HttpConnection(ctx), host, bound, options.withReusePort(reuse))));
                onWorkers.add(new Site.WorkerListener(worker, listener));
            }
        } catch (IOException | RuntimeException | Error e) {
            first.close();
            for (var each : onWorkers) {
                each.worker().closeListener(each.listener());
            }
            throw e;
        }
        return register(new Site(this, first, onWorkers, options.tls() != null));
    }

    /**
     * Starts listening on a Unix domain socket (served by the calling loop alone, whatever {@code workers} says).
     *
     * <p><b>Cancellation:</b> nothing waits; the socket is bound or not.
     *
     * @throws IOException if the path cannot be bound
     * @throws IllegalStateException if the runner is shutting down
     */
    public Site addUnixSite(Path path) throws IOException {
        checkOpen();
        var listener = Listener.of(Networking.of(context.loop)
                .createUnixServer(() -> new HttpConnection(context), path, ServerOptions.defaults()));
        return register(new Site(this, listener, List.of(), false));
    }

    private void checkOpen() {
        if (closing) {
            throw new IllegalStateException("the runner is shut down");
        }
    }

    private Site register(Site site) {
        if (closing) {
            // The runner shut down while this site was being bound (its shutdown did not see it).
            site.close();
            throw new IllegalStateException("the runner shut down while the site started");
        }
        sites.add(site);
        return site;
    }

    /** Called by a site closing. */
    void forget(Site site) {
        sites.remove(site);
    }

    /** Returns the sites open, in the order added. */
    public List<Site> sites() {
        return List.copyOf(sites);
    }

    /** Returns the application served. */
    public Application app() {
        return app;
    }

    /** Returns whether a shutdown began. */
    boolean isClosing() {
        return closing;
    }

    /** Returns the number of worker loops ({@code workers(n)}: n, the calling loop included). */
    int workerCount() {
        return workers.size() + 1;
    }

    /**
     * Returns the number of open connections on all the runner's loops and sites (those handed over by a single
     * acceptor included, once wired: after their TLS handshake). Thread-safe.
     */
    public int connectionCount() {
        return context.openConnections();
    }

    /**
     * Waits until the runner is shut down, by {@link #shutdown} or {@link #close}; if the waiting task is cancelled
     * (Ctrl-C under {@code Asyncio.runMain}), shuts down gracefully first.
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
     * Waits until the runner is shut down.
     *
     * <p><b>Cancellation:</b> only the wait ends.
     */
    public void awaitClosed() {
        closed.await();
    }

    /**
     * Shuts down gracefully (see the class description), waiting up to {@code grace} for requests in flight on every
     * site and loop. Idempotent: a second call returns at once.
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
            // The listeners first. A single acceptor returns once its accept tasks ended, so its last hand-overs are in
            // each worker's inbox before the stop signal (one FIFO inbox per loop): the worker's shutdown then sees
            // every socket handed to it, wired or being wired. The workers close their own listeners when they stop.
            for (var site : List.copyOf(sites)) {
                site.stopListening();
            }
            sites.clear();
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
        return "AppRunner[sites=" + sites + ", workers=" + workerCount() + ", connections=" + context.openConnections()
                + (closing ? ", closing" : "") + "]";
    }
}
