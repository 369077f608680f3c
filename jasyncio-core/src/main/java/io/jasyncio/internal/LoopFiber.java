package io.jasyncio.internal;

import io.jasyncio.Task;
import io.jasyncio.spi.Fiber;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The built-in loop's fibers. Two implementations: {@link FastFiber} (the loop is the thread's scheduler) and
 * {@link HandoffFiber} (an ordinary virtual thread that runs only while it holds the loop's run permit).
 */
abstract sealed class LoopFiber extends Fiber permits FastFiber, HandoffFiber {
    /** Set by the loop to let a suspended fiber continue; cleared by the fiber (its own thread) when it resumes. */
    volatile boolean resumed;
    /** True while the fiber is suspended on the loop (not in a foreign call); written by the fiber's own thread. */
    volatile boolean suspended;
    /** How many awaits this fiber's task started after its loop closed (each ends at once); its own thread only. */
    int awaitsAfterClose;

    LoopFiber(SelectorEventLoop loop, @Nullable Task<?> task, @Nullable Object context) {
        super(loop, task, context);
    }

    /** Sets the thread, once, before it starts. */
    final void setThread(Thread thread) {
        init(thread);
    }

    /** The task this fiber runs, or {@code null} for the callback runner. */
    @Nullable
    Task<?> ownTask() {
        return (Task<?>) task();
    }

    /** The task of a task fiber (the loop's live set holds task fibers only). */
    final Task<?> ownTaskNonNull() {
        Task<?> t = ownTask();
        if (t == null) {
            throw new IllegalStateException("not a task's fiber");
        }
        return t;
    }

    /** Makes the fiber runnable for the first time. Loop-confined. */
    abstract void start();

    /**
     * Makes sure the calling thread (this fiber's) may touch loop state, waiting for the run permit when a
     * compatibility-mode fiber was detached by a foreign blocking call.
     */
    abstract void ensureAttached();

    @Override
    public final boolean isBlockedOutside() {
        return thread() != Thread.currentThread() && isBlockedInForeignCall();
    }

    /**
     * Returns whether this fiber's thread is blocked in a foreign call made by user code: not suspended on a loop
     * await, and not waiting inside jasyncio's own code (see {@link LoopFrames}). Called from other threads.
     */
    final boolean isBlockedInForeignCall() {
        if (suspended) {
            return false;
        }
        Thread t = thread();
        return switch (t.getState()) {
            case WAITING, TIMED_WAITING, BLOCKED -> LoopFrames.waitsInUserCode(t.getStackTrace());
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
        Task<?> t = ownTask();
        SelectorEventLoop loop = (SelectorEventLoop) loop(); // made by it (see the constructor)
        if (t != null && !loop.isClosed()) {
            loop.callSoonThreadsafe(() -> t.cancel("interrupted"));
        }
    }
}
