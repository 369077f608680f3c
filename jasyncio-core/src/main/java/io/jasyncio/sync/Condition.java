package io.jasyncio.sync;

import io.jasyncio.CancelledException;
import java.util.function.BooleanSupplier;

/**
 * A condition variable for tasks (asyncio's {@code Condition}): tasks holding the lock wait until another
 * task signals a change.
 *
 * {@snippet :
 * Condition changed = new Condition();
 * // consumer
 * try (Guard g = changed.acquire()) {
 *     changed.awaitFor(() -> !items.isEmpty());
 *     use(items.removeFirst());
 * }
 * // producer
 * try (Guard g = changed.acquire()) {
 *     items.add(x);
 *     changed.signal();
 * }
 * }
 *
 * <p>Signals wake waiters in FIFO order. A woken waiter re-acquires the lock before {@link #await()} returns.
 *
 * <h2>Thread safety</h2>
 * Loop-confined (bound to the first loop that uses it).
 */
public final class Condition {
    private final Lock lock;
    private final WaitQueue waiters = new WaitQueue("Condition");

    /** Creates a condition with a lock of its own. */
    public Condition() {
        this(new Lock());
    }

    /** Creates a condition over an existing lock. */
    public Condition(Lock lock) {
        this.lock = lock;
    }

    /**
     * Acquires the underlying lock; see {@link Lock#acquire()}.
     *
     * <p><b>Cancellation:</b> as {@link Lock#acquire()}.
     *
     * @return a guard that releases it
     */
    public Guard acquire() {
        return lock.acquire();
    }

    /**
     * Releases the underlying lock.
     *
     * @throws IllegalStateException if it is not held
     */
    public void release() {
        lock.release();
    }

    /**
     * Returns whether the underlying lock is held.
     *
     * @return {@code true} when held
     */
    public boolean isLocked() {
        return lock.isLocked();
    }

    /**
     * Releases the lock, suspends until signalled, then re-acquires the lock.
     *
     * <p><b>Cancellation:</b> the lock is always re-acquired before the {@link CancelledException} propagates,
     * so the caller's guard stays valid. A signal that reached the task just before its cancellation (it had not
     * resumed yet) is passed on to the next waiter rather than lost, and this throws.
     *
     * @throws IllegalStateException if the lock is not held
     */
    public void await() {
        waiters.checkLoop();
        checkLocked("await");
        lock.release();
        CancelledException cancelled = null;
        boolean signalled = false;
        try {
            // a signal handed to this task is passed on at once if the task is cancelled before it resumed
            waiters.park(signal -> waiters.unparkFirst(null));
            signalled = true;
        } catch (CancelledException e) {
            cancelled = e;
        }
        while (true) {
            try {
                lock.acquireRaw();
                break;
            } catch (CancelledException e) {
                cancelled = e;
            }
        }
        if (cancelled != null) {
            if (signalled) {
                waiters.unparkFirst(null); // cancelled while re-acquiring the lock: this await throws, pass it on
            }
            throw cancelled;
        }
    }

    /**
     * Waits until {@code predicate} is true, checking it first and after every signal (with the lock held).
     *
     * <p><b>Cancellation:</b> as {@link #await()}.
     *
     * @param predicate the condition to wait for
     * @throws IllegalStateException if the lock is not held
     */
    public void awaitFor(BooleanSupplier predicate) {
        while (!predicate.getAsBoolean()) {
            await();
        }
    }

    /**
     * Wakes the longest-waiting task, if any.
     *
     * @throws IllegalStateException if the lock is not held
     */
    public void signal() {
        signal(1);
    }

    /**
     * Wakes up to {@code n} waiting tasks, longest-waiting first.
     *
     * @param n how many
     * @throws IllegalStateException if the lock is not held
     */
    public void signal(int n) {
        waiters.checkLoop();
        checkLocked("signal");
        for (int i = 0; i < n && waiters.unparkFirst(null); i++) {
            // woken in FIFO order
        }
    }

    /**
     * Wakes every waiting task.
     *
     * @throws IllegalStateException if the lock is not held
     */
    public void signalAll() {
        waiters.checkLoop();
        checkLocked("signalAll");
        waiters.unparkAll(null);
    }

    private void checkLocked(String what) {
        if (!lock.isLocked()) {
            throw new IllegalStateException("Condition." + what + " needs the lock to be held");
        }
    }

    @Override
    public String toString() {
        return "Condition[" + lock + ", waiters=" + waiters.size() + "]";
    }
}
