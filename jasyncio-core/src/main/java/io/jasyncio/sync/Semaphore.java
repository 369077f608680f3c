package io.jasyncio.sync;

/**
 * A counter of permits that tasks acquire and release (asyncio's {@code Semaphore}), typically to bound
 * concurrency; FIFO-fair: a released permit goes directly to the task that has waited longest.
 *
 * {@snippet :
 * Semaphore slots = new Semaphore(10);
 * for (String url : urls) {
 *     Asyncio.createTask(() -> {
 *         try (Guard g = slots.acquire()) {
 *             return fetch(url); // at most 10 fetches at a time
 *         }
 *     });
 * }
 * }
 *
 * <p>{@link #release()} may raise the count above its initial value; {@link BoundedSemaphore} forbids that.
 *
 * <h2>Thread safety</h2>
 * Loop-confined (bound to the first loop that uses it).
 */
public sealed class Semaphore permits BoundedSemaphore {
    private final WaitQueue waiters;
    private int value;

    /**
     * Creates a semaphore.
     *
     * @param permits the initial number of permits
     * @throws IllegalArgumentException if negative
     */
    public Semaphore(int permits) {
        this(permits, "Semaphore");
    }

    Semaphore(int permits, String name) {
        if (permits < 0) {
            throw new IllegalArgumentException("initial permits must be >= 0: " + permits);
        }
        this.value = permits;
        this.waiters = new WaitQueue(name);
    }

    /**
     * Takes a permit, suspending until one is free; returns a guard that gives it back.
     *
     * <p><b>Cancellation:</b> a task cancelled while waiting throws {@link io.jasyncio.CancelledException} and
     * keeps no permit, even when a permit had been handed to it just before the cancellation (it had not resumed
     * yet): that permit goes on to the next waiter, or back to the count.
     *
     * @return a guard for try-with-resources that calls {@link #release()}
     */
    public Guard acquire() {
        waiters.checkLoop();
        if (value > 0 && waiters.isEmpty()) {
            value--;
        } else {
            // a permit handed to a waiter that is cancelled before it resumed goes on to the next one
            waiters.park(handedOver -> release());
        }
        return new Guard(this::release);
    }

    /**
     * Takes a permit if one is free and nobody waits, without suspending.
     *
     * @return {@code true} if taken (give it back with {@link #release()})
     */
    public boolean tryAcquire() {
        waiters.checkLoop();
        if (value > 0 && waiters.isEmpty()) {
            value--;
            return true;
        }
        return false;
    }

    /** Gives a permit back, handing it to the longest-waiting task if there is one. */
    public void release() {
        waiters.checkLoop();
        checkRelease(value);
        if (!waiters.unparkFirst(null)) {
            value++;
        }
    }

    /**
     * Checks a release against the bound (overridden by {@link BoundedSemaphore}).
     *
     * @param current the free permits before the release
     */
    void checkRelease(int current) {}

    /**
     * Returns the number of free permits.
     *
     * @return the free permits
     */
    public int availablePermits() {
        return value;
    }

    /**
     * Returns whether an acquire would suspend now (asyncio's {@code locked()}).
     *
     * @return {@code true} if no permit is free or tasks are waiting
     */
    public boolean isLocked() {
        return value == 0 || !waiters.isEmpty();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[permits=" + value + ", waiters=" + waiters.size() + "]";
    }
}
