package io.jasyncio.http.server;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A further loop of an {@link AppRunner} with {@code workers(n)} above 1, on its own thread: it serves the connections
 * a single acceptor hands it and, with {@code SO_REUSEPORT}, listens on every TCP site itself.
 *
 * <p>{@code CREATED -> SERVING (ready) -> STOPPING (stop signal) -> STOPPED (stopped)}. Its listeners and
 * {@link #context} are confined to its loop; the methods called from the runner's loop ({@link #listen},
 * {@link #closeListener}, {@link #requestStop}, {@link #stop}) reach it through {@code callSoonThreadsafe}.
 */
final class Worker {

    /** Makes one loop's listener of a site ({@code reusePort}: one of several on the port). */
    @FunctionalInterface
    interface Listen {
        Listener listen(EventLoop loop, ServerContext context, boolean reusePort) throws IOException;
    }

    /** Completed with the worker's context once it serves. */
    final CompletableFuture<ServerContext> ready = new CompletableFuture<>();

    final CompletableFuture<@Nullable Void> stopped = new CompletableFuture<>();
    /** The worker's loop, context and stop signal, set (on the worker's thread) before {@link #ready} completes. */
    private volatile @Nullable EventLoop loop;

    private volatile @Nullable ServerContext context;
    private volatile @Nullable Future<Duration> stop;
    /** The sites' listeners on this loop, still open. Written on the worker's loop only. */
    private final Set<Listener> listeners = new LinkedHashSet<>();

    Worker(Application app, ServerConfig config, AtomicInteger openConnections, int index) {
        var thread = new Thread(() -> run(app, config, openConnections), "jasyncio-http-worker-" + index);
        thread.setDaemon(true);
        thread.start();
    }

    private void run(Application app, ServerConfig config, AtomicInteger openConnections) {
        try {
            Asyncio.run(() -> {
                EventLoop own = Asyncio.loop();
                var ctx = new ServerContext(app, config, own, openConnections);
                Future<Duration> signal = own.createFuture();
                stop = signal;
                context = ctx;
                loop = own;
                ready.complete(ctx);
                Duration grace = signal.await();
                // Stop accepting before the shutdown looks at the connections, as on the runner's loop.
                for (var listener : new ArrayList<>(listeners)) {
                    listener.close();
                }
                listeners.clear();
                ctx.shutdown(grace);
            });
            stopped.complete(null);
        } catch (Exception | Error e) {
            ready.completeExceptionally(e);
            stopped.completeExceptionally(e);
        }
    }

    /**
     * Makes a listener on this worker's loop with {@code listen} and waits for it.
     *
     * <p><b>Cancellation:</b> only the wait ends; a listener made all the same is closed at once.
     *
     * @throws IOException if binding failed
     * @throws IllegalStateException if the worker is stopping
     */
    Listener listen(Listen listen) throws IOException {
        var result = new CompletableFuture<Listener>();
        onLoop(
                result,
                "http listen",
                (own, ctx) -> {
                    if (ctx.shuttingDown || stopSignalled()) {
                        throw new IllegalStateException("the worker loop is stopping");
                    }
                    var listener = listen.listen(own, ctx, true);
                    if (ctx.shuttingDown || stopSignalled()) {
                        // Binding awaited (a name resolution) and the stop came meanwhile: it did not see this one.
                        listener.close();
                        throw new IllegalStateException("the worker loop is stopping");
                    }
                    listeners.add(listener);
                    return listener;
                },
                listener -> {
                    // The caller stopped waiting (cancelled): nobody will own this listener, so it must not accept.
                    listeners.remove(listener);
                    listener.close();
                });
        try {
            return Asyncio.await(result);
        } catch (CompletionException e) {
            // A checked failure comes wrapped: binding's IOException is the caller's to see as it is.
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }

    /**
     * Closes one of this loop's listeners (a site closing) and waits until it is closed; nothing happens if the worker
     * stopped already (it closed its listeners then).
     *
     * <p><b>Cancellation:</b> only the wait ends; the listener is closed all the same.
     */
    void closeListener(Listener listener) {
        if (stopped.isDone()) {
            return;
        }
        var result = new CompletableFuture<@Nullable Void>();
        try {
            onLoop(
                    result,
                    "http site close",
                    (own, ctx) -> {
                        if (listeners.remove(listener)) {
                            listener.close();
                        }
                        return null;
                    },
                    none -> {});
        } catch (RuntimeException loopClosed) {
            return; // the worker ended since the check above: its stop closed the listener
        }
        // The worker stopping first leaves this undone; its stop closed the listener.
        Asyncio.await(CompletableFuture.anyOf(result, stopped).exceptionally(e -> null));
    }

    /**
     * Runs {@code body} in a task on the worker's loop and completes {@code result} with its outcome; if the caller
     * gave up on {@code result} (cancelled it) first, {@code undo} gets the value instead.
     */
    private <T extends @Nullable Object> void onLoop(
            CompletableFuture<T> result, String name, OnLoop<T> body, Consumer<T> undo) {
        var own = loop;
        var ctx = context;
        if (own == null || ctx == null) {
            throw new IllegalStateException("the worker loop is not serving");
        }
        own.callSoonThreadsafe(() -> own.createTask(name, () -> {
                    try {
                        T value = body.run(own, ctx);
                        if (!result.complete(value)) {
                            undo.accept(value);
                        }
                    } catch (Exception | Error e) {
                        result.completeExceptionally(e);
                    }
                })
                // A task cancelled before its body ran (the loop closing) must still end the wait.
                .addDoneCallback(task -> result.completeExceptionally(new CancellationException("worker stopped"))));
    }

    @FunctionalInterface
    private interface OnLoop<T extends @Nullable Object> {
        T run(EventLoop loop, ServerContext context) throws Exception;
    }

    private boolean stopSignalled() {
        var signal = stop;
        return signal != null && signal.isDone();
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
