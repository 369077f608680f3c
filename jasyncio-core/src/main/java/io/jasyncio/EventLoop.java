package io.jasyncio;

import io.jasyncio.internal.SelectorEventLoop;
import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * An event loop: one carrier thread that runs tasks, callbacks, timers and I/O readiness, one step at a time
 * (asyncio's {@code AbstractEventLoop}).
 *
 * <p>Most programs never touch a loop directly: {@link Asyncio#run(CheckedCallable)} creates one, runs the main
 * task and closes it. Use the loop for the callback layer ({@link #callSoon}, {@link #callLater}), for bridging
 * other threads ({@link #callSoonThreadsafe}, {@link #runInExecutor}) and for running a loop by hand:
 *
 * {@snippet :
 * try (EventLoop loop = EventLoop.open()) {
 *     Task<Integer> t = loop.createTask(() -> 6 * 7);
 *     int answer = loop.runUntilComplete(t);
 * }
 * }
 *
 * <h2>Threads</h2>
 * A loop runs on the thread that calls {@link #runUntilComplete} or {@link #runForever} (a platform thread is
 * started for it when the caller is virtual). Every method is loop-confined unless it says otherwise: call it
 * from a task or callback of this loop, or while the loop is not running. {@link #callSoonThreadsafe},
 * {@link #stop()}, {@link #time()}, {@link #isRunning()} and {@link #isClosed()} may be called from any thread.
 * Loop-confined methods check the thread and throw {@link IllegalStateException} when called from elsewhere.
 */
public interface EventLoop extends AutoCloseable {

    /**
     * Opens a new loop with the default options.
     *
     * @return the loop
     */
    static EventLoop open() {
        return open(LoopOptions.defaults());
    }

    /**
     * Opens a new loop from the provider named in the options.
     *
     * @param options the options
     * @return the loop
     * @throws IllegalArgumentException if no provider has that name
     */
    static EventLoop open(LoopOptions options) {
        if (options.provider().equals(SelectorEventLoop.PROVIDER_NAME)) {
            return new SelectorEventLoop(options);
        }
        for (EventLoopProvider p : ServiceLoader.load(EventLoopProvider.class)) {
            if (p.name().equals(options.provider())) {
                return p.open(options);
            }
        }
        throw new IllegalArgumentException("no event loop provider named '" + options.provider() + "'");
    }

    /**
     * Schedules a callback to run on the next iteration, after the callbacks already scheduled (FIFO).
     *
     * @param callback the callback; an exception it throws goes to the exception handler
     * @return a handle to cancel it
     */
    Handle callSoon(Runnable callback);

    /**
     * Schedules a callback from any thread and wakes the loop. Thread-safe.
     *
     * @param callback the callback
     * @return a handle to cancel it (from the loop)
     */
    Handle callSoonThreadsafe(Runnable callback);

    /**
     * Schedules a callback after a delay; callbacks due at the same time run in the order they were scheduled.
     *
     * @param delay the delay (zero or negative: as soon as possible, after earlier timers)
     * @param callback the callback
     * @return a handle to cancel it
     */
    TimerHandle callLater(Duration delay, Runnable callback);

    /**
     * Schedules a callback at a time on the loop's clock.
     *
     * @param deadline the time, in {@link #time()} nanoseconds
     * @param callback the callback
     * @return a handle to cancel it
     */
    TimerHandle callAt(long deadline, Runnable callback);

    /**
     * Returns the loop's clock in nanoseconds (monotonic; virtual in tests). Thread-safe.
     *
     * @return now, on the loop's clock
     */
    long time();

    /**
     * Creates a pending future bound to this loop.
     *
     * @param <T> the result type
     * @return the future
     */
    <T extends @Nullable Object> Future<T> createFuture();

    /**
     * Creates and schedules a task; it starts on a later iteration (or at once up to its first suspension, with
     * {@link LoopOptions#eagerTasks()}). The loop keeps it alive until it ends, even if nobody references it.
     *
     * @param <T> the result type
     * @param body the task's body
     * @return the task
     */
    <T extends @Nullable Object> Task<T> createTask(AsyncCallable<T> body);

    /**
     * Creates and schedules a named task.
     *
     * @param <T> the result type
     * @param name the name, shown in dumps and {@code toString}
     * @param body the task's body
     * @return the task
     */
    <T extends @Nullable Object> Task<T> createTask(String name, AsyncCallable<T> body);

    /**
     * Creates and schedules a task that returns nothing (its result is {@code null}); see
     * {@link #createTask(AsyncCallable)}.
     *
     * @param body the task's body
     * @return the task
     */
    default Task<@Nullable Void> createTask(AsyncRunnable body) {
        return createTask(voidBody(body));
    }

    /**
     * Creates and schedules a named task that returns nothing.
     *
     * @param name the name, shown in dumps and {@code toString}
     * @param body the task's body
     * @return the task
     */
    default Task<@Nullable Void> createTask(String name, AsyncRunnable body) {
        return createTask(name, voidBody(body));
    }

    private static AsyncCallable<@Nullable Void> voidBody(AsyncRunnable body) {
        return () -> {
            body.run();
            return null;
        };
    }

    /**
     * Runs the loop on the calling thread until the awaitable is done, then returns its result.
     *
     * @param <T> the result type
     * @param awaitable the future or task
     * @return its result
     * @throws CancelledException if it was cancelled
     * @throws java.util.concurrent.CompletionException wrapping a checked exception it failed with (unchecked
     *     ones are rethrown as they are)
     * @throws IllegalStateException if the loop is running or closed
     */
    <T extends @Nullable Object> T runUntilComplete(Awaitable<T> awaitable);

    /**
     * Runs the loop on the calling thread until {@link #stop()} is called.
     *
     * @throws IllegalStateException if the loop is running or closed
     */
    void runForever();

    /**
     * Asks a running loop to stop after the callbacks already scheduled have run. Thread-safe.
     */
    void stop();

    /**
     * Closes the loop: cancels every live task, runs the loop until they end (for at most
     * {@link LoopOptions#closeTimeout()}), then releases the selector and the default executor. Idempotent.
     *
     * @throws IllegalStateException if the loop is running
     */
    @Override
    void close();

    /**
     * Returns whether the loop is running. Thread-safe.
     *
     * @return {@code true} while running
     */
    boolean isRunning();

    /**
     * Returns whether the loop was closed. Thread-safe.
     *
     * @return {@code true} once closed
     */
    boolean isClosed();

    /**
     * Returns how this loop runs its tasks.
     *
     * @return the scheduling mode
     */
    SchedulingMode schedulingMode();

    /**
     * Runs blocking work on an executor and returns a future for its result (asyncio's
     * {@code run_in_executor}).
     *
     * <p><b>Cancellation:</b> cancelling the returned future does not stop the work already running; its
     * result is then dropped.
     *
     * @param <T> the result type
     * @param executor the executor, or {@code null} for the loop's default executor (a pool of platform
     *     threads)
     * @param work the blocking work
     * @return a future completed on the loop with the work's outcome
     */
    <T extends @Nullable Object> Future<T> runInExecutor(@Nullable Executor executor, Callable<T> work);

    /**
     * Replaces the default executor used by {@link #runInExecutor} with {@code null}.
     *
     * @param executor the executor; the loop shuts it down on close
     */
    void setDefaultExecutor(ExecutorService executor);

    /**
     * Shuts the default executor down and suspends the calling task until its threads finish or the timeout
     * passes (asyncio's {@code shutdown_default_executor}).
     *
     * <p><b>Cancellation:</b> the executor stays shut down; only the wait ends.
     *
     * @param timeout how long to wait
     * @return {@code true} if every thread finished in time
     */
    boolean shutdownDefaultExecutor(Duration timeout);

    /**
     * Sets the handler for errors that have no caller to go to, or {@code null} for the default, which logs
     * them through {@link System.Logger}.
     *
     * <p>The handler is user code, so it never runs on the loop's bare carrier thread: it runs in the task or
     * callback that reported the error, and otherwise (errors the loop itself finds, "exception was never
     * retrieved" reports from the garbage collector) as a callback of the loop, in its callback runner. Once the
     * loop is closed nothing can run it: reports are then logged the way the default handler does.
     *
     * @param handler the handler
     */
    void setExceptionHandler(@Nullable ExceptionHandler handler);

    /**
     * Returns the handler set with {@link #setExceptionHandler}, or {@code null}.
     *
     * @return the handler
     */
    @Nullable
    ExceptionHandler exceptionHandler();

    /**
     * Passes an error to the exception handler (or the default one). Never throws. Called from a task or callback
     * of this loop, the handler runs at once, in the caller; from anywhere else it is scheduled as a callback (see
     * {@link #setExceptionHandler}).
     *
     * @param context what happened
     */
    void callExceptionHandler(ExceptionContext context);

    /**
     * Logs an error the way the default exception handler does (for handlers that want to chain to it).
     *
     * @param context what happened
     */
    void defaultExceptionHandler(ExceptionContext context);

    /**
     * Turns debug mode on or off (see {@link LoopOptions#debug()}).
     *
     * @param debug debug mode
     */
    void setDebug(boolean debug);

    /**
     * Returns whether debug mode is on.
     *
     * @return debug mode
     */
    boolean isDebug();

    /**
     * Returns the duration above which debug mode logs a slow step.
     *
     * @return the threshold
     */
    Duration slowCallbackDuration();

    /**
     * Sets the duration above which debug mode logs a slow step.
     *
     * @param duration the threshold
     */
    void setSlowCallbackDuration(Duration duration);

    /**
     * Runs a callback on this loop whenever the process receives a signal ({@code "INT"}, {@code "TERM"},
     * {@code "HUP"}, ...), replacing any earlier handler for it. Thread-safe registration.
     *
     * @param signal the signal name without {@code SIG}
     * @param callback the callback, run on the loop
     * @throws IllegalArgumentException if the JVM does not allow handling that signal
     */
    void addSignalHandler(String signal, Runnable callback);

    /**
     * Removes a handler added with {@link #addSignalHandler}, restoring the previous one.
     *
     * @param signal the signal name
     * @return {@code true} if a handler was removed
     */
    boolean removeSignalHandler(String signal);

    /**
     * Runs a callback on the loop every time the channel is readable, until {@link #removeReader}. The channel
     * is switched to non-blocking mode.
     *
     * @param channel the channel
     * @param callback the callback
     */
    void addReader(SelectableChannel channel, Runnable callback);

    /**
     * Stops watching a channel for readability.
     *
     * @param channel the channel
     * @return {@code true} if it was watched
     */
    boolean removeReader(SelectableChannel channel);

    /**
     * Runs a callback on the loop every time the channel is writable, until {@link #removeWriter}.
     *
     * @param channel the channel
     * @param callback the callback
     */
    void addWriter(SelectableChannel channel, Runnable callback);

    /**
     * Stops watching a channel for writability.
     *
     * @param channel the channel
     * @return {@code true} if it was watched
     */
    boolean removeWriter(SelectableChannel channel);

    /**
     * Returns the tasks of this loop that are not done.
     *
     * @return a snapshot of the live tasks
     */
    Set<Task<?>> allTasks();

    /**
     * Describes every live task with its state and the stack where it waits (debugging aid).
     *
     * @return a multi-line report
     */
    String dumpTasks();

    // ------------------------------------------------------------------------------------------------
    // Networking (issue #5): transports, protocols, servers and low-level socket calls. Every method here
    // suspends the calling task (call it from a task of this loop) and is loop-confined.

    /**
     * Connects to {@code host:port} and wires the connection to a protocol made by {@code factory} (asyncio's
     * {@code create_connection}). The name is resolved off the loop (in the default executor); every
     * resolved address is tried in turn, or raced with Happy Eyeballs when
     * {@link io.jasyncio.net.ConnectOptions#happyEyeballsDelay()} is set.
     *
     * <p><b>Cancellation:</b> a half-made connection is closed; nothing leaks.
     *
     * @param <P> the protocol type ({@link io.jasyncio.net.Protocol} or {@link io.jasyncio.net.BufferedProtocol})
     * @param factory makes the protocol
     * @param host a host name or literal address
     * @param port the port
     * @param options local address, timeout, Happy Eyeballs
     * @return the transport and the protocol, once {@code connectionMade} has run
     * @throws java.io.IOException if resolution or every attempt failed ({@link java.net.SocketTimeoutException}
     *     when the connect timeout passed); the message names the host and port, the cause is the JDK's exception
     *     of the same type ({@link java.net.ConnectException} "Connection refused: 127.0.0.1:8888")
     */
    default <P extends io.jasyncio.net.BaseProtocol>
            io.jasyncio.net.Connected<io.jasyncio.net.Transport, P> createConnection(
                    java.util.function.Supplier<P> factory,
                    String host,
                    int port,
                    io.jasyncio.net.ConnectOptions options)
                    throws java.io.IOException {
        return io.jasyncio.internal.net.Connections.createConnection(this, factory, host, port, options);
    }

    /**
     * Connects with the default options; see {@link #createConnection(java.util.function.Supplier, String, int,
     * io.jasyncio.net.ConnectOptions)}.
     *
     * <p><b>Cancellation:</b> a half-made connection is closed.
     *
     * @param <P> the protocol type
     * @param factory makes the protocol
     * @param host a host name or literal address
     * @param port the port
     * @return the transport and the protocol
     * @throws java.io.IOException if the connection failed
     */
    default <P extends io.jasyncio.net.BaseProtocol>
            io.jasyncio.net.Connected<io.jasyncio.net.Transport, P> createConnection(
                    java.util.function.Supplier<P> factory, String host, int port) throws java.io.IOException {
        return createConnection(factory, host, port, io.jasyncio.net.ConnectOptions.defaults());
    }

    /**
     * Listens on every address {@code host} resolves to ({@code null}: all interfaces) and gives each accepted
     * connection a protocol made by {@code factory} (asyncio's {@code create_server}).
     *
     * <p><b>Cancellation:</b> only name resolution waits; cancelling it binds nothing.
     *
     * @param factory makes a protocol per connection
     * @param host the host, or {@code null} for all interfaces
     * @param port the port (0: the system chooses; see {@link io.jasyncio.net.Server#port()})
     * @param options backlog, address reuse, whether to start serving
     * @return the server
     * @throws java.io.IOException if resolution or binding failed; the message names the host and port
     *     ({@link java.net.BindException} "Address already in use: 127.0.0.1:8888")
     */
    default io.jasyncio.net.Server createServer(
            java.util.function.Supplier<? extends io.jasyncio.net.BaseProtocol> factory,
            @Nullable String host,
            int port,
            io.jasyncio.net.ServerOptions options)
            throws java.io.IOException {
        return io.jasyncio.internal.net.Servers.createServer(this, factory, host, port, options);
    }

    /**
     * Listens with the default options; see {@link #createServer(java.util.function.Supplier, String, int,
     * io.jasyncio.net.ServerOptions)}.
     *
     * <p><b>Cancellation:</b> only name resolution waits.
     *
     * @param factory makes a protocol per connection
     * @param host the host, or {@code null} for all interfaces
     * @param port the port
     * @return the server
     * @throws java.io.IOException if binding failed
     */
    default io.jasyncio.net.Server createServer(
            java.util.function.Supplier<? extends io.jasyncio.net.BaseProtocol> factory,
            @Nullable String host,
            int port)
            throws java.io.IOException {
        return createServer(factory, host, port, io.jasyncio.net.ServerOptions.defaults());
    }

    /**
     * Connects to a Unix domain socket (asyncio's {@code create_unix_connection}).
     *
     * <p><b>Cancellation:</b> a half-made connection is closed.
     *
     * @param <P> the protocol type
     * @param factory makes the protocol
     * @param path the socket file
     * @return the transport and the protocol
     * @throws java.io.IOException if the connection failed
     */
    default <P extends io.jasyncio.net.BaseProtocol>
            io.jasyncio.net.Connected<io.jasyncio.net.Transport, P> createUnixConnection(
                    java.util.function.Supplier<P> factory, java.nio.file.Path path) throws java.io.IOException {
        return io.jasyncio.internal.net.Connections.createUnixConnection(this, factory, path);
    }

    /**
     * Listens on a Unix domain socket (asyncio's {@code create_unix_server}); a stale socket file left by a dead
     * server is removed first, and closing the server removes the file.
     *
     * <p><b>Cancellation:</b> does not wait.
     *
     * @param factory makes a protocol per connection
     * @param path the socket file
     * @param options backlog, whether to start serving
     * @return the server
     * @throws java.io.IOException if binding failed (another server listens there, say)
     */
    default io.jasyncio.net.Server createUnixServer(
            java.util.function.Supplier<? extends io.jasyncio.net.BaseProtocol> factory,
            java.nio.file.Path path,
            io.jasyncio.net.ServerOptions options)
            throws java.io.IOException {
        return io.jasyncio.internal.net.Servers.createUnixServer(this, factory, path, options);
    }

    /**
     * Opens a UDP endpoint (asyncio's {@code create_datagram_endpoint}).
     *
     * <p><b>Cancellation:</b> does not wait (literal addresses) or closes the socket.
     *
     * @param <P> the protocol type
     * @param factory makes the protocol
     * @param local the address to bind, or {@code null} for an ephemeral one
     * @param remote the peer to connect to, or {@code null} for an unconnected endpoint
     * @param options broadcast and address reuse
     * @return the transport and the protocol, once {@code connectionMade} has run
     * @throws java.io.IOException if the socket could not be opened, bound or connected
     */
    default <P extends io.jasyncio.net.DatagramProtocol>
            io.jasyncio.net.Connected<io.jasyncio.net.DatagramTransport, P> createDatagramEndpoint(
                    java.util.function.Supplier<P> factory,
                    java.net.@Nullable SocketAddress local,
                    java.net.@Nullable SocketAddress remote,
                    io.jasyncio.net.DatagramOptions options)
                    throws java.io.IOException {
        return io.jasyncio.internal.net.Datagrams.createEndpoint(this, factory, local, remote, options);
    }

    /**
     * Reads from a socket, waiting until at least one byte or end of file arrives (asyncio's
     * {@code sock_recv_into}).
     *
     * <p><b>Cancellation:</b> no bytes are lost: nothing is read unless the call returns.
     *
     * @param socket the socket (switched to non-blocking mode)
     * @param buffer where to read
     * @return the bytes read, or -1 at end of file
     * @throws java.io.IOException if the read failed
     */
    default int sockRecv(java.nio.channels.SocketChannel socket, java.nio.ByteBuffer buffer)
            throws java.io.IOException {
        return io.jasyncio.internal.net.Sockets.sockRecv(this, socket, buffer);
    }

    /**
     * Sends a whole buffer, waiting while the socket is full (asyncio's {@code sock_sendall}).
     *
     * <p><b>Cancellation:</b> the buffer's position tells how much was sent.
     *
     * @param socket the socket
     * @param buffer the bytes
     * @throws java.io.IOException if a write failed
     */
    default void sockSendAll(java.nio.channels.SocketChannel socket, java.nio.ByteBuffer buffer)
            throws java.io.IOException {
        io.jasyncio.internal.net.Sockets.sockSendAll(this, socket, buffer);
    }

    /**
     * Accepts one connection, waiting for it (asyncio's {@code sock_accept}).
     *
     * <p><b>Cancellation:</b> no connection is lost; a later accept gets it.
     *
     * @param listener the listening socket
     * @return the connection, in non-blocking mode
     * @throws java.io.IOException if accepting failed
     */
    default java.nio.channels.SocketChannel sockAccept(java.nio.channels.ServerSocketChannel listener)
            throws java.io.IOException {
        return io.jasyncio.internal.net.Sockets.sockAccept(this, listener);
    }

    /**
     * Connects a socket, waiting until the connection is made (asyncio's {@code sock_connect}).
     *
     * <p><b>Cancellation:</b> the socket is left half-connected; close it.
     *
     * @param socket the socket
     * @param address where to
     * @throws java.io.IOException if the connection failed
     */
    default void sockConnect(java.nio.channels.SocketChannel socket, java.net.SocketAddress address)
            throws java.io.IOException {
        io.jasyncio.internal.net.Sockets.sockConnect(this, socket, address);
    }

    /**
     * Sends part of a file over a stream transport (asyncio's {@code sendfile}): zero-copy
     * {@code FileChannel.transferTo} straight to the socket when possible, else reads and writes chunks.
     * Waits until everything was handed to the socket. Meanwhile the transport's {@code write} throws
     * {@link IllegalStateException} (as asyncio's does), so nothing is spliced into the file's bytes.
     *
     * <p><b>Cancellation:</b> stops between chunks; the file's bytes sent so far stay sent.
     *
     * @param transport a TCP or Unix transport of this loop
     * @param file the file
     * @param offset where to start in the file (at or past its end, nothing is sent)
     * @param count how many bytes, or a negative number (or more than the file has) for up to the end
     * @return how many bytes were sent
     * @throws java.io.IOException if reading the file or writing the socket failed
     * @throws IllegalArgumentException if {@code offset} is negative
     */
    default long sendfile(
            io.jasyncio.net.Transport transport, java.nio.channels.FileChannel file, long offset, long count)
            throws java.io.IOException {
        return io.jasyncio.internal.net.SendFile.send(this, transport, file, offset, count);
    }
}
