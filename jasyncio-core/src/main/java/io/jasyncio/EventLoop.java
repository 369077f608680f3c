package io.jasyncio;

import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
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
 * <p>Its networking (asyncio's {@code loop.create_connection}, {@code loop.create_server}, {@code loop.sock_*},
 * {@code loop.sendfile}) is {@code io.jasyncio.net.Networking.of(loop)}.
 *
 * <h2>Threads</h2>
 * A loop runs on the thread that calls {@link #runUntilComplete} or {@link #runForever} (a platform thread is
 * started for it when the caller is virtual); in {@link SchedulingMode#COMPAT compatibility mode} it runs on a
 * virtual thread of its own, which the caller waits for. Every method is loop-confined unless it says otherwise: call it
 * from a task or callback of this loop, or while the loop is not running. {@link #callSoonThreadsafe},
 * {@link #stop()}, {@link #time()}, {@link #isRunning()} and {@link #isClosed()} may be called from any thread.
 * Loop-confined methods check the thread and throw {@link IllegalStateException} when called from elsewhere.
 *
 * <p>jasyncio's own loop is the only implementation: open one with {@link #open()}; futures, tasks and
 * transports rely on its internals.
 */
public interface EventLoop extends AutoCloseable {

    /** Opens a new loop with the default options. */
    static EventLoop open() {
        return open(LoopOptions.defaults());
    }

    /** Opens a new, not yet running loop. */
    static EventLoop open(LoopOptions options) {
        return Seam.open(options);
    }

    /**
     * Schedules a callback to run on the next iteration, after the callbacks already scheduled (FIFO); an exception
     * it throws goes to the exception handler.
     *
     * @return a handle to cancel it
     */
    Handle callSoon(Runnable callback);

    /**
     * Schedules a callback from any thread and wakes the loop. Thread-safe.
     *
     * @return a handle to cancel it (from the loop)
     */
    Handle callSoonThreadsafe(Runnable callback);

    /**
     * Schedules a callback after a delay (zero or negative: as soon as possible, after earlier timers); callbacks due
     * at the same time run in the order they were scheduled.
     *
     * @return a handle to cancel it
     */
    TimerHandle callLater(Duration delay, Runnable callback);

    /**
     * Schedules a callback at a time on the loop's clock ({@link #time()} nanoseconds).
     *
     * @return a handle to cancel it
     */
    TimerHandle callAt(long deadline, Runnable callback);

    /** Returns the loop's clock in nanoseconds (monotonic; virtual in tests). Thread-safe. */
    long time();

    /** Creates a pending future bound to this loop. */
    default <T extends @Nullable Object> Future<T> createFuture() {
        return new Future<>(Seam.core(this));
    }

    /**
     * Creates and schedules a task; it starts on a later iteration (or at once up to its first suspension, with
     * {@link LoopOptions#eagerTasks()}). The loop keeps it alive until it ends, even if nobody references it.
     */
    default <T extends @Nullable Object> Task<T> createTask(AsyncCallable<T> body) {
        return createTask(Seam.core(this).nextTaskName(), body);
    }

    /** Creates and schedules a task named {@code name} (shown in dumps and {@code toString}). */
    default <T extends @Nullable Object> Task<T> createTask(String name, AsyncCallable<T> body) {
        return Task.start(Seam.core(this), name, body);
    }

    /** Creates and schedules a task that returns nothing (its result is {@code null}). */
    default Task<@Nullable Void> createTask(AsyncRunnable body) {
        return createTask(voidBody(body));
    }

    /** Creates and schedules a named task that returns nothing. */
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
     * @throws CancelledException if it was cancelled
     * @throws java.util.concurrent.CompletionException wrapping a checked exception it failed with (unchecked
     *     ones are rethrown as they are)
     * @throws IllegalStateException if the loop is running or closed
     */
    default <T extends @Nullable Object> T runUntilComplete(Awaitable<T> awaitable) {
        if (awaitable.loop() != this) {
            throw new IllegalArgumentException("the awaitable belongs to another loop");
        }
        if (!awaitable.isDone()) {
            // Only this run may be stopped by the awaitable: when the run ends early (someone else called stop), a
            // callback left on the awaitable, or already queued by its completion, would stop a later, unrelated
            // run. So remove it, and make a queued one harmless.
            boolean[] thisRun = {true};
            Consumer<Awaitable<T>> stopThisRun = f -> {
                if (thisRun[0]) {
                    stop();
                }
            };
            awaitable.addDoneCallback(stopThisRun);
            try {
                runForever();
            } finally {
                thisRun[0] = false;
                awaitable.removeDoneCallback(stopThisRun);
            }
        }
        if (!awaitable.isDone()) {
            throw new IllegalStateException("event loop stopped before the awaitable completed");
        }
        return Completion.report(awaitable);
    }

    /**
     * Runs the loop on the calling thread until {@link #stop()} is called.
     *
     * @throws IllegalStateException if the loop is running or closed
     */
    void runForever();

    /** Asks a running loop to stop after the callbacks already scheduled have run. Thread-safe. */
    void stop();

    /**
     * Closes the loop: cancels every live task, runs the loop until they end (for at most
     * {@link LoopOptions#closeTimeout()}), then releases the selector and the default executor. Idempotent.
     *
     * @throws IllegalStateException if the loop is running
     */
    @Override
    void close();

    /** Returns whether the loop is running. Thread-safe. */
    boolean isRunning();

    /** Returns whether the loop was closed. Thread-safe. */
    boolean isClosed();

    /** Returns how this loop runs its tasks. */
    SchedulingMode schedulingMode();

    /**
     * Runs blocking work on an executor ({@code null}: the loop's default executor, a pool of platform threads) and
     * returns a future completed on the loop with the work's outcome (asyncio's {@code run_in_executor}).
     *
     * <p><b>Cancellation:</b> cancelling the returned future does not stop the work already running; its
     * result is then dropped.
     */
    <T extends @Nullable Object> Future<T> runInExecutor(@Nullable Executor executor, Callable<T> work);

    /** Replaces the default executor used by {@link #runInExecutor}; the loop shuts it down on close. */
    void setDefaultExecutor(ExecutorService executor);

    /**
     * Shuts the default executor down and suspends the calling task until its threads finish or the timeout
     * passes (asyncio's {@code shutdown_default_executor}).
     *
     * <p><b>Cancellation:</b> the executor stays shut down; only the wait ends.
     *
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
     */
    void setExceptionHandler(@Nullable ExceptionHandler handler);

    /** Returns the handler set with {@link #setExceptionHandler}, or {@code null}. */
    @Nullable
    ExceptionHandler exceptionHandler();

    /**
     * Passes an error to the exception handler (or the default one). Never throws. Called from a task or callback
     * of this loop, the handler runs at once, in the caller; from anywhere else it is scheduled as a callback (see
     * {@link #setExceptionHandler}).
     */
    void callExceptionHandler(ExceptionContext context);

    /** Logs an error the way the default exception handler does (for handlers that want to chain to it). */
    void defaultExceptionHandler(ExceptionContext context);

    /** Turns debug mode on or off (see {@link LoopOptions#debug()}). */
    void setDebug(boolean debug);

    /** Returns whether debug mode is on. */
    boolean isDebug();

    /** Returns the duration above which debug mode logs a slow step. */
    Duration slowCallbackDuration();

    /** Sets the duration above which debug mode logs a slow step. */
    void setSlowCallbackDuration(Duration duration);

    /**
     * Runs a callback on this loop whenever the process receives a signal ({@code "INT"}, {@code "TERM"},
     * {@code "HUP"}, ... without {@code SIG}), replacing any earlier handler for it. Thread-safe registration.
     *
     * @throws IllegalArgumentException if the JVM does not allow handling that signal
     */
    void addSignalHandler(String signal, Runnable callback);

    /**
     * Removes a handler added with {@link #addSignalHandler}, restoring the previous one.
     *
     * @return {@code true} if a handler was removed
     */
    boolean removeSignalHandler(String signal);

    /**
     * Runs a callback on the loop every time the channel is readable, until {@link #removeReader}. The channel
     * is switched to non-blocking mode.
     */
    void addReader(SelectableChannel channel, Runnable callback);

    /**
     * Stops watching a channel for readability.
     *
     * @return {@code true} if it was watched
     */
    boolean removeReader(SelectableChannel channel);

    /** Runs a callback on the loop every time the channel is writable, until {@link #removeWriter}. */
    void addWriter(SelectableChannel channel, Runnable callback);

    /**
     * Stops watching a channel for writability.
     *
     * @return {@code true} if it was watched
     */
    boolean removeWriter(SelectableChannel channel);

    /** Returns a snapshot of the tasks of this loop that are not done. */
    Set<Task<?>> allTasks();

    /** Describes every live task with its state and the stack where it waits (a multi-line debugging aid). */
    String dumpTasks();
}
