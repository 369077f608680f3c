package io.jasyncio.sync;

/**
 * A {@link Semaphore} that refuses to be released more often than it was acquired (asyncio's
 * {@code BoundedSemaphore}): over-release is a bug, reported by an exception.
 *
 * {@snippet :
 * BoundedSemaphore pool = new BoundedSemaphore(4);
 * try (Guard g = pool.acquire()) {
 *     use();
 * }
 * pool.release(); // IllegalStateException: would exceed the initial 4 permits
 * }
 *
 * <h2>Thread safety</h2>
 * Loop-confined (bound to the first loop that uses it).
 */
public final class BoundedSemaphore extends Semaphore {
    private final int bound;

    /**
     * Creates a bounded semaphore.
     *
     * @param permits the initial and maximum number of permits
     * @throws IllegalArgumentException if negative
     */
    public BoundedSemaphore(int permits) {
        super(permits, "BoundedSemaphore");
        this.bound = permits;
    }

    @Override
    void checkRelease(int current) {
        if (current >= bound) {
            throw new IllegalStateException("BoundedSemaphore released too many times (bound " + bound + ")");
        }
    }
}
