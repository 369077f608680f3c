package io.jasyncio.sync;

import io.jasyncio.CancelledException;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.FutureState;
import io.jasyncio.spi.Fiber;
import io.jasyncio.spi.LoopCore;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The one fair wait queue under every primitive of {@code io.jasyncio.sync} (the idea of Trio's
 * {@code ParkingLot}): tasks park in FIFO order, each on a future of its own; whoever changes the primitive's
 * state unparks them, handing each a value directly (a lock's ownership, a permit, a queue item).
 *
 * <p>Direct hand-off is what makes the primitives fair (no barging: a task that arrives later cannot take what
 * was handed to an earlier one) and cancellation-safe: a parked task that is cancelled before anything was
 * handed to it leaves the queue without a trace. One that was handed a value but is cancelled before it
 * resumed throws {@link CancelledException} all the same (as every await does) and the value goes to the
 * primitive's {@code giveBack}, which passes it on (to the next waiter, or back into the primitive):
 * <pre>
 *   unparkFirst(v) -> waiter queued to resume -> waiter.cancel() -> park throws -> giveBack(v) -> next waiter
 * </pre>
 *
 * <p>The queue binds to the first loop that uses it (as asyncio's primitives do) and refuses any other loop
 * or thread with an {@link IllegalStateException} that names the primitive.
 */
final class WaitQueue {
    /** One parked task. */
    static final class Waiter {
        private final Future<@Nullable Object> future;
        private @Nullable Waiter prev;
        private @Nullable Waiter next;
        private boolean linked;

        private Waiter(Future<@Nullable Object> future) {
            this.future = future;
        }

        /**
         * Resumes the parked task with a value (it must have been taken with {@link WaitQueue#poll()}).
         *
         * @param value what {@link WaitQueue#park} returns in the parked task
         */
        void wake(@Nullable Object value) {
            future.setResult(value);
        }
    }

    private final String owner;
    /** The loop it is bound to (the first that used it). */
    private @Nullable LoopCore loop;

    private @Nullable Waiter head;
    private @Nullable Waiter tail;

    /**
     * Creates an empty queue.
     *
     * @param owner the primitive's name, for error messages
     */
    WaitQueue(String owner) {
        this.owner = owner;
    }

    /**
     * Checks that the caller runs on the loop this queue is bound to (binding it on first use).
     *
     * @throws IllegalStateException outside a loop, on another thread, or on another loop
     */
    LoopCore checkLoop() {
        Fiber f = Fiber.current();
        if (f == null) {
            throw new IllegalStateException("this " + owner + " is confined to its event loop: use it from a task or"
                    + " callback of that loop (called from thread "
                    + Thread.currentThread().getName()
                    + "; from other threads go through loop.callSoonThreadsafe)");
        }
        LoopCore current = f.loop();
        LoopCore bound = loop;
        if (bound == null) {
            loop = current;
            return current;
        }
        if (bound != current) {
            throw new IllegalStateException("this " + owner + " is bound to another event loop (" + bound + ")");
        }
        bound.checkThread();
        return bound;
    }

    /**
     * Suspends the current task until another party unparks it.
     *
     * <p><b>Cancellation:</b> if the task is cancelled before being unparked, it leaves the queue and the
     * {@link CancelledException} propagates. If it was unparked but cancelled before it resumed, the
     * {@code CancelledException} propagates too, after the value it was handed went to {@code giveBack}: the
     * caller must never lose or keep what it did not return.
     *
     * @param giveBack receives the value that was handed over when the park ends by an exception anyway (a
     *     cancellation that arrived before the task resumed, or the loop closing); it runs in the parked task,
     *     before the exception propagates
     * @return the value handed over by {@link #unparkFirst} or {@link Waiter#wake}
     */
    @Nullable
    Object park(@Nullable Consumer<@Nullable Object> giveBack) {
        LoopCore l = checkLoop();
        l.requireTask();
        Waiter w = new Waiter(((EventLoop) l).createFuture()); // every loop is both views (LoopCore.of)
        link(w);
        try {
            return w.future.await();
        } catch (RuntimeException | Error e) {
            unlink(w);
            if (giveBack != null && w.future.state() == FutureState.SUCCESS) {
                giveBack.accept(w.future.resultNow());
            }
            throw e;
        }
    }

    /**
     * Returns whether no task waits (tasks cancelled but not yet resumed are not counted).
     *
     * @return {@code true} when nobody waits
     */
    boolean isEmpty() {
        pruneHead();
        return head == null;
    }

    /**
     * Counts the waiting tasks (linear in the queue's length).
     *
     * @return the number of waiting tasks
     */
    int size() {
        int n = 0;
        for (Waiter w = head; w != null; w = w.next) {
            if (!w.future.isDone()) {
                n++;
            }
        }
        return n;
    }

    /**
     * Removes and returns the longest-waiting task that still waits, without resuming it; call
     * {@link Waiter#wake} on it.
     *
     * @return the waiter, or {@code null} when nobody waits
     */
    @Nullable
    Waiter poll() {
        pruneHead();
        Waiter w = head;
        if (w != null) {
            unlink(w);
        }
        return w;
    }

    /**
     * Returns the longest-waiting task that still waits, leaving it in the queue.
     *
     * @return the waiter, or {@code null}
     */
    @Nullable
    Waiter peek() {
        pruneHead();
        return head;
    }

    /**
     * Resumes the longest-waiting task with a value.
     *
     * @param value the value its {@link #park} returns
     * @return {@code false} when nobody waits
     */
    boolean unparkFirst(@Nullable Object value) {
        Waiter w = poll();
        if (w == null) {
            return false;
        }
        w.wake(value);
        return true;
    }

    /**
     * Resumes every waiting task with the same value, in FIFO order.
     *
     * @param value the value their {@link #park} returns
     * @return how many were resumed
     */
    int unparkAll(@Nullable Object value) {
        int n = 0;
        Waiter w;
        while ((w = poll()) != null) {
            w.wake(value);
            n++;
        }
        return n;
    }

    private void pruneHead() {
        Waiter w = head;
        while (w != null && w.future.isDone()) {
            unlink(w);
            w = head;
        }
    }

    private void link(Waiter w) {
        w.linked = true;
        w.prev = tail;
        if (tail == null) {
            head = w;
        } else {
            tail.next = w;
        }
        tail = w;
    }

    private void unlink(Waiter w) {
        if (!w.linked) {
            return;
        }
        w.linked = false;
        Waiter p = w.prev;
        Waiter n = w.next;
        if (p == null) {
            head = n;
        } else {
            p.next = n;
        }
        if (n == null) {
            tail = p;
        } else {
            n.prev = p;
        }
        w.prev = null;
        w.next = null;
    }

    @Override
    public String toString() {
        return "WaitQueue[" + owner + ", waiting=" + size() + "]";
    }
}
