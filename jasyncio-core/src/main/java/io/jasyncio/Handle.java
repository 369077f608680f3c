package io.jasyncio;

/**
 * A callback scheduled on a loop by {@link EventLoop#callSoon(Runnable)} and friends; it can be cancelled
 * before it runs.
 *
 * <p>Thread safety: {@link #cancel()} is loop-confined, {@link #isCancelled()} may be called from any thread.
 */
public interface Handle {
    /** Cancels the callback; does nothing if it already ran or was cancelled. */
    void cancel();

    /**
     * Returns whether {@link #cancel()} was called.
     *
     * @return {@code true} if cancelled
     */
    boolean isCancelled();
}
