package io.jasyncio.internal;

import io.jasyncio.Task;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * A virtual thread that runs loop code (a task or the callback runner), and how the loop suspends and resumes
 * it. Two implementations: {@link FastFiber} (the loop is the thread's scheduler) and {@link HandoffFiber}
 * (an ordinary virtual thread that runs only while it holds the loop's run permit).
 *
 * <p>Invariant: at most one fiber of a loop runs at a time, and never while the loop thread itself runs loop
 * code. So code between two suspensions is atomic with respect to the loop.
 */
public abstract sealed class Fiber permits FastFiber, HandoffFiber {
    private static final ScopedValue<Fiber> CURRENT = ScopedValue.newInstance();

    /** The loop this fiber belongs to. */
    final SelectorEventLoop loop;
    /** The task this fiber runs, or {@code null} for the callback runner. */
    final @Nullable Task<?> task;
    /** The thread; set once by {@link #init}. */
    @SuppressWarnings("NullAway.Init")
    Thread thread;
    /** Set by the loop to let a suspended fiber continue; cleared by the fiber when it resumes. */
    volatile boolean resumed;
    /** True while the fiber is suspended in {@link #suspend()} (waiting on the loop, not in a foreign call). */
    volatile boolean suspended;
    /** The callback runner's context-variable values for the callback it runs now (see ContextVar). */
    @Nullable
    Object callbackContext;
    /** How many awaits this fiber's task started after its loop closed (each ends at once); its own thread only. */
    int awaitsAfterClose;

    Fiber(SelectorEventLoop loop, @Nullable Task<?> task) {
        this.loop = loop;
        this.task = task;
    }

    /**
     * Returns the fiber the calling thread runs in, or {@code null} outside loop code.
     *
     * @return the current fiber
     */
    public static @Nullable Fiber current() {
        return CURRENT.isBound() ? CURRENT.get() : null;
    }

    /**
     * Runs code with this fiber bound as the current one; called once, by the fiber's own thread.
     *
     * @param body the code
     */
    public final void runBound(Runnable body) {
        ScopedValue.where(CURRENT, this).run(body);
    }

    /**
     * Returns the loop this fiber belongs to.
     *
     * @return the loop
     */
    public final SelectorEventLoop loop() {
        return loop;
    }

    final void init(Thread thread) {
        this.thread = thread;
    }

    /**
     * Returns the task this fiber runs.
     *
     * @return the task, or {@code null} for the callback runner
     */
    public final @Nullable Task<?> task() {
        return task;
    }

    /**
     * Returns the thread.
     *
     * @return the thread
     */
    public final Thread thread() {
        return thread;
    }

    /** Makes the fiber runnable for the first time. Loop-confined. */
    abstract void start();

    /**
     * Suspends the current fiber (the caller must be this fiber's thread) until {@link #resume()}. An interrupt
     * received meanwhile becomes a cancellation request of the task.
     */
    public abstract void suspend();

    /** Makes a suspended fiber continue on a later step of the loop. Loop-confined; idempotent. */
    public abstract void resume();

    /**
     * Makes sure the calling thread (this fiber's) may touch loop state, waiting for the run permit when a
     * compatibility-mode fiber was detached by a foreign blocking call.
     */
    abstract void ensureAttached();

    /**
     * Returns whether this fiber's thread is blocked in a foreign call made by user code: not suspended on a loop
     * await, and not waiting inside jasyncio's own code (see {@link LoopFrames}). Called from other threads.
     *
     * @return {@code true} if it is blocked in a foreign call
     */
    final boolean isBlockedInForeignCall() {
        if (suspended) {
            return false;
        }
        return switch (thread.getState()) {
            case WAITING, TIMED_WAITING, BLOCKED -> LoopFrames.waitsInUserCode(thread.getStackTrace());
            default -> false;
        };
    }

    /**
     * Parks the calling thread (this fiber's) for good: its task would not end after its loop closed. Nothing will
     * resume it; the loop stops counting it as its own first, so a stray unpark just parks it again.
     */
    final void abandon() {
        leaveLoop();
        while (true) {
            LockSupport.park(this);
            boolean ignored = Thread.interrupted(); // nothing is left to interrupt it for
        }
    }

    /** Gives up this fiber's claim on the loop before it is abandoned (its permit, its continuation). */
    abstract void leaveLoop();

    /** Reacts to an interrupt seen while suspended: a cancellation request of the task. */
    final void interruptedWhileSuspended() {
        Task<?> t = task;
        if (t != null && !loop.isClosed()) {
            loop.callSoonThreadsafe(() -> t.cancel("interrupted"));
        }
    }
}
