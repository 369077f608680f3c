package io.jasyncio;

import io.jasyncio.internal.Fiber;
import io.jasyncio.internal.SelectorEventLoop;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * The entry points of jasyncio, named after asyncio's module functions.
 *
 * {@snippet :
 * public static void main(String[] args) throws Exception {
 *     List<String> pages = Asyncio.run(() -> {
 *         var a = Asyncio.createTask(() -> fetch("a"));
 *         var b = Asyncio.createTask(() -> fetch("b"));
 *         return List.of(a.await(), b.await()); // both run concurrently
 *     });
 * }
 * }
 *
 * <p>Every method except {@link #run} must be called from a task (or, where noted, a callback) of a running
 * loop; otherwise it throws {@link IllegalStateException}. Methods that suspend do so for the calling task only;
 * the loop keeps running other tasks.
 */
public final class Asyncio {
    private Asyncio() {}

    /**
     * Runs {@code main} as the main task of a new loop on this thread, then cancels the tasks left over, shuts
     * the default executor down and closes the loop (asyncio's {@code asyncio.run}). Ctrl-C (SIGINT) cancels
     * the main task when called from the JVM's main thread, and so does an interrupt of the calling thread.
     *
     * <p>Unlike {@link Awaitable#await()}, this rethrows the main task's exception as it is, checked or not.
     *
     * @param <T> the result type
     * @param main the main task's body
     * @return its result
     * @throws Exception what the main task threw ({@link CancelledException} if it was cancelled)
     * @throws IllegalStateException if called from a running loop
     */
    public static <T extends @Nullable Object> T run(AsyncCallable<T> main) throws Exception {
        return run(main, LoopOptions.defaults());
    }

    /**
     * Runs {@code main} on a new loop opened with {@code options}. See {@link #run(AsyncCallable)}.
     *
     * @param <T> the result type
     * @param main the main task's body
     * @param options the loop's options
     * @return its result
     * @throws Exception what the main task threw
     */
    public static <T extends @Nullable Object> T run(AsyncCallable<T> main, LoopOptions options) throws Exception {
        if (Fiber.current() != null) {
            throw new IllegalStateException("Asyncio.run cannot be called from a running event loop");
        }
        EventLoop loop = EventLoop.open(options);
        Task<T> task;
        try {
            task = loop.createTask("main", main);
            if (loop instanceof SelectorEventLoop sel) {
                sel.setInterruptAction(() -> task.cancel("interrupted"));
            }
            boolean onMainThread = !Thread.currentThread().isVirtual()
                    && "main".equals(Thread.currentThread().getName());
            if (onMainThread) {
                loop.addSignalHandler("INT", () -> task.cancel("interrupted (SIGINT)"));
            }
            try {
                runQuietly(loop, task);
            } finally {
                if (onMainThread) {
                    loop.removeSignalHandler("INT");
                }
            }
        } finally {
            loop.close();
            if (loop instanceof SelectorEventLoop sel) {
                sel.awaitExecutorTermination(Duration.ofSeconds(5));
            }
        }
        if (task.state() == FutureState.FAILED) {
            Throwable e = task.exceptionNow();
            if (e instanceof Exception ex) {
                throw ex;
            }
            if (e instanceof Error err) {
                throw err;
            }
        }
        return task.resultNow();
    }

    private static void runQuietly(EventLoop loop, Task<?> task) {
        try {
            loop.runUntilComplete(task);
        } catch (RuntimeException | Error e) {
            if (!task.isDone()) {
                throw e;
            }
            // the task's own outcome is reported by run()
        }
    }

    /**
     * Creates a task on the running loop.
     *
     * @param <T> the result type
     * @param body the body
     * @return the task
     */
    public static <T extends @Nullable Object> Task<T> createTask(AsyncCallable<T> body) {
        return loop().createTask(body);
    }

    /**
     * Creates a named task on the running loop.
     *
     * @param <T> the result type
     * @param name the name
     * @param body the body
     * @return the task
     */
    public static <T extends @Nullable Object> Task<T> createTask(String name, AsyncCallable<T> body) {
        return loop().createTask(name, body);
    }

    /**
     * Suspends the current task for a while; {@link Duration#ZERO} (or less) just lets the other ready tasks
     * and callbacks run first.
     *
     * <p><b>Cancellation:</b> the sleep ends at once with {@link CancelledException}; its timer is removed.
     *
     * @param duration how long
     */
    public static void sleep(Duration duration) {
        SelectorEventLoop loop = runningLoop();
        loop.currentTaskForAwait();
        Future<@Nullable Void> wake = loop.createFuture();
        long nanos = SelectorEventLoop.saturatedNanos(duration);
        if (nanos <= 0) {
            loop.callSoonInternal(() -> completeIfPending(wake));
            wake.await();
            return;
        }
        TimerHandle timer = loop.callAtInternal(loop.time() + nanos, () -> completeIfPending(wake));
        try {
            wake.await();
        } finally {
            timer.cancel();
        }
    }

    private static void completeIfPending(Future<@Nullable Void> f) {
        if (!f.isDone()) {
            f.setResult(null);
        }
    }

    /**
     * Returns the task running now, or empty when called from a callback.
     *
     * @return the current task
     * @throws IllegalStateException outside a loop
     */
    public static Optional<Task<?>> currentTask() {
        Fiber f = Fiber.current();
        if (f == null) {
            throw new IllegalStateException("no running event loop");
        }
        return Optional.ofNullable(f.task());
    }

    /**
     * Returns the running loop's tasks that are not done.
     *
     * @return a snapshot of the live tasks
     */
    public static Set<Task<?>> allTasks() {
        return loop().allTasks();
    }

    /**
     * Returns the running loop (asyncio's {@code get_running_loop}); works in tasks and callbacks.
     *
     * @return the loop
     * @throws IllegalStateException outside a loop
     */
    public static EventLoop loop() {
        return runningLoop();
    }

    private static SelectorEventLoop runningLoop() {
        Fiber f = Fiber.current();
        if (f == null) {
            throw new IllegalStateException("no running event loop: call this from a task (see Asyncio.run)");
        }
        return f.loop();
    }

    /**
     * Runs blocking work on the loop's default executor (a pool of platform threads) and suspends until it is
     * done (asyncio's {@code to_thread}).
     *
     * <p><b>Cancellation:</b> the await ends with {@link CancelledException}; the work already running goes on
     * in its thread and its result is dropped.
     *
     * @param <T> the result type
     * @param work the blocking work
     * @return its result
     * @throws CompletionException wrapping a checked exception the work threw
     */
    public static <T extends @Nullable Object> T toThread(Callable<T> work) {
        return loop().runInExecutor(null, work).await();
    }

    /**
     * Suspends the current task until a {@link CompletionStage} (a {@link CompletableFuture}, say) completes.
     *
     * <p><b>Cancellation:</b> the await ends with {@link CancelledException} and the stage is cancelled when
     * it is a {@link CompletableFuture}.
     *
     * @param <T> the result type
     * @param stage the stage
     * @return its result
     * @throws CompletionException wrapping a checked exception the stage failed with
     */
    public static <T extends @Nullable Object> T await(CompletionStage<T> stage) {
        SelectorEventLoop loop = runningLoop();
        loop.currentTaskForAwait();
        Future<T> f = loop.createFuture();
        stage.whenComplete((value, error) -> loop.deliverFromThread(() -> {
            if (f.isDone()) {
                return;
            }
            Throwable e = error instanceof CompletionException || error instanceof ExecutionException
                    ? error.getCause()
                    : error;
            if (error instanceof CancellationException || e instanceof CancellationException) {
                f.cancel();
            } else if (e != null) {
                f.setException(e);
            } else {
                f.setResult(value);
            }
        }));
        try {
            return f.await();
        } catch (CancelledException e) {
            if (stage instanceof CompletableFuture<?> cf) {
                cf.cancel(false);
            }
            throw e;
        }
    }
}
