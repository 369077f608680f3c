package io.jasyncio;

import io.jasyncio.spi.Cancellable;
import io.jasyncio.spi.LoopCore;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A running timeout scope (asyncio's {@code Timeout} object): the body of
 * {@link Asyncio#withTimeout(Duration, Timeout.Body)} receives it to read or move its deadline.
 *
 * {@snippet :
 * String reply = Asyncio.withTimeout(Duration.ofSeconds(5), scope -> {
 *     String header = reader.readLine();
 *     scope.reschedule(Duration.ofSeconds(30)); // the body may take longer once the header arrived
 *     return header + reader.readLine();
 * });
 * }
 *
 * <p>How it works: when the deadline passes, the scope's timer cancels the task that runs the body (one
 * cancellation request, counted by {@link Task#cancelling()}). When the body ends, the scope withdraws that
 * request with {@link Task#uncancel()}; if no other request is left over and the body ended with
 * {@link CancelledException}, the scope reports {@link TimeoutException}. A cancellation coming from anywhere
 * else (another scope, the task's owner) therefore passes through unchanged, and nested scopes each report
 * only their own expiry. A body that returns normally keeps its result even if the deadline passed meanwhile.
 *
 * <h2>Thread safety</h2>
 * Loop-confined: use it only from the task running the body.
 */
public final class Timeout {
    /** Where the scope is in its life. */
    private enum State {
        ENTERED,
        EXPIRING,
        EXPIRED,
        EXITED
    }

    /**
     * A body that receives its timeout scope; like {@link CheckedCallable}, its checked exceptions {@code X}
     * reach the caller as they are.
     *
     * @param <T> the result type
     * @param <X> the checked exceptions the body may throw (inferred)
     */
    @FunctionalInterface
    public interface Body<T extends @Nullable Object, X extends Exception> {
        /**
         * Runs the body.
         *
         * @param scope the enclosing timeout scope
         * @throws X the body's own checked exceptions
         */
        T call(Timeout scope) throws X;
    }

    private final LoopCore loop;
    private final Task<?> task;
    private final int cancellingAtEntry;
    private State state = State.ENTERED;
    private boolean hasDeadline;
    private long deadline;
    private @Nullable Cancellable timer;

    private Timeout(LoopCore loop, Task<?> task) {
        this.loop = loop;
        this.task = task;
        this.cancellingAtEntry = task.cancelling();
    }

    /** Returns the deadline on the loop's clock ({@link EventLoop#time()}), or empty when there is none. */
    public OptionalLong deadline() {
        return hasDeadline ? OptionalLong.of(deadline) : OptionalLong.empty();
    }

    /**
     * Returns whether this scope's deadline passed and its timer cancelled the body.
     *
     * @return {@code true} once the timer fired
     */
    public boolean expired() {
        return state == State.EXPIRING || state == State.EXPIRED;
    }

    /**
     * Moves the deadline to an absolute time on the loop's clock; a time in the past expires the scope at the
     * loop's next iteration.
     *
     * @param loopTimeNanos the new deadline ({@link EventLoop#time()} nanoseconds)
     * @throws IllegalStateException if the scope already expired or ended
     */
    public void reschedule(long loopTimeNanos) {
        loop.checkThread();
        if (state != State.ENTERED) {
            throw new IllegalStateException("cannot reschedule a timeout that " + (expired() ? "expired" : "ended"));
        }
        cancelTimer();
        schedule(loopTimeNanos);
    }

    /**
     * Moves the deadline to {@code fromNow} after the current loop time.
     *
     * @param fromNow the new timeout, measured from now
     * @throws IllegalStateException if the scope already expired or ended
     */
    public void reschedule(Duration fromNow) {
        reschedule(loop.deadlineAfter(fromNow));
    }

    /**
     * Removes the deadline: the scope no longer expires (asyncio's {@code reschedule(None)}).
     *
     * @throws IllegalStateException if the scope already expired or ended
     */
    public void removeDeadline() {
        loop.checkThread();
        if (state != State.ENTERED) {
            throw new IllegalStateException("cannot reschedule a timeout that " + (expired() ? "expired" : "ended"));
        }
        cancelTimer();
        hasDeadline = false;
    }

    private void schedule(long at) {
        hasDeadline = true;
        deadline = at;
        timer = loop.callAtInternal(at, this::onTimeout);
    }

    private void cancelTimer() {
        Cancellable t = timer;
        timer = null;
        if (t != null) {
            t.cancel();
        }
    }

    private void onTimeout() {
        timer = null;
        if (state == State.ENTERED && !task.isDone()) {
            state = State.EXPIRING;
            task.cancel();
        }
    }

    /**
     * asyncio's {@code wait_for}: {@code awaitable.await()} inside a scope, except that an outcome that arrived
     * as the limit passed is kept.
     *
     * <p>The race it settles, all in one loop iteration:
     * <pre>
     *   awaitable completes -> waiting task queued to resume -> scope's timer: cancel(task), finds the awaitable
     *   done (mustCancel) -> task resumes: await throws CancelledException -> scope: TimeoutException
     * </pre>
     * A plain {@link Asyncio#withTimeout} body reports that as a timeout, as asyncio does. Here the awaitable is
     * the whole body and it is done and not cancelled, so the timer cancelled nothing and its outcome is
     * reported. A cancellation from elsewhere is not caught here: it never becomes a {@code TimeoutException}.
     */
    @SuppressWarnings({"unchecked", "NullAway"}) // run returns the awaitable's result, a T
    static <T extends @Nullable Object> T waitFor(Awaitable<T> awaitable, Duration timeout) throws TimeoutException {
        LoopCore loop = Seam.running();
        try {
            return (T) run(true, loop.deadlineAfter(timeout), scope -> awaitable.await(), true);
        } catch (TimeoutException e) {
            if (awaitable.isDone() && !awaitable.isCancelled()) {
                return awaitable.await(); // done: reports its outcome without suspending
            }
            throw e;
        }
    }

    /** {@code moveOnAfter}: a scope that returns {@link #MOVED_ON} instead of throwing when it expires. */
    static <X extends Exception> @Nullable Object moveOn(Duration timeout, Body<?, X> body) throws X {
        try {
            return run(true, Seam.running().deadlineAfter(timeout), body, false);
        } catch (TimeoutException e) {
            // not this scope's (it never throws one): the body's own, from an inner scope, so one of its X
            throw Completion.<X>rethrowOwn(e);
        }
    }

    /** The marker {@link #run} returns when a non-throwing scope expired. */
    static final Object MOVED_ON = new Object();

    /**
     * Runs a body inside a new scope of the current task.
     *
     * @param withDeadline whether {@code at} is a deadline
     * @param at the deadline
     * @param throwOnExpiry throw {@link TimeoutException} (else return {@link #MOVED_ON})
     * @throws X the body's own exception, as it is
     */
    static <X extends Exception> @Nullable Object run(
            boolean withDeadline, long at, Body<?, X> body, boolean throwOnExpiry) throws TimeoutException, X {
        LoopCore loop = Seam.running();
        Task<?> task = Seam.taskForAwait(loop);
        Timeout scope = new Timeout(loop, task);
        if (withDeadline) {
            scope.schedule(at);
        }
        Object value = null;
        Throwable failure = null;
        try {
            value = body.call(scope);
        } catch (Throwable e) {
            failure = e;
        } finally {
            loop.afterUserCode(); // compatibility mode: the body may have been detached by a blocking call
            scope.cancelTimer();
        }
        boolean fired = scope.state == State.EXPIRING;
        scope.state = fired ? State.EXPIRED : State.EXITED;
        if (fired && task.uncancel() <= scope.cancellingAtEntry && failure instanceof CancelledException ce) {
            if (!throwOnExpiry) {
                return MOVED_ON;
            }
            TimeoutException te = new TimeoutException("timed out");
            te.initCause(ce);
            throw te;
        }
        if (failure instanceof TimeoutException te) {
            throw te;
        }
        if (failure != null) {
            throw Completion.<X>rethrowOwn(failure); // the body's own exception: an X or unchecked
        }
        return value;
    }
}
