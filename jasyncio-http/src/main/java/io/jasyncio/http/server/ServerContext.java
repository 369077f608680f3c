package io.jasyncio.http.server;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledException;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.ReturnWhen;
import io.jasyncio.Task;
import io.jasyncio.http.internal.ParserLimits;
import io.jasyncio.net.Networking;
import io.jasyncio.net.TlsOptions;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * What the connections of one loop share (whichever site they came through): the application, the configuration, the connections alive (for a
 * graceful shutdown), the sockets handed over by a single acceptor and the default error handling. Loop-confined
 * (one per worker loop), except {@link #handOver} and {@link #openConnections}.
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
    /** The connections alive on every loop of the server (shared by their contexts; written by each loop). */
    private final AtomicInteger openConnections;
    /** The tasks wiring handed-over sockets ({@code connectAccepted}: a TLS handshake, say), until they end. */
    private final Set<Task<?>> adopting = new HashSet<>();
    /** Set when a shutdown began: responses carry {@code Connection: close}, idle connections close. */
    boolean shuttingDown;
    /** Completed when the last connection ends during a shutdown. */
    private @Nullable Future<@Nullable Void> drained;

    ServerContext(Application app, ServerConfig config, EventLoop loop, AtomicInteger openConnections) {
        this.app = app;
        this.config = config;
        this.loop = loop;
        this.openConnections = openConnections;
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

    /** Called when a connection starts. */
    void add(HttpConnection connection) {
        if (connections.add(connection)) {
            openConnections.incrementAndGet();
        }
    }

    /** Called when a connection ends. */
    void remove(HttpConnection connection) {
        if (connections.remove(connection)) {
            openConnections.decrementAndGet();
        }
        var waiter = drained;
        if (waiter != null && connections.isEmpty() && !waiter.isDone()) {
            waiter.setResult(null);
        }
    }

    /** Returns the connections alive on every loop of the server. Thread-safe. */
    int openConnections() {
        return openConnections.get();
    }

    /**
     * Hands a socket accepted on another loop to this context's loop, where it is served from then on (after a
     * handshake with {@code tls}, unless {@code null}). Thread-safe. The socket is closed if this loop is closed
     * already.
     */
    void handOver(SocketChannel socket, @Nullable TlsOptions tls) {
        try {
            loop.callSoonThreadsafe(() -> adopt(socket, tls));
        } catch (RuntimeException e) {
            logError("a worker loop is closed; dropping a connection handed to it", e);
            closeQuietly(socket);
        }
    }

    /**
     * Serves an accepted socket on this loop: wires it to a new {@link HttpConnection} (after the TLS handshake, with
     * {@code tls}) in a task of its own, so a slow handshake holds up nothing else. During a shutdown the socket is
     * closed.
     */
    void adopt(SocketChannel socket, @Nullable TlsOptions tls) {
        if (shuttingDown) {
            closeQuietly(socket);
            return;
        }
        Task<?> task = loop.createTask("http accept", () -> {
            try {
                Networking.of(loop).connectAccepted(() -> new HttpConnection(this), socket, tls);
            } catch (IOException e) {
                // A failed handshake or a client gone already: dropped, as the listening server's transport does.
                LOG.log(System.Logger.Level.DEBUG, "a handed-over connection failed before its first request", e);
            } catch (CancelledException e) {
                throw e; // a shutdown dropping it: connectAccepted aborted the half-made connection
            } catch (RuntimeException e) {
                logError("cannot set up a handed-over connection", e); // connectAccepted closed the socket
            }
        });
        if (!task.isDone()) {
            adopting.add(task);
            task.addDoneCallback(done -> adopting.remove(task));
        }
    }

    private static void closeQuietly(SocketChannel socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing a socket failed", e);
        }
    }

    /**
     * Shuts this loop's part of the server down gracefully, once it accepts no new connection (its listening socket
     * closed, or the single acceptor stopped): sockets still being wired dropped, idle connections closed, busy ones
     * closed after their response; after {@code grace}, handlers still running are cancelled and their connections
     * dropped.
     *
     * <p><b>Cancellation:</b> drops every connection at once, then rethrows.
     */
    void shutdown(Duration grace) {
        shuttingDown = true;
        if (!adopting.isEmpty()) {
            // Not one request of theirs was read (a connection is registered only once wired): drop them, as a closed
            // listening socket drops its backlog. Cancelling connectAccepted aborts the half-made connection.
            var pending = List.copyOf(adopting);
            pending.forEach(Task::cancel);
            Asyncio.wait(pending, ReturnWhen.ALL_COMPLETED, null);
        }
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
