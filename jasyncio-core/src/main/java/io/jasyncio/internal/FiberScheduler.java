package io.jasyncio.internal;

import io.jasyncio.SchedulingMode;
import io.jasyncio.Task;
import io.jasyncio.spi.Fiber;
import io.jasyncio.spi.LoopCore;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * How a loop runs its fibers (tasks and the callback runner), one step at a time, on its carrier thread.
 *
 * <ul>
 *   <li><b>Fast mode:</b> the loop is the virtual threads' scheduler ({@link #execute}); a step is a continuation
 *       in the ready queue, and the loop runs it by calling it.
 *   <li><b>Compatibility mode:</b> fibers are default-scheduler virtual threads that run only while they hold the
 *       loop's run permit ({@link #grantAndWait}, {@link #releasePermit}).
 * </ul>
 *
 * It also answers "who is calling": the thread checks of loop-confined code ({@link #checkOtherThread}), the task
 * check of awaits ({@link #fiberForAwait}), and the re-attach of compatibility-mode fibers after user code.
 *
 * <p>Loop-confined, except {@link #execute}, {@link #releasePermit} and the checks, which any thread may call.
 */
final class FiberScheduler implements Executor {
    private static final System.Logger LOG = System.getLogger("io.jasyncio");
    /**
     * How many awaits a task may start after its loop closed (each throws "event loop is closed" at once) before
     * it counts as refusing to end and is abandoned: enough for cleanup code, bounded for a task that swallows
     * every cancellation in a loop.
     */
    private static final int AWAITS_AFTER_CLOSE = 1000;

    private final SelectorEventLoop loop;
    private final RunQueue queue;
    private final SchedulingMode mode;
    /** {@code mode == FAST}, for the hot checks. */
    final boolean fast;
    /** Fast mode: builds virtual threads whose scheduler is {@link #execute}; {@code null} in compatibility mode. */
    private final Thread.Builder.@Nullable OfVirtual fastBuilder;
    /** Loop thread only: true while {@link #capture} starts or resumes one of our fibers. */
    private boolean capturing;
    /** Loop thread only: the continuation {@link #execute} caught while capturing. */
    private @Nullable Runnable captured;
    /** Compatibility mode: the run permit that one fiber at a time holds for a step. */
    private final RunPermit permit;
    /** The fiber whose step runs now (for debug reports); written by the loop thread and by a starting task. */
    private volatile @Nullable LoopFiber runningFiber;

    private static volatile boolean compatWarned;

    /**
     * The mode a loop runs in: the one asked for, else fast mode when the JVM allows it; falling back to
     * compatibility mode is logged once, at WARNING, naming the flag.
     *
     * @throws IllegalStateException if fast mode is asked for and unavailable
     */
    static SchedulingMode chooseMode(@Nullable SchedulingMode wanted) {
        if (wanted == SchedulingMode.FAST && !VirtualThreads.available()) {
            throw new IllegalStateException("fast mode needs --add-opens java.base/java.lang=ALL-UNNAMED ("
                    + VirtualThreads.unavailableReason() + ")");
        }
        if (wanted != null) {
            return wanted;
        }
        if (VirtualThreads.available()) {
            return SchedulingMode.FAST;
        }
        if (!compatWarned) {
            compatWarned = true;
            LOG.log(
                    System.Logger.Level.WARNING,
                    "jasyncio runs in compatibility mode (slower task switches); add the JVM option"
                            + " --add-opens java.base/java.lang=ALL-UNNAMED for fast mode");
        }
        return SchedulingMode.COMPAT;
    }

    FiberScheduler(SelectorEventLoop loop, RunQueue queue, SchedulingMode mode) {
        this.loop = loop;
        this.queue = queue;
        this.mode = mode;
        this.fast = mode == SchedulingMode.FAST;
        this.fastBuilder = mode == SchedulingMode.FAST ? VirtualThreads.builder(this) : null;
        this.permit = new RunPermit(queue);
    }

    SchedulingMode mode() {
        return mode;
    }

    // ------------------------------------------------------------------------------------------------
    // making and running fibers

    /**
     * Returns a new fiber (not started) that runs {@code body}: a task's, starting with the context-variable values
     * {@code context}, or the callback runner's.
     */
    LoopFiber newFiber(@Nullable Task<?> task, String name, Runnable body, @Nullable Object context) {
        if (fastBuilder != null) {
            FastFiber f = new FastFiber(loop, this, task, context);
            f.setThread(fastBuilder.name(name).unstarted(() -> {
                try {
                    body.run();
                } finally {
                    forgetContinuation(f); // the thread ends: the JDK will not schedule it again
                }
            }));
            f.continuation = VirtualThreads.wrapContinuation(f.thread(), jdk -> new OwnContinuation(this, jdk));
            return f;
        }
        HandoffFiber f = new HandoffFiber(loop, this, task, context);
        f.setThread(Thread.ofVirtual().name(name).unstarted(() -> {
            f.awaitGrant();
            try {
                body.run();
            } finally {
                f.finish();
            }
        }));
        return f;
    }

    /**
     * The virtual-thread scheduler of fast mode. Never throws and never runs {@code r} inline. Only this loop's own
     * fibers run on it: the continuation of any other virtual thread (one a task started itself, which inherited
     * the loop as its scheduler) goes to the JDK's default scheduler.
     */
    @Override
    public void execute(Runnable r) {
        Thread lt = loop.loopThreadOrNull();
        if (capturing && (Thread.currentThread() == lt || VirtualThreads.currentCarrier() == lt)) {
            captured = r; // only set around starting or resuming one of our own fibers
            return;
        }
        if (!(r instanceof OwnContinuation own) || own.scheduler != this || own.forgotten) {
            VirtualThreads.defaultScheduler().execute(r);
        } else if (lt != null && VirtualThreads.currentCarrier() == lt) {
            queue.add(r); // (after close: to the reaper)
        } else {
            queue.addExternal(r);
        }
    }

    /** Fast mode: stops counting a fiber's continuation as this loop's (it ended, or was abandoned). */
    void forgetContinuation(FastFiber f) {
        f.continuation.forgotten = true;
    }

    /**
     * Fast mode: the task one of this loop's fibers hands its scheduler, wrapping the JDK's. A virtual thread that a
     * task starts itself inherits the loop as its scheduler but keeps the JDK's plain task, so {@link #execute}
     * tells this loop's fibers from those by type, with no registry to update per fiber.
     */
    static final class OwnContinuation implements Runnable {
        final FiberScheduler scheduler;
        private final Runnable jdk;
        /** Set when the fiber ended or was abandoned: its steps (if any) go to the JDK's default scheduler. */
        volatile boolean forgotten;

        OwnContinuation(FiberScheduler scheduler, Runnable jdk) {
            this.scheduler = scheduler;
            this.jdk = jdk;
        }

        @Override
        public void run() {
            jdk.run();
        }
    }

    /**
     * Fast mode: runs {@code action} (which starts or resumes one of our fibers) and returns the continuation the JDK
     * handed to {@link #execute} meanwhile, instead of queuing it. The one capture routine: running a fiber now,
     * starting the callback runner, starting a task eagerly.
     */
    private @Nullable Runnable capture(Runnable action) {
        capturing = true;
        try {
            action.run();
        } finally {
            capturing = false;
        }
        Runnable c = captured;
        captured = null;
        return c;
    }

    /** Runs a suspended fiber at once, on the loop thread, until it suspends or ends. */
    void runNow(LoopFiber f) {
        if (f instanceof HandoffFiber hf) {
            grantAndWait(hf);
        } else {
            runCaptured(capture(f::resume));
        }
    }

    /** Starts a fiber and runs its first step at once, on the loop thread (the callback runner). */
    void startNow(LoopFiber f) {
        if (f instanceof HandoffFiber hf) {
            hf.thread().start();
            grantAndWait(hf);
        } else {
            runCaptured(capture(f.thread()::start));
        }
    }

    /** Queues a compatibility-mode step (loop-confined; after close: to the reaper). */
    void schedule(Runnable step) {
        queue.add(step);
    }

    /** Queues a compatibility-mode step from the fiber's own thread (a re-attach), waking the loop. */
    void scheduleExternal(Runnable step) {
        queue.addExternal(step);
    }

    private static void runCaptured(@Nullable Runnable c) {
        if (c != null) {
            c.run();
        }
    }

    /**
     * Eager start (asyncio 3.12's eager task factory): the creating task steps aside, the new task runs at once
     * up to its first suspension (or to its end), then the creator continues, before anything else the loop
     * has queued. Both are loop steps run back to back, so no other task or callback sees the difference.
     */
    void startEagerly(LoopFiber parent, LoopFiber child) {
        Runnable firstStep;
        if (child instanceof HandoffFiber hc) {
            hc.thread().start();
            firstStep = hc.step;
        } else {
            Runnable c = capture(child.thread()::start);
            if (c == null) {
                throw new IllegalStateException("the new task's first step was not handed to the loop");
            }
            firstStep = c;
        }
        queue.addFirst(new EagerStart(firstStep, parent));
        parent.suspend();
    }

    /** A ready-queue entry: a new task's first step, then its creator's continuation, back to back. */
    private final class EagerStart implements Runnable {
        private final Runnable firstStep;
        private final LoopFiber parent;

        EagerStart(Runnable firstStep, LoopFiber parent) {
            this.firstStep = firstStep;
            this.parent = parent;
        }

        @Override
        public void run() {
            loop.runStep(firstStep);
            // the new task may itself have started tasks eagerly: they come first, innermost first
            while (queue.peekFirst() instanceof EagerStart nested) {
                queue.pollFirst();
                nested.run();
            }
            runNow(parent);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // compatibility mode: the run permit

    /** Compatibility mode: gives a fiber the run permit and waits until it gives it back or blocks outside. */
    void grantAndWait(HandoffFiber f) {
        runningFiber = f;
        permit.grantAndWait(f);
        if (Thread.currentThread() != loop.loopThreadOrNull()) {
            runningFiber = null; // on the loop thread, runStep reports the step and then clears it
        }
    }

    /** Compatibility mode: the fiber (its own thread) gives the permit back. */
    void releasePermit(HandoffFiber f) {
        permit.release(f);
    }

    // ------------------------------------------------------------------------------------------------
    // who is calling

    /**
     * The loop's thread check ({@code LoopCore.checkThread}) for a caller that is neither the loop thread nor, in
     * fast mode, a fiber on it: a compatibility-mode fiber of this loop re-attaches (a foreign blocking call may have
     * detached it); anything else throws.
     */
    void checkOtherThread(Thread lt) {
        LoopFiber f = fast ? null : ownFiber();
        if (f != null) {
            f.ensureAttached();
            return;
        }
        Thread me = Thread.currentThread();
        throw new IllegalStateException("this loop's objects must be used from its own thread (loop "
                + loop.id + " runs on " + lt.getName() + ", called from " + me.getName()
                + "); use callSoonThreadsafe from other threads");
    }

    /**
     * Returns whether the caller runs loop code of this running loop right now: the loop thread itself, or a task or
     * the callback runner holding the loop (in compatibility mode: attached, holding the run permit).
     */
    boolean onLoop() {
        Thread lt = loop.loopThreadOrNull();
        if (lt == null) {
            return false;
        }
        if (Thread.currentThread() == lt) {
            return true;
        }
        if (mode == SchedulingMode.FAST) {
            return VirtualThreads.currentCarrier() == lt;
        }
        LoopFiber f = ownFiber();
        return f != null && permit.isHeldBy(f);
    }

    /** Returns the calling thread's fiber if it is one of this loop's (a task or the callback runner), else null. */
    @Nullable
    LoopFiber ownFiber() {
        Fiber f = Fiber.current();
        return f != null && f.loop() == loop && f.thread() == Thread.currentThread() ? (LoopFiber) f : null;
    }

    /**
     * Returns the fiber of the task calling an await; throws when the caller is not a task of this loop. In
     * compatibility mode it first re-attaches; after close it counts the awaits and abandons a task that will not
     * end.
     */
    LoopFiber fiberForAwait() {
        Fiber current = Fiber.current();
        if (current == null || current.loop() != loop || current.thread() != Thread.currentThread()) {
            throw new IllegalStateException(
                    current == null || current.thread() != Thread.currentThread()
                            ? "await must be called from a task (use Asyncio.run or createTask)"
                            : "cannot await a future of another event loop (it belongs to loop " + loop.id + "); "
                                    + LoopCore.OTHER_LOOP_BRIDGE);
        }
        LoopFiber f = (LoopFiber) current;
        Task<?> t = f.ownTask();
        if (t == null) {
            throw new IllegalStateException("callbacks cannot await; start a task with createTask");
        }
        f.ensureAttached();
        if (queue.isClosed() && ++f.awaitsAfterClose > AWAITS_AFTER_CLOSE) {
            // The task catches "event loop is closed" and awaits again, forever: it would hold the reaper (fast
            // mode) or a carrier of the default scheduler (compatibility mode) for good. Report it and park its
            // thread for good instead.
            LOG.log(
                    System.Logger.Level.WARNING,
                    "task could not be reaped after its event loop closed (it swallows the cancellation and awaits"
                            + " again); abandoned, its thread stays parked: " + t + stackOf(f.thread()));
            f.abandon();
        }
        return f;
    }

    private static String stackOf(Thread t) {
        StringBuilder sb = new StringBuilder();
        for (StackTraceElement e : t.getStackTrace()) {
            sb.append("\n    at ").append(e);
        }
        return sb.toString();
    }

    /** Returns the calling task's fiber if the caller is a task of this loop, else {@code null}. */
    @Nullable
    LoopFiber currentTaskFiber() {
        LoopFiber f = ownFiber();
        return f != null && f.task() != null ? f : null;
    }

    /**
     * Re-attaches the calling fiber after user code it called returned (compatibility mode: the user code may have
     * been detached by a foreign blocking call, and library code never runs without the run permit). A no-op in
     * fast mode and off the loop's fibers.
     */
    void afterUserCode() {
        if (mode == SchedulingMode.COMPAT) {
            LoopFiber f = ownFiber();
            if (f != null) {
                f.ensureAttached();
            }
        }
    }

    // ------------------------------------------------------------------------------------------------
    // the running step (debug reports, the watchdog)

    @Nullable
    LoopFiber runningFiber() {
        return runningFiber;
    }

    /** Records the fiber whose step runs now. */
    void running(@Nullable LoopFiber f) {
        runningFiber = f;
    }

    /** Fast mode: a fiber resumed on the carrier; debug reports name it (cleared by the loop after the step). */
    void fiberResumed(LoopFiber f) {
        if (loop.debug.isOn()) {
            runningFiber = f;
        }
    }

    /** Forgets the fiber of the step that just ended: never keep it (and its task) reachable, nor blame it next. */
    void stepEnded() {
        if (runningFiber != null) {
            runningFiber = null;
        }
    }
}
