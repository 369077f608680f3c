package io.jasyncio.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Compatibility mode's run permit: the loop hands it to one fiber at a time for one step and waits until the fiber
 * gives it back (it suspends or ends), or blocks in a foreign call (then it is detached, see {@link HandoffFiber}).
 * <pre>
 *   waiter (the loop):  holder = f -> f.grant() (unpark f) -> park until released, looking every 1 ms for a
 *                       holder blocked in a foreign call
 *   fiber:              step ... -> release: holder f -> null -> unpark the waiter
 * </pre>
 *
 * <p>The waiter parks at once, without spinning: in compatibility mode the loop runs on a virtual thread (see
 * {@code SelectorEventLoop.runForever}), so parking it hands its carrier to the fiber it just granted, and the
 * release hands it back, without an OS thread switch. A spinning waiter would hold the very carrier, or core, the
 * step needs: with the other cores busy, each step then waited for the OS to preempt the spinner (14.9 µs per task
 * switch instead of 1.2 µs, issue #9). The waiter is a platform thread only while a closed loop ends its leftovers
 * (the closing thread, the reaper); those steps are rare and short.
 *
 * <p>Thread rules: {@code holder} is set by the waiter and cleared by the fiber (or, detaching, by the waiter); the
 * waiter is set by the waiting thread before it grants. One waiter at a time: the loop's thread, or the thread that
 * closes the loop or reaps it.
 */
final class RunPermit {
    private static final System.Logger LOG = System.getLogger("io.jasyncio");
    private static final VarHandle HOLDER;
    /** How often a parked waiter looks for a holder blocked in a foreign call (and, after close, gives up). */
    private static final long POLL_NANOS = 1_000_000L;
    /** After close, how long (real time) the reaper waits for a step before moving on. */
    private static final long REAP_STEP_NANOS = 1_000_000_000L;

    static {
        try {
            HOLDER = MethodHandles.lookup().findVarHandle(RunPermit.class, "holder", HandoffFiber.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final RunQueue queue;
    /** The fiber holding the permit, or {@code null}. */
    private volatile @Nullable HandoffFiber holder;
    /** The thread waiting in {@link #grantAndWait}; written by it before it grants, read by the releasing fiber. */
    private volatile @Nullable Thread waiter;

    RunPermit(RunQueue queue) {
        this.queue = queue;
    }

    /** Whether {@code f} holds the permit (attached, in a step). */
    boolean isHeldBy(LoopFiber f) {
        return holder == f;
    }

    /** Gives {@code f} the permit and waits until it gives it back or blocks outside (then detaches it). */
    void grantAndWait(HandoffFiber f) {
        // why this order: the waiter and the holder are published before the grant, because the fiber may release
        // (and look for the waiter to unpark) as soon as it is granted
        waiter = Thread.currentThread();
        holder = f;
        f.grant();
        long reapStart = queue.isClosed() ? System.nanoTime() : 0;
        while (holder == f) {
            // a release between the check and the park is not lost: its unpark makes this park return at once
            LockSupport.parkNanos(this, POLL_NANOS);
            if (holder == f && f.isBlockedInForeignCall() && f.tryDetach()) {
                HOLDER.compareAndSet(this, f, null);
            }
            if (queue.isClosed() && holder == f && System.nanoTime() - reapStart > REAP_STEP_NANOS) {
                // the reaper serves this loop's other leftovers too: do not wait for one forever
                LOG.log(
                        System.Logger.Level.WARNING,
                        "task could not be reaped after its event loop closed (it neither awaits nor ends): "
                                + f.task());
                break;
            }
        }
    }

    /** Called by the holding fiber's own thread: gives the permit back and wakes the waiter. */
    void release(HandoffFiber f) {
        if (HOLDER.compareAndSet(this, f, null)) {
            Thread w = waiter;
            if (w != null) {
                LockSupport.unpark(w);
            }
        }
    }
}
