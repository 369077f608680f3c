package io.jasyncio;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Something a task can wait for: a {@link Future} or a {@link Task} (asyncio's awaitables).
 *
 * <h2>How {@code await()} reports a failure</h2>
 * Awaiting reports a failure stored by another task or future: an unchecked exception or an error is rethrown
 * as it is (the same object, as asyncio does); a checked exception is wrapped in a {@link CompletionException}
 * whose cause is the original; cancellation throws {@link CancelledException}. {@link #exceptionNow()} always
 * returns the original exception. A body given inline ({@link Asyncio#withTimeout(java.time.Duration,
 * CheckedCallable)}, {@link Asyncio#toThread(CheckedCallable)}, ...) throws its own exceptions as they are
 * instead. The whole rule, in one place: {@code docs/design.md}, "How await() reports failures".
 *
 * <h2>Thread safety</h2>
 * Awaitables are confined to their loop: call their methods from tasks or callbacks of that loop. From another
 * thread, use {@link EventLoop#callSoonThreadsafe(Runnable)} or {@link #toCompletableFuture()}.
 *
 * @param <T> the result type
 */
public interface Awaitable<T extends @Nullable Object> {

    /**
     * Suspends the current task until this is done, then returns the result.
     *
     * <p>If it is already done, returns at once without suspending.
     *
     * <p><b>Cancellation:</b> if the awaiting task is cancelled while it waits, this awaitable is cancelled too
     * (wrap it in {@code Asyncio.shield} to prevent that) and, once it is done, the await throws
     * {@link CancelledException}. A cancellation that arrives after this completed but before the awaiting task
     * resumed is thrown here too (this awaitable keeps its result), so no code after a cancelled await runs.
     *
     * @throws CancelledException if this was cancelled or the awaiting task was
     * @throws CompletionException wrapping a checked exception this failed with
     * @throws IllegalStateException when not called from a task of this awaitable's loop
     */
    T await();

    /**
     * Returns whether this is done (with a result, an exception, or by cancellation).
     *
     * @return {@code true} when done
     */
    boolean isDone();

    /**
     * Returns whether this was cancelled.
     *
     * @return {@code true} when cancelled
     */
    boolean isCancelled();

    /**
     * Requests cancellation. See {@link #cancel(String)}.
     *
     * @return {@code false} if it was already done
     */
    default boolean cancel() {
        return cancel(null);
    }

    /**
     * Requests cancellation with a message, carried by the {@link CancelledException}.
     *
     * <p>A future is cancelled at once. A task is asked to stop: a {@link CancelledException} is thrown at its
     * current or next await point, and the task may still catch it.
     *
     * @param message the message, or {@code null}
     * @return {@code false} if it was already done
     */
    boolean cancel(@Nullable String message);

    /** Returns the state. */
    FutureState state();

    /**
     * Returns the result of a future that completed successfully.
     *
     * @throws InvalidStateException if not done
     * @throws CancelledException if cancelled
     * @throws IllegalStateException if it failed (the cause is the failure)
     */
    T resultNow();

    /**
     * Returns the exception of a future that failed, or {@code null} if it succeeded.
     *
     * @return the exception, or {@code null}
     * @throws InvalidStateException if not done
     * @throws CancelledException if cancelled
     */
    @Nullable
    Throwable exceptionNow();

    /**
     * Adds a callback to run (through {@link EventLoop#callSoon(Runnable)}) when this is done; if it is already
     * done, the callback is scheduled at once.
     *
     * @param callback receives this awaitable
     */
    void addDoneCallback(Consumer<? super Awaitable<T>> callback);

    /**
     * Removes every registration of a callback added with {@link #addDoneCallback}.
     *
     * @return how many registrations were removed
     */
    int removeDoneCallback(Consumer<? super Awaitable<T>> callback);

    /**
     * Returns a {@link CompletableFuture} completed when this is done (for code outside the loop).
     * Cancelling the returned future does not cancel this one.
     */
    CompletableFuture<T> toCompletableFuture();

    /** Returns the loop this belongs to. */
    EventLoop loop();
}
