package io.jasyncio.internal;

import io.jasyncio.Task;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * A fiber whose virtual thread is scheduled by the loop: {@code LockSupport.unpark} hands its continuation to
 * {@link FiberScheduler#execute(Runnable)}, which queues it on the loop's ready queue.
 */
final class FastFiber extends LoopFiber {
    private final FiberScheduler scheduler;
    /** The task the JDK hands the loop each time this thread becomes runnable; set once by the loop. */
    @SuppressWarnings("NullAway.Init")
    FiberScheduler.OwnContinuation continuation;

    FastFiber(SelectorEventLoop loop, FiberScheduler scheduler, @Nullable Task<?> task, @Nullable Object context) {
        super(loop, task, context);
        this.scheduler = scheduler;
    }

    @Override
    void start() {
        thread().start();
    }

    @Override
    public void suspend() {
        suspended = true;
        while (!resumed) {
            LockSupport.park(this);
            if (Thread.interrupted()) {
                interruptedWhileSuspended();
            }
        }
        resumed = false;
        suspended = false;
        scheduler.fiberResumed(this);
    }

    @Override
    public void resume() {
        if (!resumed) {
            resumed = true;
            LockSupport.unpark(thread()); // the JDK hands our continuation to FiberScheduler.execute
        }
    }

    @Override
    void ensureAttached() {}

    @Override
    void leaveLoop() {
        scheduler.forgetContinuation(this);
    }
}
