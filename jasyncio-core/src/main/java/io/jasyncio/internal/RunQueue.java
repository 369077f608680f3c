package io.jasyncio.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jspecify.annotations.Nullable;

/**
 * A loop's ready queue and its cross-thread inbox, and where both go once the loop is closed.
 *
 * <p>The ready queue holds what the loop runs next: task continuations and compatibility-mode steps, internal
 * callbacks and user callbacks. It is loop-confined; other threads {@linkplain #addExternal offer} to the inbox,
 * which the loop drains into the ready queue once per iteration.
 *
 * <p>Cross-thread wake-up, a Dekker handshake on volatile fields: a producer offers to the inbox, then wakes the
 * selector only if the loop published {@code sleeping = 1}; the loop publishes it ({@link #prepareToSleep}),
 * re-checks the inbox, then selects. Either the producer sees the flag, or the loop sees the entry.
 *
 * <p>After {@link #markClosed()} nothing is queued any more: continuations go to the loop's {@link Reaper} (so their
 * tasks see "event loop is closed" and end) and callbacks are dropped.
 */
final class RunQueue {
    private static final VarHandle SLEEPING;

    static {
        try {
            SLEEPING = MethodHandles.lookup().findVarHandle(RunQueue.class, "sleeping", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Loop-confined: what runs next, in order. */
    private final ArrayDeque<Runnable> ready = new ArrayDeque<>(256);
    /** Written by any thread, drained by the loop thread. */
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    /** Runs the continuations that arrive after close. */
    private final Reaper reaper;
    /** Wakes the loop thread from its select (thread-safe). */
    private final Runnable wakeup;

    /** 1 while the loop thread blocks (or is about to block) in select; written by the loop, cleared by a waker. */
    @SuppressWarnings("UnusedVariable") // accessed through SLEEPING
    private volatile int sleeping;

    /** Set once by the loop thread when it closes; read by every thread that schedules. */
    private volatile boolean closed;

    RunQueue(Reaper reaper, Runnable wakeup) {
        this.reaper = reaper;
        this.wakeup = wakeup;
    }

    boolean isClosed() {
        return closed;
    }

    /** Appends an entry (after close: hands it to the reaper). Loop-confined. */
    void add(Runnable r) {
        if (closed) {
            reaper.submit(r);
        } else {
            ready.addLast(r);
        }
    }

    /** Puts an entry at the front: it runs before everything already queued. Loop-confined. */
    void addFirst(Runnable r) {
        ready.addFirst(r);
    }

    /** Appends an entry from any thread and wakes the loop if it sleeps (after close: hands it to the reaper). */
    void addExternal(Runnable r) {
        inbox.offer(r);
        // why this order: offer first, then read the flag (the loop writes the flag, then reads the inbox)
        if (closed) {
            drainToReaper();
        } else if ((int) SLEEPING.getVolatile(this) == 1 && SLEEPING.compareAndSet(this, 1, 0)) {
            wakeup.run();
        }
    }

    /** Moves what other threads offered into the ready queue, in their order. Loop-confined. */
    void drainInbox() {
        Runnable r;
        while ((r = inbox.poll()) != null) {
            ready.addLast(r);
        }
    }

    /**
     * Publishes that the loop is about to block; returns whether it may (nothing arrived in the inbox meanwhile).
     * Always follow with {@link #awake()}.
     */
    boolean prepareToSleep() {
        SLEEPING.setVolatile(this, 1);
        return inbox.isEmpty();
    }

    /** The loop is running again: producers need not wake it. */
    void awake() {
        SLEEPING.setVolatile(this, 0);
    }

    boolean isEmpty() {
        return ready.isEmpty();
    }

    boolean inboxIsEmpty() {
        return inbox.isEmpty();
    }

    int size() {
        return ready.size();
    }

    @Nullable
    Runnable peekFirst() {
        return ready.peekFirst();
    }

    @Nullable
    Runnable pollFirst() {
        return ready.pollFirst();
    }

    /** Marks the queue closed: from now on entries go to the reaper (continuations) or are dropped (callbacks). */
    void markClosed() {
        closed = true;
    }

    /**
     * Empties a closed queue: queued continuations go to the reaper (dropped, their tasks would stay suspended for
     * good: no {@code finally} block, a leaked thread), queued callbacks are dropped, as asyncio does.
     */
    void reapQueued() {
        Runnable queued;
        while ((queued = ready.pollFirst()) != null) {
            reaper.submit(queued);
        }
        drainToReaper();
    }

    /** Hands a late continuation to the reaper (never throws). */
    void reap(Runnable r) {
        reaper.submit(r);
    }

    private void drainToReaper() {
        Runnable r;
        while ((r = inbox.poll()) != null) {
            reaper.submit(r);
        }
    }
}
