package io.jasyncio.sync;

/**
 * A mutual-exclusion lock for tasks (asyncio's {@code Lock}); FIFO-fair: the lock passes directly to the task
 * that has waited longest.
 *
 * {@snippet :
 * Lock lock = new Lock();
 * try (Guard g = lock.acquire()) {
 *     balance = balance + read(); // no other task of this loop runs this block meanwhile
 * }
 * }
 *
 * <p>Code between two awaits already runs alone; a lock is needed only when a critical section awaits. The
 * lock has no owner: any task may release it, as in asyncio. It is not reentrant.
 *
 * <h2>Thread safety</h2>
 * Loop-confined: the lock binds to the first event loop that uses it; use from another loop or thread throws
 * {@link IllegalStateException}.
 */
public final class Lock {
    private final WaitQueue waiters = new WaitQueue("Lock");
    private boolean locked;

    /** Creates an unlocked lock. */
    public Lock() {}

    /**
     * Acquires the lock, suspending until it is free; returns a guard that releases it.
     *
     * <p><b>Cancellation:</b> a task cancelled while waiting throws {@link io.jasyncio.CancelledException} and
     * never holds the lock, even when the lock had been handed to it just before the cancellation (it had not
     * resumed yet): the lock then goes on to the next waiter, or is unlocked, and the critical section does not
     * run.
     *
     * @return a guard for try-with-resources
     */
    public Guard acquire() {
        acquireRaw();
        return new Guard(this::release);
    }

    void acquireRaw() {
        waiters.checkLoop();
        if (!locked && waiters.isEmpty()) {
            locked = true;
            return;
        }
        // ownership is handed over by release(), the lock staying locked for us; a waiter cancelled after the
        // hand-off passes it on, as asyncio's Lock.acquire wakes the next waiter
        waiters.park(handedOver -> release());
    }

    /**
     * Acquires the lock if it is free and nobody waits for it, without suspending.
     *
     * @return {@code true} if acquired (release it with {@link #release()})
     */
    public boolean tryAcquire() {
        waiters.checkLoop();
        if (!locked && waiters.isEmpty()) {
            locked = true;
            return true;
        }
        return false;
    }

    /**
     * Releases the lock, handing it to the longest-waiting task if there is one.
     *
     * @throws IllegalStateException if the lock is not held
     */
    public void release() {
        waiters.checkLoop();
        if (!locked) {
            throw new IllegalStateException("release of an unlocked Lock");
        }
        if (!waiters.unparkFirst(null)) {
            locked = false;
        }
    }

    /**
     * Returns whether the lock is held.
     *
     * @return {@code true} when held
     */
    public boolean isLocked() {
        return locked;
    }

    @Override
    public String toString() {
        return "Lock[" + (locked ? "locked" : "unlocked") + ", waiters=" + waiters.size() + "]";
    }
}
