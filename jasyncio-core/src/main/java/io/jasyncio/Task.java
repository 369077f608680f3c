package io.jasyncio;

import io.jasyncio.spi.Fiber;
import io.jasyncio.spi.LoopCore;
import org.jspecify.annotations.Nullable;

/**
 * A running body ({@link AsyncCallable}) on a loop, and the future of its result (asyncio's {@code Task}).
 *
 * <p>Each task is a virtual thread that only runs on its loop, one step at a time: code between two awaits is
 * atomic with respect to every other task of the loop. Create tasks with {@link Asyncio#createTask} or
 * {@link EventLoop#createTask}; the loop keeps a task alive until it ends.
 *
 * {@snippet :
 * Task<Integer> t = Asyncio.createTask("worker", () -> {
 *     Asyncio.sleep(Duration.ofMillis(10));
 *     return 42;
 * });
 * int v = t.await();
 * }
 *
 * <h2>Cancellation</h2>
 * {@link #cancel(String)} asks the task to stop: if it waits on a future, that future is cancelled (unless
 * shielded) and the await throws {@link CancelledException}. If that future completed but the task has not
 * resumed yet, the await throws {@code CancelledException} all the same, as in asyncio: the code after the
 * await never runs and the future keeps its result (the synchronisation primitives then pass on what they had
 * handed to the task). A task cancelled while it runs (by itself, or by code it calls) gets the exception at
 * its next suspension. A task that has not started yet never runs its body. The task may catch the exception
 * to clean up. {@link #cancelling()} counts pending requests and {@link #uncancel()} withdraws one, as in
 * asyncio 3.11+. A task stuck in a blocking JDK call (not a loop await) is woken only by
 * {@link #cancel(String, boolean) cancel(msg, true)}, which interrupts its thread (an interrupt closes NIO
 * channels that the task is blocked on).
 *
 * <h2>Thread safety</h2>
 * Loop-confined, like {@link Future}.
 *
 * @param <T> the result type
 */
public final class Task<T extends @Nullable Object> extends AbstractFuture<T> {
    private String name;
    private @Nullable AsyncCallable<T> body;
    /** The virtual thread that runs the body, and how the loop suspends and resumes it. */
    private final Fiber fiber;
    /**
     * asyncio's {@code _must_cancel}: a cancellation that could not be passed to an awaited future (none, or it
     * was already done), thrown when the task next resumes from an await or suspends.
     */
    private boolean mustCancel;

    private @Nullable String pendingCancelMessage;
    /** asyncio's {@code _num_cancels_requested}. */
    private int cancelRequests;
    /** The future this task is suspended on ({@code _fut_waiter}), or {@code null}. */
    private @Nullable AbstractFuture<?> waitingOn;
    /** Debug mode: the stack that created this task (asyncio's {@code _source_traceback}), else {@code null}. */
    private final StackTraceElement @Nullable [] createdAt;

    /** Creates a task (its fiber starts with the creator's context-variable values); see {@link #start}. */
    private Task(LoopCore core, String name, AsyncCallable<T> body) {
        super(core);
        this.name = name;
        this.body = body;
        this.createdAt = core.isDebug() ? new Throwable().getStackTrace() : null;
        this.fiber = core.newTaskFiber(this, name, this::run);
    }

    /** Creates a task and starts it ({@link EventLoop#createTask}). */
    static <T extends @Nullable Object> Task<T> start(LoopCore core, String name, AsyncCallable<T> body) {
        Task<T> t = new Task<>(core, name, body);
        core.startTask(t.fiber);
        return t;
    }

    private void run() {
        fiber.runBound(this::step);
    }

    private void step() {
        core.taskStarting(fiber);
        T value = null;
        Throwable failure = null;
        AsyncCallable<T> b = body;
        body = null;
        if (mustCancel || b == null) {
            failure = new CancelledException(pendingCancelMessage);
        } else {
            try {
                value = b.call();
            } catch (Throwable e) {
                failure = e;
            }
        }
        core.taskEnding(fiber);
        if (failure == null && mustCancel) {
            cancelNow(pendingCancelMessage);
        } else if (failure instanceof InterruptedException && cancelRequests > 0) {
            // the interrupt sent by cancel(msg, true): report the cancellation's message, not the JDK's
            cancelNow(pendingCancelMessage);
        } else if (failure instanceof CancelledException) {
            cancelNow(failure.getMessage());
        } else if (failure != null) {
            fail(failure);
        } else {
            complete(value);
        }
    }

