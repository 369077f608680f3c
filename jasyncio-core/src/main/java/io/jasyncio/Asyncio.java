package io.jasyncio;

import io.jasyncio.internal.Fiber;
import io.jasyncio.internal.SelectorEventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
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
        TimerHandle timer = loop.callAtInternal(loop.deadlineAfter(duration), () -> completeIfPending(wake));
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

    // ------------------------------------------------------------------------------------------------
    // Composition: timeouts, shield, gather, wait, asCompleted (issue #4)

    /**
     * Runs {@code body} in the current task with a time limit (asyncio's {@code async with timeout(d)}).
     *
     * {@snippet :
     * String page = Asyncio.withTimeout(Duration.ofSeconds(10), () -> fetch(url));
     * }
     *
     * <p>When the limit passes, the body's task is cancelled: the body sees a {@link CancelledException} at its
     * current await, and once it has ended this method throws {@link TimeoutException}. Only this scope's own
     * expiry becomes a {@code TimeoutException}: a cancellation from elsewhere (the task's owner, an enclosing
     * scope) propagates unchanged, so nested scopes report correctly. A body that still returns normally (it
     * finished as the timer fired, or it caught the cancellation) keeps its result. See {@link Timeout}.
     *
     * <p><b>Cancellation:</b> cancelling the task cancels the body as usual; the {@link CancelledException}
     * propagates.
     *
     * @param <T> the result type
     * @param timeout the limit; zero or negative expires at the loop's next iteration
     * @param body the body
     * @return the body's result
     * @throws TimeoutException if this scope's limit passed and the body ended by the resulting cancellation
     * @throws java.util.concurrent.CompletionException wrapping a checked exception of the body (other than a
     *     {@code TimeoutException}, which passes as it is)
     */
    public static <T extends @Nullable Object> T withTimeout(Duration timeout, AsyncCallable<T> body)
            throws TimeoutException {
        return withTimeout(timeout, scope -> body.call());
    }

    /**
     * Like {@link #withTimeout(Duration, AsyncCallable)}, giving the body its {@link Timeout} scope so that it
     * can move the deadline ({@link Timeout#reschedule(Duration)}).
     *
     * <p><b>Cancellation:</b> as {@link #withTimeout(Duration, AsyncCallable)}.
     *
     * @param <T> the result type
     * @param timeout the limit
     * @param body the body
     * @return the body's result
     * @throws TimeoutException if this scope's deadline passed and the body ended by the resulting cancellation
     */
    @SuppressWarnings({"unchecked", "NullAway"}) // the body's result, a T
    public static <T extends @Nullable Object> T withTimeout(Duration timeout, Timeout.Body<T> body)
            throws TimeoutException {
        return (T) Timeout.run(true, Timeout.deadlineAfter(runningLoop(), timeout), body, true);
    }

    /**
     * Like {@link #withTimeout(Duration, AsyncCallable)} with an absolute deadline on the loop's clock
     * (asyncio's {@code timeout_at}).
     *
     * <p><b>Cancellation:</b> as {@link #withTimeout(Duration, AsyncCallable)}.
     *
     * @param <T> the result type
     * @param loopTimeNanos the deadline, in {@link EventLoop#time()} nanoseconds
     * @param body the body
     * @return the body's result
     * @throws TimeoutException if the deadline passed and the body ended by the resulting cancellation
     */
    public static <T extends @Nullable Object> T withDeadline(long loopTimeNanos, AsyncCallable<T> body)
            throws TimeoutException {
        return withDeadline(loopTimeNanos, scope -> body.call());
    }

    /**
     * Like {@link #withDeadline(long, AsyncCallable)}, giving the body its {@link Timeout} scope.
     *
     * <p><b>Cancellation:</b> as {@link #withTimeout(Duration, AsyncCallable)}.
     *
     * @param <T> the result type
     * @param loopTimeNanos the deadline, in {@link EventLoop#time()} nanoseconds
     * @param body the body
     * @return the body's result
     * @throws TimeoutException if the deadline passed and the body ended by the resulting cancellation
     */
    @SuppressWarnings({"unchecked", "NullAway"}) // the body's result, a T
    public static <T extends @Nullable Object> T withDeadline(long loopTimeNanos, Timeout.Body<T> body)
            throws TimeoutException {
        return (T) Timeout.run(true, loopTimeNanos, body, true);
    }

    /**
     * Runs {@code body} with a time limit and, when the limit cancels it, just returns {@code null} (Trio's
     * {@code move_on_after}). Use the {@link Timeout.Body} overload to tell an expiry from a {@code null}
     * result ({@link Timeout#expired()}).
     *
     * {@snippet :
     * String extra = Asyncio.moveOnAfter(Duration.ofMillis(200), () -> fetchOptionalExtra());
     * if (extra == null) { ... } // took too long: carry on without it
     * }
     *
     * <p><b>Cancellation:</b> as {@link #withTimeout(Duration, AsyncCallable)}: only this scope's own expiry is
     * absorbed.
     *
     * @param <T> the result type
     * @param timeout the limit
     * @param body the body
     * @return the body's result, or {@code null} when the limit cancelled it
     */
    public static <T extends @Nullable Object> @Nullable T moveOnAfter(Duration timeout, AsyncCallable<T> body) {
        return moveOnAfter(timeout, scope -> body.call());
    }

    /**
     * Like {@link #moveOnAfter(Duration, AsyncCallable)}, giving the body its {@link Timeout} scope.
     *
     * <p><b>Cancellation:</b> as {@link #withTimeout(Duration, AsyncCallable)}.
     *
     * @param <T> the result type
     * @param timeout the limit
     * @param body the body
     * @return the body's result, or {@code null} when the limit cancelled it
     */
    @SuppressWarnings("unchecked")
    public static <T extends @Nullable Object> @Nullable T moveOnAfter(Duration timeout, Timeout.Body<T> body) {
        try {
            Object r = Timeout.run(true, Timeout.deadlineAfter(runningLoop(), timeout), body, false);
            return r == Timeout.MOVED_ON ? null : (T) r;
        } catch (TimeoutException e) {
            throw new CompletionException(e); // an inner scope's timeout
        }
    }

    /**
     * Waits for an awaitable with a time limit (asyncio's {@code wait_for}); on expiry the awaitable is
     * cancelled and, once it has ended, {@link TimeoutException} is thrown.
     *
     * {@snippet :
     * Task<byte[]> download = Asyncio.createTask(() -> fetch(url));
     * byte[] body = Asyncio.waitFor(download, Duration.ofSeconds(30));
     * }
     *
     * <p>A result that arrives as the limit passes is never lost: if the awaitable completed, its result is
     * returned. A task that catches its cancellation and returns a value also returns that value.
     *
     * <p><b>Cancellation:</b> cancelling the waiting task cancels the awaitable too (wrap it in
     * {@link #shield(Awaitable)} to prevent that) and throws {@link CancelledException}.
     *
     * @param <T> the result type
     * @param awaitable what to wait for
     * @param timeout the limit; zero or negative still returns the result of an awaitable already done
     * @return its result
     * @throws TimeoutException if the limit passed first
     */
    public static <T extends @Nullable Object> T waitFor(Awaitable<T> awaitable, Duration timeout)
            throws TimeoutException {
        return withTimeout(timeout, awaitable::await);
    }

    /**
     * Protects an awaitable from the cancellation of its waiter (asyncio's {@code shield}): returns an
     * awaitable that completes like {@code inner}, but whose cancellation (for example because the waiting
     * task is cancelled) leaves {@code inner} running.
     *
     * {@snippet :
     * Task<Void> save = Asyncio.createTask(() -> saveToDisk(data));
     * Asyncio.shield(save).await(); // if this task is cancelled, the save still finishes
     * }
     *
     * <p>Keep a reference to {@code inner} if its outcome matters after the outer awaitable was cancelled.
     *
     * <p><b>Cancellation:</b> cancelling the returned awaitable does not cancel {@code inner}.
     *
     * @param <T> the result type
     * @param inner the awaitable to protect
     * @return {@code inner} itself if it is already done, else a new awaitable following it
     */
    public static <T extends @Nullable Object> Awaitable<T> shield(Awaitable<T> inner) {
        return Gather.shield(inner);
    }

    /**
     * Waits for every awaitable and returns their results in argument order (asyncio's {@code gather}).
     *
     * {@snippet :
     * List<String> pages = Asyncio.gather(
     *         Asyncio.createTask(() -> fetch("a")), Asyncio.createTask(() -> fetch("b")));
     * }
     *
     * <p>The first failure is thrown at once (following the {@link Awaitable#await()} rule); the other
     * awaitables keep running, as in asyncio. A cancelled awaitable counts as a failure with
     * {@link CancelledException}.
     *
     * <p><b>Cancellation:</b> cancelling the waiting task cancels every awaitable that is not done, waits until
     * they have all ended, then throws {@link CancelledException}.
     *
     * @param <T> the common result type
     * @param awaitables the awaitables
     * @return the results, in argument order (unmodifiable; may contain {@code null})
     */
    @SafeVarargs
    public static <T extends @Nullable Object> List<T> gather(Awaitable<? extends T>... awaitables) {
        List<Awaitable<? extends T>> list = new ArrayList<>(awaitables.length);
        for (Awaitable<? extends T> a : awaitables) {
            list.add(a);
        }
        return gather(list);
    }

    /**
     * Waits for every awaitable of a list; see {@link #gather(Awaitable[])}.
     *
     * <p><b>Cancellation:</b> as {@link #gather(Awaitable[])}.
     *
     * @param <T> the common result type
     * @param awaitables the awaitables
     * @return the results, in list order
     */
    @SuppressWarnings("unchecked")
    public static <T extends @Nullable Object> List<T> gather(List<? extends Awaitable<? extends T>> awaitables) {
        return (List<T>) Gather.run(awaitables, false);
    }

    /**
     * Waits for every awaitable and returns how each ended, never throwing for a child's failure (asyncio's
     * {@code gather(..., return_exceptions=True)}).
     *
     * <p><b>Cancellation:</b> as {@link #gather(Awaitable[])}.
     *
     * @param <T> the common result type
     * @param awaitables the awaitables
     * @return one {@link Outcome} per awaitable, in argument order
     */
    @SafeVarargs
    public static <T extends @Nullable Object> List<Outcome<T>> gatherSettled(Awaitable<? extends T>... awaitables) {
        List<Awaitable<? extends T>> list = new ArrayList<>(awaitables.length);
        for (Awaitable<? extends T> a : awaitables) {
            list.add(a);
        }
        return gatherSettled(list);
    }

    /**
     * Like {@link #gatherSettled(Awaitable[])} for a list.
     *
     * <p><b>Cancellation:</b> as {@link #gather(Awaitable[])}.
     *
     * @param <T> the common result type
     * @param awaitables the awaitables
     * @return one {@link Outcome} per awaitable, in list order
     */
    @SuppressWarnings("unchecked")
    public static <T extends @Nullable Object> List<Outcome<T>> gatherSettled(
            List<? extends Awaitable<? extends T>> awaitables) {
        return (List<Outcome<T>>) Gather.run(awaitables, true);
    }

    /**
     * Waits until some or all of the awaitables are done, or a timeout passes (asyncio's {@code wait}); never
     * cancels them and never throws their failures.
     *
     * {@snippet :
     * Done<Task<String>> d = Asyncio.wait(List.of(a, b), ReturnWhen.FIRST_COMPLETED, null);
     * d.pending().forEach(Task::cancel);
     * }
     *
     * <p><b>Cancellation:</b> throws {@link CancelledException}; the awaitables are left running.
     *
     * @param <A> the awaitable type
     * @param awaitables the awaitables (duplicates count once)
     * @param when when to return
     * @param timeout the longest wait, or {@code null} for none; on expiry the sets are returned as they are
     * @return the done and pending awaitables
     * @throws IllegalArgumentException if {@code awaitables} is empty
     */
    public static <A extends Awaitable<?>> Done<A> wait(
            Collection<? extends A> awaitables, ReturnWhen when, @Nullable Duration timeout) {
        return Waiting.wait(awaitables, when, timeout);
    }

    /**
     * Returns the awaitables in the order they complete (asyncio's {@code as_completed}, yielding the
     * original awaitables as asyncio 3.13 does in {@code async for}). The iterator's {@code next()} suspends
     * until another one is done; {@code await()} on it then returns at once.
     *
     * {@snippet :
     * for (Task<String> t : Asyncio.asCompleted(tasks, Duration.ofSeconds(5))) {
     *     System.out.println(t.await());
     * }
     * }
     *
     * <p><b>Cancellation:</b> {@code next()} throws {@link CancelledException}; the awaitables are left
     * running.
     *
     * @param <A> the awaitable type
     * @param awaitables the awaitables (duplicates count once)
     * @param timeout the longest time for the whole iteration, or {@code null}; when it passes, {@code next()}
     *     throws a {@link java.util.concurrent.CompletionException} whose cause is a {@link TimeoutException}
     * @return an iterable that can be iterated once
     */
    public static <A extends Awaitable<?>> Iterable<A> asCompleted(
            Collection<? extends A> awaitables, @Nullable Duration timeout) {
        return new Waiting.AsCompleted<A>(awaitables, timeout);
    }
}
