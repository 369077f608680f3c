package io.jasyncio.http.server;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledException;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.http.internal.ParserLimits;
import io.jasyncio.net.Server;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the connections of one loop share: the application, the configuration, the connections alive (for a
 * graceful shutdown) and the default error handling. Loop-confined (one per worker loop).
 */
final class ServerContext {

    private static final System.Logger LOG = System.getLogger("io.jasyncio.http.server");

    final Application app;
    final ServerConfig config;
    final EventLoop loop;
    final ParserLimits limits;
    final @Nullable AccessLog accessLog;
    /** The connections alive, so that a shutdown can close the idle ones and wait for the others. */
    final Set<HttpConnection> connections = new LinkedHashSet<>();
    /** Set when a shutdown began: responses carry {@code Connection: close}, idle connections close. */
    boolean shuttingDown;
    /** Completed when the last connection ends during a shutdown. */
    private @Nullable Future<@Nullable Void> drained;

    ServerContext(Application app, ServerConfig config, EventLoop loop) {
        this.app = app;
        this.config = config;
        this.loop = loop;
        this.limits = new ParserLimits(config.maxRequestLine(), config.maxHeaderLine(), config.maxHeaders());
        this.accessLog = config.accessLogFormat() == null ? null : AccessLog.compile(config.accessLogFormat());
    }

    /**
     * Handles a request through the application, with the default error handling outermost: an
     * {@link HttpException} becomes its response, a failed body read its status, any other exception a plain 500
     * (logged with the request line and the stack, never shown to the client). A cancellation passes through.
     */
    StreamResponse handle(Request request) {
        try {
            return app.dispatch(request, request.path());
        } catch (HttpException e) {
            return e.toResponse();
        } catch (BodyException e) {
            return Response.text(e.getMessage() == null ? "" : e.getMessage()).status(e.status());
        } catch (CancelledException e) {
            throw e;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Exception | Error e) {
            LOG.log(
                    System.Logger.Level.ERROR,
                    "error handling \"" + request.head().requestLine() + "\"",
                    e);
            return internalError();
        }
    }

    /** Called when a connection ends. */
    void remove(HttpConnection connection) {
        connections.remove(connection);
        var waiter = drained;
        if (waiter != null && connections.isEmpty() && !waiter.isDone()) {
            waiter.setResult(null);
        }
    }

    /**
     * Shuts this loop's part of the server down gracefully: no new connection ({@code server} closed), idle
     * connections closed, busy ones closed after their response; after {@code grace}, handlers still running are
     * cancelled and their connections dropped.
     *
     * <p><b>Cancellation:</b> drops every connection at once, then rethrows.
     */
    void shutdown(Server server, Duration grace) {
        server.close();
        shuttingDown = true;
        for (var connection : List.copyOf(connections)) {
            connection.shutdown();
        }
        try {
            if (!connections.isEmpty()) {
                Future<@Nullable Void> waiter = loop.createFuture();
                drained = waiter;
                Asyncio.moveOnAfter(grace, () -> {
                    waiter.await();
                });
            }
        } finally {
            for (var connection : List.copyOf(connections)) {
                connection.abort();
            }
        }
    }

    static Response internalError() {
        return Response.text("500 Internal Server Error").status(500);
    }

    static void logError(String message, Throwable error) {
        LOG.log(System.Logger.Level.ERROR, message, error);
    }
}
