package io.jasyncio.spi;

import org.jspecify.annotations.Nullable;

/**
 * A virtual thread that runs loop code (a task, or the loop's callback runner), and how its loop suspends and
 * resumes it.
 *
 * <p>Invariant: at most one fiber of a loop runs at a time, and never while the loop thread itself runs loop code.
 * So code between two suspensions is atomic with respect to the loop.
 */
public abstract class Fiber {
    private static final ScopedValue<Fiber> CURRENT = ScopedValue.newInstance();

    private final LoopCore loop;
    /** The {@code io.jasyncio.Task} this fiber runs, or {@code null} for the callback runner. */
    private final @Nullable Object task;
    /** Set once, before the thread starts. */
    @SuppressWarnings("NullAway.Init")
    private Thread thread;
    /**
     * The context-variable values of the code running in this fiber: a task's own, or those of the callback the
     * runner runs now. Written by the fiber's own thread (by the loop thread before it starts).
     */
    private @Nullable Object context;

    protected Fiber(LoopCore loop, @Nullable Object task, @Nullable Object context) {
        this.loop = loop;
        this.task = task;
        this.context = context;
    }

    /** Returns the fiber the calling thread runs in, or {@code null} outside loop code. */
    public static @Nullable Fiber current() {
        return CURRENT.isBound() ? CURRENT.get() : null;
    }

    /** Runs code with this fiber bound as the current one; called once, by the fiber's own thread. */
    public final void runBound(Runnable body) {
        ScopedValue.where(CURRENT, this).run(body);
    }

    protected final void init(Thread thread) {
        this.thread = thread;
    }

    public final LoopCore loop() {
        return loop;
    }

    /** Returns the {@code io.jasyncio.Task} this fiber runs, or {@code null} for the callback runner. */
    public final @Nullable Object task() {
        return task;
    }

    public final Thread thread() {
        return thread;
    }

    public final @Nullable Object context() {
        return context;
    }

    public final void setContext(@Nullable Object context) {
        this.context = context;
    }

    /**
     * Suspends the current fiber (the caller must be this fiber's thread) until {@link #resume()}. An interrupt
     * received meanwhile becomes a cancellation request of the task.
     */
    public abstract void suspend();

    /** Makes a suspended fiber continue on a later step of the loop. Loop-confined; idempotent. */
    public abstract void resume();

    /**
     * Returns whether this fiber's thread (not the caller's) is blocked in a foreign call made by user code: not
     * suspended on a loop await, and not waiting inside jasyncio's own code ({@code cancel(msg, true)} interrupts
     * only such a thread).
     */
    public abstract boolean isBlockedOutside();
}
