package io.jasyncio;

import io.jasyncio.spi.Cancellable;
import io.jasyncio.spi.Deadlines;
import io.jasyncio.spi.Fiber;
import io.jasyncio.spi.LoopCore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
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
 *
 * <p>Methods that run a body given inline ({@code run}, {@code toThread}, the timeouts) infer {@code X}, the
 * body's checked exceptions, and throw the body's own exception as it is, checked or not (docs/design.md, "How
 * await() reports failures"); a {@code TimeoutException} is theirs only when their own limit passed.
 */
public final class Asyncio {
    private Asyncio() {}

    /**
     * Runs {@code main} as the main task of a new loop on this thread, then cancels the tasks left over, shuts
     * the default executor down and closes the loop (asyncio's {@code asyncio.run}).
     *
     * <p>The main task's exception comes out as it is, checked or not: {@code X} is inferred from the body, so
     * {@code Asyncio.run(() -> Files.readString(path))} throws {@code IOException}, and a body that throws
     * nothing checked needs no {@code throws} clause.
     *
     * <p><b>Ctrl-C:</b> when called from the JVM's main thread, SIGINT cancels the main task and the run then
     * ends with {@link KeyboardInterruptException} (see there; {@link #runMain} turns it into exit status 130).
     * An interrupt of the calling thread also cancels the main task; the run then throws the
     * {@link CancelledException}.
     *
     * <p><b>Cancellation:</b> a main task that ends cancelled makes the run throw {@link CancelledException}
     * with its message and, unlike the one tasks see, with the stack trace of this call.
     *
     * @throws KeyboardInterruptException if Ctrl-C ended the run
     * @throws CancelledException if the main task was cancelled otherwise
     * @throws IllegalStateException if called from a running loop
     */
    public static <T extends @Nullable Object, X extends Exception> T run(CheckedCallable<T, X> main) throws X {
        return run(main, LoopOptions.defaults());
    }

    /**
     * Runs a main task that returns nothing; see {@link #run(CheckedCallable)}.
     *
     * <p><b>Cancellation:</b> as {@link #run(CheckedCallable)}.
     *
     * @throws KeyboardInterruptException if Ctrl-C ended the run
     */
    public static <X extends Exception> void run(CheckedRunnable<X> main) throws X {
        run(main, LoopOptions.defaults());
    }

    /**
     * Runs a main task that returns nothing on a new loop opened with {@code options}; see
     * {@link #run(CheckedCallable)}.
     *
     * <p><b>Cancellation:</b> as {@link #run(CheckedCallable)}.
     *
     * @throws KeyboardInterruptException if Ctrl-C ended the run
     */
    public static <X extends Exception> void run(CheckedRunnable<X> main, LoopOptions options) throws X {
        run(
                () -> {
                    main.run();
                    return null;
                },
                options);
    }

    /**
     * Runs {@code main} on a new loop opened with {@code options}. See {@link #run(CheckedCallable)}.
     *
     * <p><b>Cancellation:</b> as {@link #run(CheckedCallable)}.
     *
     * @throws KeyboardInterruptException if Ctrl-C ended the run
     * @throws CancelledException if the main task was cancelled otherwise
     */
    public static <T extends @Nullable Object, X extends Exception> T run(
            CheckedCallable<T, X> main, LoopOptions options) throws X {
        return Runner.run(main, options);
    }

    /**
     * Runs {@code main} as a program's main task and, when Ctrl-C ends it, prints the
     * {@link KeyboardInterruptException}'s one-line message on stderr and exits the process with status
     * {@value KeyboardInterruptException#EXIT_STATUS} (what a Python program does on an uncaught
     * {@code KeyboardInterrupt}), instead of a stack trace and status 1.
     *
     * {@snippet :
     * public static void main(String[] args) throws Exception {
     *     Asyncio.runMain(() -> serveForever(args));
     * }
     * }
     *
     * <p>Everything else is {@link #run(CheckedRunnable)}: the main task's exception comes out as it is.
     * Call it from {@code main}: it ends the JVM on Ctrl-C.
     *
     * <p><b>Cancellation:</b> a main task cancelled otherwise than by Ctrl-C makes it throw
     * {@link CancelledException}, as {@link #run(CheckedCallable)} does.
     */
    public static <X extends Exception> void runMain(CheckedRunnable<X> main) throws X {
        runMain(main, LoopOptions.defaults());
    }

    /**
     * Like {@link #runMain(CheckedRunnable)} on a loop opened with {@code options}.
     *
     * <p><b>Cancellation:</b> as {@link #runMain(CheckedRunnable)}.
     */
    @SuppressWarnings("SystemExitOutsideMain") // exiting on Ctrl-C is this method's purpose
    public static <X extends Exception> void runMain(CheckedRunnable<X> main, LoopOptions options) throws X {
        try {
            run(main, options);
        } catch (KeyboardInterruptException e) {
            System.err.println(e.getMessage());
            System.exit(KeyboardInterruptException.EXIT_STATUS);
        }
    }

    /** Creates a task on the running loop. */
    public static <T extends @Nullable Object> Task<T> createTask(AsyncCallable<T> body) {
        return loop().createTask(body);
    }

    /** Creates a task that returns nothing (its result is {@code null}) on the running loop. */
    public static Task<@Nullable Void> createTask(AsyncRunnable body) {
        return loop().createTask(body);
    }

    /** Creates a named task on the running loop. */
    public static <T extends @Nullable Object> Task<T> createTask(String name, AsyncCallable<T> body) {
        return loop().createTask(name, body);
    }

    /** Creates a named task that returns nothing on the running loop. */
    public static Task<@Nullable Void> createTask(String name, AsyncRunnable body) {
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
        LoopCore loop = Seam.running();
        loop.requireTask();
        Future<@Nullable Void> wake = new Future<>(loop);
        long nanos = Deadlines.saturatedNanos(duration);
        if (nanos <= 0) {
            loop.callSoonInternal(() -> wake.trySetResult(null));
            wake.await();
            return;
        }
        Cancellable timer = loop.callAtInternal(loop.deadlineAfter(duration), () -> wake.trySetResult(null));
        try {
            wake.await();
        } finally {
            timer.cancel();
        }
    }

    /**
     * Returns the task running now, or empty when called from a callback.
     *
     * @throws IllegalStateException outside a loop
     */
    public static Optional<Task<?>> currentTask() {
        Fiber f = Fiber.current();
        if (f == null) {
            throw new IllegalStateException("no running event loop");
        }
        return Optional.ofNullable(Seam.task(f));
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
     * @throws IllegalStateException outside a loop
     */
    public static EventLoop loop() {
        return Seam.api(Seam.running());
    }

    /**
     * Runs blocking work on the loop's default executor (a pool of platform threads) and suspends until it is
     * done (asyncio's {@code to_thread}). The work's exception comes out as it is: {@code X} is inferred from
     * the work, so {@code Asyncio.toThread(() -> Files.readAllBytes(path))} throws {@code IOException}.
     *
     * <p><b>Cancellation:</b> the await ends with {@link CancelledException}; the work already running goes on
     * in its thread and its result is dropped.
     */
    public static <T extends @Nullable Object, X extends Exception> T toThread(CheckedCallable<T, X> work) throws X {
        return Completion.awaitOwn(loop().runInExecutor(null, work::call));
    }

    /**
     * Runs blocking work that returns nothing on the loop's default executor and suspends until it is done;
     * see {@link #toThread(CheckedCallable)}.
     *
     * <p><b>Cancellation:</b> as {@link #toThread(CheckedCallable)}.
     */
    public static <X extends Exception> void toThread(CheckedRunnable<X> work) throws X {
        toThread(() -> {
            work.run();
            return null;
        });
    }

    /**
     * Suspends the current task until a {@link CompletionStage} (a {@link CompletableFuture}, say) completes.
     *
     * <p><b>Cancellation:</b> the await ends with {@link CancelledException} and the stage is cancelled when
     * it is a {@link CompletableFuture}.
     *
     * @throws CompletionException wrapping a checked exception the stage failed with
     */
    public static <T extends @Nullable Object> T await(CompletionStage<T> stage) {
        return Completion.awaitStage(stage);
    }

    // ------------------------------------------------------------------------------------------------
    // Composition: timeouts, shield, gather, wait, asCompleted (issue #4)

    /**
     * Runs {@code body} in the current task with a time limit (asyncio's {@code async with timeout(d)}).
     *
     * {@snippet :
     * try {
     *     String line = Asyncio.withTimeout(Duration.ofSeconds(10), () -> reader.readLine());
     * } catch (IOException e) {          // the body's own exception, as it is
     * } catch (TimeoutException e) {     // the ten seconds passed
     * }
     * }
     *
     * <p>When the limit passes, the body's task is cancelled: the body sees a {@link CancelledException} at its
     * current await, and once it has ended this method throws {@link TimeoutException}. Only this scope's own
     * expiry becomes a {@code TimeoutException}: a cancellation from elsewhere (the task's owner, an enclosing
     * scope) propagates unchanged, so nested scopes report correctly. A body that still returns normally (it
     * finished as the timer fired, or it caught the cancellation) keeps its result. Any other exception of the
     * body propagates as it is ({@code X} is inferred from the body). See {@link Timeout}.
     *
     * <p><b>Cancellation:</b> cancelling the task cancels the body as usual; the {@link CancelledException}
     * propagates.
     *
     * @param timeout the limit; zero or negative expires at the loop's next iteration
     * @throws TimeoutException if this scope's limit passed and the body ended by the resulting cancellation
     */
    public static <T extends @Nullable Object, X extends Exception> T withTimeout(
            Duration timeout, CheckedCallable<T, X> body) throws TimeoutException, X {
        return withTimeout(timeout, scope -> body.call());
    }

    /**
     * Runs a body that returns nothing with a time limit; see {@link #withTimeout(Duration, CheckedCallable)}.
     *
     * <p><b>Cancellation:</b> as {@link #withTimeout(Duration, CheckedCallable)}.
     *
     * @throws TimeoutException if this scope's limit passed and the body ended by the resulting cancellation
     */
    public static <X extends Exception> void withTimeout(Duration timeout, CheckedRunnable<X> body)
            throws TimeoutException, X {
        withTimeout(timeout, scope -> {
            body.run();
            return null;
        });
    }

    /**
     * Like {@link #withTimeout(Duration, CheckedCallable)}, giving the body its {@link Timeout} scope so that it
     * can move the deadline ({@link Timeout#reschedule(Duration)}).
     *
     * <p><b>Cancellation:</b> as {@link #withTimeout(Duration, CheckedCallable)}.
     *
     * @throws TimeoutException if this scope's deadline passed and the body ended by the resulting cancellation
     */
    @SuppressWarnings({"unchecked", "NullAway"}) // the body's result, a T
    public static <T extends @Nullable Object, X extends Exception> T withTimeout(
            Duration timeout, Timeout.Body<T, X> body) throws TimeoutException, X {
        return (T) Timeout.run(true, Seam.running().deadlineAfter(timeout), body, true);
    }

    /**
     * Like {@link #withTimeout(Duration, CheckedCallable)} with an absolute deadline on the loop's clock
     * (asyncio's {@code timeout_at}).
     *
     * <p><b>Cancellation:</b> as {@link #withTimeout(Duration, CheckedCallable)}.
     *
     * @param loopTimeNanos the deadline, in {@link EventLoop#time()} nanoseconds
     * @throws TimeoutException if the deadline passed and the body ended by the resulting cancellation
     */
    public static <T extends @Nullable Object, X extends Exception> T withDeadline(
            long loopTimeNanos, CheckedCallable<T, X> body) throws TimeoutException, X {
        return withDeadline(loopTimeNanos, scope -> body.call());
    }

    /**
     * Like {@link #withDeadline(long, CheckedCallable)} for a body that returns nothing.
     *
     * <p><b>Cancellation:</b> as {@link #withTimeout(Duration, CheckedCallable)}.
     *
     * @param loopTimeNanos the deadline, in {@link EventLoop#time()} nanoseconds
     * @throws TimeoutException if the deadline passed and the body ended by the resulting cancellation
     */
    public static <X extends Exception> void withDeadline(long loopTimeNanos, CheckedRunnable<X> body)
            throws TimeoutException, X {
        withDeadline(loopTimeNanos, scope -> {
            body.run();
            return null;
        });
    }

    /**
     * Like {@link #withDeadline(long, CheckedCallable)}, giving the body its {@link Timeout} scope.
     *
     * <p><b>Cancellation:</b> as {@link #withTimeout(Duration, CheckedCallable)}.
     *
     * @param loopTimeNanos the deadline, in {@link EventLoop#time()} nanoseconds
     * @throws TimeoutException if the deadline passed and the body ended by the resulting cancellation
     */
    @SuppressWarnings({"unchecked", "NullAway"}) // the body's result, a T
    public static <T extends @Nullable Object, X extends Exception> T withDeadline(
            long loopTimeNanos, Timeout.Body<T, X> body) throws TimeoutException, X {
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
     * <p><b>Cancellation:</b> as {@link #withTimeout(Duration, CheckedCallable)}: only this scope's own expiry
     * is absorbed.
     *
     * @return the body's result, or {@code null} when the limit cancelled it
     */
    public static <T extends @Nullable Object, X extends Exception> @Nullable T moveOnAfter(
            Duration timeout, CheckedCallable<T, X> body) throws X {
        return moveOnAfter(timeout, scope -> body.call());
    }

    /**
     * Runs a body that returns nothing with a time limit, and tells whether it ran to its end or the limit
     * cancelled it.
     *
     * {@snippet :
     * if (!Asyncio.moveOnAfter(Duration.ofSeconds(1), () -> warmCaches())) {
     *     log("starting with cold caches");
     * }
     * }
     *
     * <p><b>Cancellation:</b> as {@link #moveOnAfter(Duration, CheckedCallable)}.
     *
     * @return {@code true} if the body ended by itself, {@code false} when the limit cancelled it
     */
    public static <X extends Exception> boolean moveOnAfter(Duration timeout, CheckedRunnable<X> body) throws X {
        return Timeout.moveOn(timeout, scope -> {
                    body.run();
                    return null;
                })
                != Timeout.MOVED_ON;
    }

    /**
     * Like {@link #moveOnAfter(Duration, CheckedCallable)}, giving the body its {@link Timeout} scope.
     *
     * <p><b>Cancellation:</b> as {@link #withTimeout(Duration, CheckedCallable)}.
     *
     * @return the body's result, or {@code null} when the limit cancelled it
     */
    @SuppressWarnings("unchecked") // the body's result, a T
    public static <T extends @Nullable Object, X extends Exception> @Nullable T moveOnAfter(
            Duration timeout, Timeout.Body<T, X> body) throws X {
        Object r = Timeout.moveOn(timeout, body);
        return r == Timeout.MOVED_ON ? null : (T) r;
    }

    /**
     * Runs {@code body} with a time limit (asyncio's {@code wait_for(coroutine, timeout)}): the same as
     * {@link #withTimeout(Duration, CheckedCallable)}, with asyncio's argument order.
     *
     * {@snippet :
     * byte[] data = Asyncio.waitFor(() -> reader.read(100), Duration.ofSeconds(5)); // asyncio: wait_for(reader.read(100), 5)
     * }
     *
     * <p><b>Cancellation:</b> as {@link #withTimeout(Duration, CheckedCallable)}.
     *
     * @throws TimeoutException if the limit passed and the body ended by the resulting cancellation
     */
    public static <T extends @Nullable Object, X extends Exception> T waitFor(
            CheckedCallable<T, X> body, Duration timeout) throws TimeoutException, X {
        return withTimeout(timeout, body);
    }

    /**
     * Runs a body that returns nothing with a time limit; see {@link #waitFor(CheckedCallable, Duration)}.
     *
     * <p><b>Cancellation:</b> as {@link #withTimeout(Duration, CheckedCallable)}.
     *
     * @throws TimeoutException if the limit passed and the body ended by the resulting cancellation
     */
    public static <X extends Exception> void waitFor(CheckedRunnable<X> body, Duration timeout)
            throws TimeoutException, X {
        withTimeout(timeout, body);
    }

    /**
     * Waits for an awaitable with a time limit (asyncio's {@code wait_for(task, timeout)}); on expiry the
     * awaitable is cancelled and, once it has ended, {@link TimeoutException} is thrown. To wait for a single
     * call, give the call itself: {@link #waitFor(CheckedCallable, Duration)}.
     *
     * {@snippet :
     * Task<byte[]> download = Asyncio.createTask(() -> fetch(url));
     * byte[] body = Asyncio.waitFor(download, Duration.ofSeconds(30));
     * }
     *
     * <p>A result that arrives as the limit passes is never lost: if the awaitable completed, its result is
     * returned. A task that catches its cancellation and returns a value also returns that value. The
     * awaitable's failure is reported as {@link Awaitable#await()} reports it.
     *
     * <p><b>Cancellation:</b> cancelling the waiting task cancels the awaitable too (wrap it in
     * {@link #shield(Awaitable)} to prevent that) and throws {@link CancelledException}.
     *
     * @param awaitable what to wait for
     * @param timeout the limit; zero or negative still returns the result of an awaitable already done
     * @throws TimeoutException if the limit passed first
     */
    public static <T extends @Nullable Object> T waitFor(Awaitable<T> awaitable, Duration timeout)
            throws TimeoutException {
        return Timeout.waitFor(awaitable, timeout);
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
