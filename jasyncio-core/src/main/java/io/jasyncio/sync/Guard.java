package io.jasyncio.sync;

/**
 * A held {@link Lock} or {@link Semaphore} permit, released by {@link #close()} (asyncio's {@code async with}).
 *
 * {@snippet :
 * try (Guard g = lock.acquire()) {
 *     // only one task at a time runs here
 * }
 * }
 *
 * <h2>Thread safety</h2>
 * Loop-confined, like the primitive it came from.
 */
public final class Guard implements AutoCloseable {
    private final Runnable release;
    private boolean released;

    Guard(Runnable release) {
        this.release = release;
    }

    /** Releases what this guard holds; closing it again does nothing. */
    @Override
    public void close() {
        if (!released) {
            released = true;
            release.run();
        }
    }

    /**
     * Returns whether {@link #close()} was called.
     *
     * @return {@code true} once released
     */
    public boolean isReleased() {
        return released;
    }
}