    /**
     * Suspends this (current) task until {@code f} is done, delivering cancellation as documented.
     *
     * <p>A pending cancellation ({@code mustCancel}) is handled as asyncio's {@code Task.__step} does. Found on
     * entry (the task cancelled itself while running), it goes to {@code f}, which the caller's report then
     * throws. Found after a wake-up, it arrived when {@code f} was already done and could no longer be
     * cancelled:
     * <pre>
     *   f completes -> this task is queued to resume -> cancel(msg): f is done, so mustCancel -> resume: throw
     * </pre>
     * The exception is thrown here, at the await it arrived for, rather than at the next one: the caller's code
     * after this await never runs, and {@code f} keeps its outcome for whoever else reads it. Whoever handed
     * something over through {@code f} takes it back on this exception ({@code WaitQueue}'s {@code giveBack}).
     */
    void awaitDone(AbstractFuture<?> f) {
        while (true) {
            // First the pending cancellation, before looking at f: a done f must not let it slip past this await
            // (the code after the await would run although the task was cancelled before it resumed).
            if (mustCancel) {
                mustCancel = false;
                if (f.isDone() || !f.cancel(pendingCancelMessage)) {
                    throw new CancelledException(pendingCancelMessage);
                }
                // f took the cancellation: it is done now (cancelled), and the caller's report throws it
            }
            if (f.isDone()) {
                return;
            }
            // After close nothing will ever complete f or resume this task: end here (reaped tasks end this way)
            if (core.isClosed()) {
                throw new CancelledException("event loop is closed");
            }
            // waitingOn before suspending: a cancel() arriving from now on cancels f instead of setting mustCancel
            waitingOn = f;
            f.addWaiter(this);
            try {
                fiber.suspend();
            } finally {
                // cleared before the loop re-checks: a cancel() from here on sets mustCancel, seen at the top
                waitingOn = null;
                f.removeWaiter(this);
            }
        }
    }

    /** Called by a future this task waits on when it completes. */
    void wakeUp(AbstractFuture<?> f) {
        if (waitingOn == f) {
            fiber.resume();
        }
    }

    /** Returns the task's name. */
    public String name() {
        return name;
    }

    /**
     * Renames the task (and its thread, as shown in thread dumps).
     *
     * @param name the new name
     */
    public void setName(String name) {
        core.checkThread();
        this.name = name;
        fiber.thread().setName(name);
    }

    @Override
    public boolean cancel(@Nullable String message) {
        return cancel(message, false);
    }

    /**
     * Requests cancellation, optionally interrupting the task's thread when it is blocked in a foreign
     * (non-loop) blocking call such as {@code Thread.sleep} or a blocking socket read.
     *
     * @param message the message, or {@code null}
     * @param interruptIfBlocked interrupt the thread if it is blocked outside the loop
     * @return {@code false} if the task was already done
     */
    public boolean cancel(@Nullable String message, boolean interruptIfBlocked) {
        core.checkThread();
        if (isDone()) {
            return false;
        }
        cancelRequests++;
        AbstractFuture<?> w = waitingOn;
        if (w != null && w.cancel(message)) {
            return true;
        }
        mustCancel = true;
        pendingCancelMessage = message;
        if (interruptIfBlocked && w == null && fiber.isBlockedOutside()) {
            fiber.thread().interrupt();
        }
        return true;
    }

    /**
     * Returns the number of pending cancellation requests (asyncio's {@code cancelling()}).
     *
     * @return the count
     */
    public int cancelling() {
        return cancelRequests;
    }

    /**
     * Withdraws one cancellation request; when none remain, a cancellation not yet delivered is dropped.
     *
     * @return the remaining count
     */
    public int uncancel() {
        core.checkThread();
        if (cancelRequests > 0) {
            cancelRequests--;
            if (cancelRequests == 0) {
                mustCancel = false;
            }
        }
        return cancelRequests;
    }

    /**
     * Returns the task's current stack: where it is suspended, or what it is running.
     *
     * @return the stack, innermost frame first (empty once done)
     */
    public StackTraceElement[] stack() {
        return isDone() ? new StackTraceElement[0] : fiber.thread().getStackTrace();
    }

    @Override
    String ownerName() {
        return "Task '" + name + "'";
    }

    @Override
    @Nullable
    String creationSite() {
        StackTraceElement[] frames = createdAt;
        if (frames == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder("task created at:");
        int shown = 0;
        for (StackTraceElement e : frames) {
            // skip the frames of jasyncio's own task factories; the caller is what the reader wants
            if (shown == 0 && isTaskFactoryFrame(e)) {
                continue;
            }
            sb.append("\n    at ").append(e);
            if (++shown == 12) {
                break;
            }
        }
        return sb.toString();
    }

    private static boolean isTaskFactoryFrame(StackTraceElement e) {
        String c = e.getClassName();
        return c.equals(Task.class.getName())
                || c.equals(Asyncio.class.getName())
                || c.equals(EventLoop.class.getName())
                || c.equals(TaskGroup.class.getName())
                || c.startsWith("io.jasyncio.internal.");
    }

    @Override
    public String toString() {
        return "Task[" + name + ", " + describeState() + (waitingOn != null ? ", waiting" : "") + "]";
    }
}
