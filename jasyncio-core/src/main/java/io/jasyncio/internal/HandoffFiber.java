package io.jasyncio.internal;

import io.jasyncio.Task;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * A compatibility-mode fiber: an ordinary (default-scheduler) virtual thread that runs only while it holds the
 * loop's run permit. The loop grants the permit and waits until the fiber gives it back by suspending or
 * ending, so exactly one step runs at a time, as in fast mode.
 *
 * <p>A task or callback blocked in a foreign call (e.g. {@code Thread.sleep}, a blocking socket) still holds the
 * permit; the loop notices and <em>detaches</em> it so the loop stays responsive:
 * {@code ATTACHED -> DETACHING -> DETACHED} (or back to {@code ATTACHED} when the thread turned out to be
 * running). Only a wait in user code is detached, never one inside jasyncio's own code ({@link LoopFrames}).
 * The fiber re-attaches (waits for a new grant) before library code touches loop state again: at its next call
 * into jasyncio, and where library code regains control from the user code it called (the end of a task body or
 * a callback: {@link FiberScheduler#afterUserCode()}). User code between the foreign call's return and that
 * point runs beside the loop; docs/design.md ("Tasks are fibers") states the guarantee.
 */
final class HandoffFiber extends LoopFiber {
    static final int ATTACHED = 0;
    static final int DETACHING = 1;
    static final int DETACHED = 2;
    private static final VarHandle ATTACH;

    static {
        try {
            ATTACH = MethodHandles.lookup().findVarHandle(HandoffFiber.class, "attach", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Set by the granting thread (the loop's) when it grants the permit; cleared by the fiber when it takes it. */
    private volatile boolean granted;
    /**
     * {@code ATTACHED}, {@code DETACHING} or {@code DETACHED}; meaningful while the fiber holds the permit. Set to
     * {@code ATTACHED} by the granting thread, moved to {@code DETACHING}/{@code DETACHED} by the waiting loop
     * thread only.
     */
    @SuppressWarnings("UnusedVariable") // accessed through ATTACH
    private volatile int attach;
    /** The ready-queue entry that runs one step of this fiber. */
    final Runnable step = this::step;

    private final FiberScheduler scheduler;

    HandoffFiber(SelectorEventLoop loop, FiberScheduler scheduler, @Nullable Task<?> task, @Nullable Object context) {
        super(loop, task, context);
        this.scheduler = scheduler;
    }

    private void step() {
        scheduler.grantAndWait(this);
    }

    @Override
    void start() {
        thread().start();
        scheduler.schedule(step);
    }

    /** Called by the loop thread: gives this fiber the permit. */
    void grant() {
        // why this order: attached before granted, so the fiber never runs a step while still marked detached
        ATTACH.setVolatile(this, ATTACHED);
        granted = true;
        LockSupport.unpark(thread());
    }

    /** Called by the fiber's own thread: waits until the loop grants the permit. */
    void awaitGrant() {
        while (!granted) {
            LockSupport.park(this);
            if (Thread.interrupted()) {
                interruptedWhileSuspended();
            }
        }
        granted = false;
    }

    /** Loop side: tries to detach a permit holder that is blocked outside the loop. */
    boolean tryDetach() {
        if (!ATTACH.compareAndSet(this, ATTACHED, DETACHING)) {
            return false;
        }
        // second look, now that the fiber cannot slip into loop code unnoticed: ensureAttached spins on DETACHING
        if (isBlockedInForeignCall()) {
            ATTACH.setVolatile(this, DETACHED);
            return true;
        }
        ATTACH.setVolatile(this, ATTACHED);
        return false;
    }

    @Override
    public void suspend() {
        ensureAttached(); // library code runs with the permit only: a detached fiber waits for a grant first
        // why this order: "suspended" before the permit goes back, so the loop (quiescence, close, detach) never
        // sees the fiber without the permit yet not suspended
        suspended = true;
        scheduler.releasePermit(this);
        awaitGrant();
        // cleared while holding the permit again: the loop reads them only when no step runs
        resumed = false;
        suspended = false;
    }

    @Override
    public void resume() {
        if (!resumed) {
            resumed = true;
            scheduler.schedule(step);
        }
    }

    @Override
    void ensureAttached() {
        int s;
        // DETACHING lasts one stack-trace look by the loop thread: wait it out rather than race its decision
        while ((s = (int) ATTACH.getVolatile(this)) == DETACHING) {
            Thread.onSpinWait();
        }
        if (s == DETACHED) {
            // the loop gave up on this step: ask for a new one through the inbox (this is not the loop thread),
            // then wait for its grant before touching loop state
            scheduler.scheduleExternal(step);
            awaitGrant();
        }
    }

    @Override
    void leaveLoop() {
        ensureAttached();
        scheduler.releasePermit(this);
    }

    /** Called by the fiber's own thread when its body has ended: gives the permit back for good. */
    void finish() {
        ensureAttached();
        scheduler.releasePermit(this);
    }
}
