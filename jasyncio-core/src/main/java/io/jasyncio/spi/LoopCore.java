package io.jasyncio.spi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The loop seam: the operations that futures, tasks, {@code io.jasyncio.sync} and {@code io.jasyncio.net} need from
 * a loop besides its public {@code EventLoop} methods. Every loop that {@code EventLoop.open} returns implements
 * both; library code holds the view it needs and converts with a cast ({@link #of}).
 *
 * <p>Thread rules: loop-confined unless a method says otherwise (see docs/concurrency.md).
 */
public interface LoopCore {
    /** How to wait for another loop's future, for the errors that reject awaiting it directly. */
    String OTHER_LOOP_BRIDGE = "to wait for it, call its toCompletableFuture() on its own loop (in one of its tasks or"
            + " callbacks, or through that loop's callSoonThreadsafe) and await the result here with"
            + " Asyncio.await(completableFuture)";

    /** Returns the seam of a loop ({@code io.jasyncio.EventLoop}) of jasyncio. */
    static LoopCore of(Object eventLoop) {
        if (eventLoop instanceof LoopCore core) {
            return core;
        }
        throw new IllegalArgumentException("not an event loop of jasyncio: " + eventLoop);
    }

    // ------------------------------------------------------------------------------------------------
    // who is calling

    /**
     * Throws {@link IllegalStateException} unless the caller may touch this loop's state: the loop thread, a fiber of
     * this loop (which in compatibility mode first re-attaches if a foreign blocking call detached it), or any
     * thread while the loop is not running. Any thread.
     */
    void checkThread();

    /**
     * Returns the fiber of the task calling an await; throws {@link IllegalStateException} when the caller is not a
     * task of this loop (a callback, another thread, another loop's task). Re-attaches in compatibility mode; after
     * close, abandons a task that keeps awaiting.
     */
    Fiber fiberForAwait();

    /** Throws unless the caller is a task of this loop: the check of {@link #fiberForAwait()} alone. */
    default void requireTask() {
        fiberForAwait();
    }

    /**
     * Called by library code on a fiber right after user code it called returned (or threw), before it touches
     * loop state again: in compatibility mode the user code may have been detached by a foreign blocking call, and
     * library code never runs without the run permit. A no-op in fast mode and off the loop's fibers.
     */
    void afterUserCode();

    /** Whether the loop is closed. Any thread. */
    boolean isClosed();

    /** Whether debug mode is on. */
    boolean isDebug();

    // ------------------------------------------------------------------------------------------------
    // tasks

    /** The name of the next unnamed task ({@code "Task-<n>"}). */
    String nextTaskName();

    /**
     * Returns a new fiber for {@code task} ({@code io.jasyncio.Task}), not started, whose thread runs {@code body};
     * it starts with the creator's context-variable values. Throws if the loop is closed or the caller is on another
     * thread.
     */
    Fiber newTaskFiber(Object task, String name, Runnable body);

    /** Registers a new task's fiber as live and starts it (eagerly, when the loop's options say so). */
    void startTask(Fiber fiber);

    /** Called by a task's own thread before its body runs. */
    void taskStarting(Fiber fiber);

    /** Called by a task's own thread after its body returned or threw, before the task completes. */
    void taskEnding(Fiber fiber);

    /** The context-variable values of the running task or callback of this loop, or {@code null}. */
    default @Nullable Object currentContext() {
        Fiber f = Fiber.current();
        return f != null && f.loop() == this ? f.context() : null;
    }

    // ------------------------------------------------------------------------------------------------
    // callbacks and timers

    /**
     * Schedules a user callback (it runs in the callback runner) with the given context-variable values instead of
     * the current ones (done callbacks keep the values of the code that added them, as in asyncio).
     */
    void callSoonWithContext(Runnable callback, @Nullable Object context);

    /** Schedules an internal callback: library code that never blocks, run on the carrier. After close: a no-op. */
    Cancellable callSoonInternal(Runnable callback);

    /** Schedules an internal timer at a time on the loop's clock. After close: a no-op. */
    Cancellable callAtInternal(long deadline, Runnable callback);

    /** The loop's clock, in nanoseconds. Any thread. */
    long time();

    /** Returns the loop time {@code delay} from now, saturating: huge delays mean "never". */
    default long deadlineAfter(Duration delay) {
        return Deadlines.after(time(), delay);
    }

    /** Runs code that completes a loop future, from another thread (dropped if the loop is closed). Any thread. */
    void deliverFromThread(Runnable completion);

    // ------------------------------------------------------------------------------------------------
    // failures nobody retrieved

    /** Reports a failed future whose exception nobody retrieved. Any thread (the cleaner's, too). */
    void reportUnretrieved(String message, Throwable exception);

    /**
     * Remembers a failed future's report until its exception is retrieved or reported, so that closing the loop
     * reports what is still unretrieved; the report is given a suffix saying when it is made. Any thread.
     */
    void trackUnretrieved(Consumer<String> report);

    /** Forgets a report that was retrieved or made. Any thread. */
    void untrackUnretrieved(Consumer<String> report);

    // ------------------------------------------------------------------------------------------------
    // I/O

    /** Returns a channel's registration with this loop, registering it (non-blocking) first. */
    IoSource ioSource(SelectableChannel channel) throws IOException;

    /**
     * The loop's shared direct read buffer: transports read into it and hand it to their protocol for the duration
     * of one callback (its state is whatever the last user left).
     */
    ByteBuffer readBuffer();

    // ------------------------------------------------------------------------------------------------
    // running under Asyncio.run, and parts provided by the loop

    /** Sets what an interrupt of the loop thread does while it runs (default: stop the loop). */
    void setInterruptAction(Runnable action);

    /** Waits, on a non-loop thread, until a closed loop's default executor has stopped its threads. */
    boolean awaitExecutorTermination(Duration timeout);

    /**
     * Returns this loop's implementation of a library part that API code cannot name directly (the networking of
     * {@code io.jasyncio.net}), or {@code null} if the loop has none.
     */
    <T> @Nullable T component(Class<T> type);
}
