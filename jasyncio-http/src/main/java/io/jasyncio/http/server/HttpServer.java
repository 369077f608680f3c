package io.jasyncio.http.server;

import io.jasyncio.net.TlsOptions;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Serves an {@link Application} over HTTP/1.1 on one address (aiohttp's {@code web.run_app}): the shortcut for an
 * {@link AppRunner} with one {@link Site}, started and closed together. It runs the application's startup hooks and
 * cleanup contexts (then its sub-applications'), listens, and answers each request with a handler task on the loop of
 * its connection. {@link #close()} shuts it down gracefully. To serve one application on several addresses (TCP, TLS,
 * a Unix socket) with its hooks run once, use an {@link AppRunner}.
 *
 * {@snippet :
 * Asyncio.runMain(() -> {
 *     try (var server = HttpServer.start(app, ServerConfig.defaults(), "0.0.0.0", 8080)) {
 *         server.serveForever();   // until Ctrl-C: then a graceful shutdown; a second Ctrl-C ends at once
 *     }
 * });
 * }
 *
 * <p>Workers ({@link ServerConfig#withWorkers workers(n)}, with {@code SO_REUSEPORT} or a single acceptor), the
 * graceful shutdown and the lingering close are the runner's: see {@link AppRunner}.
 *
 * <h2>Thread safety</h2>
 * Loop-confined: start, use and close it from tasks of one loop.
 */
public final class HttpServer implements AutoCloseable {

    private final AppRunner runner;
    private final Site site;

    private HttpServer(AppRunner runner, Site site) {
        this.runner = runner;
        this.site = site;
    }

    /**
     * Starts serving {@code app} on a TCP address ({@code port} 0 picks a free port; see {@link #port()}).
     *
     * <p><b>Cancellation:</b> what was started (hooks' resources, listeners, workers) is closed again.
     *
     * @throws Exception if a startup hook or cleanup context failed, or the address cannot be bound (the runner is
     *     then shut down: its shutdown hooks run and its cleanup contexts close)
     */
    public static HttpServer start(Application app, ServerConfig config, String host, int port) throws Exception {
        return start(app, config, runner -> runner.addTcpSite(host, port));
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
        return start(app, config, runner -> runner.addTcpSite(host, port, tls));
    }

    /**
     * Returns whether this OS lets several sockets listen on one port ({@code SO_REUSEPORT}), so that each worker loop
     * can have its own; where it cannot, a server with several workers uses a single acceptor. Thread-safe.
     */
    public static boolean reusePortSupported() {
        return AppRunner.reusePortSupported();
    }

    /**
     * Starts serving {@code app} on a Unix domain socket (one loop, whatever {@code workers} says).
     *
     * <p><b>Cancellation:</b> as {@link #start(Application, ServerConfig, String, int)}.
     *
     * @throws Exception if a startup hook or cleanup context failed, or the path cannot be bound
     */
    public static HttpServer startUnix(Application app, ServerConfig config, Path path) throws Exception {
        // No worker loop would serve a Unix socket: start none.
        return start(app, config.withWorkers(1), runner -> runner.addUnixSite(path));
    }

    /** Adds the one site to a runner. */
    @FunctionalInterface
    private interface AddSite {
        Site add(AppRunner runner) throws IOException;
    }

    private static HttpServer start(Application app, ServerConfig config, AddSite addSite) throws Exception {
        var runner = AppRunner.start(app, config);
        try {
            return new HttpServer(runner, addSite.add(runner));
        } catch (Exception | Error e) {
            runner.shutdown(Duration.ZERO);
            throw e;
        }
    }

    /** Returns the port of the first listening address; -1 for a Unix socket. */
    public int port() {
        return site.port();
    }

    /** Returns the listening addresses (every worker's are the same); empty once closed. */
    public List<SocketAddress> addresses() {
        return site.addresses();
    }

    /** Returns the application served. */
    public Application app() {
        return runner.app();
    }

    /**
     * Returns the number of open connections on all the server's loops (those handed over by a single acceptor
     * included, once wired: after their TLS handshake). Thread-safe.
     */
    public int connectionCount() {
        return runner.connectionCount();
    }

    /**
     * Waits until the server is shut down, by {@link #shutdown} or {@link #close}; if the waiting task is
     * cancelled (Ctrl-C under {@code Asyncio.runMain}), shuts down gracefully first.
     *
     * <p><b>Cancellation:</b> shuts down gracefully (a second cancellation during it ends it at once), then
     * rethrows.
     */
    public void serveForever() {
        runner.serveForever();
    }

    /**
     * Waits until the server is shut down.
     *
     * <p><b>Cancellation:</b> only the wait ends.
     */
    public void awaitClosed() {
        runner.awaitClosed();
    }

    /**
     * Shuts down gracefully (see {@link AppRunner}), waiting up to {@code grace} for requests in flight. Idempotent:
     * a second call returns at once.
     *
     * <p><b>Cancellation:</b> drops every connection at once, still runs the shutdown hooks and cleanups, then
     * rethrows.
     */
    public void shutdown(Duration grace) {
        runner.shutdown(grace);
    }

    /** Shuts down with the configured shutdown timeout; see {@link #shutdown(Duration)}. */
    @Override
    public void close() {
        runner.close();
    }

    @Override
    public String toString() {
        return "HttpServer[" + site.addresses() + ", workers=" + runner.workerCount()
                + (site.singleAcceptor() ? ", single acceptor" : "") + ", connections=" + runner.connectionCount()
                + (runner.isClosing() ? ", closing" : "") + "]";
    }
}
