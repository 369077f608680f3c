package io.jasyncio;

/**
 * The monotonic clock of a loop, in nanoseconds; replaceable so that tests run on virtual time.
 *
 * <p>The loop asks the clock what to do when it has nothing to run: a real clock lets the loop block for I/O
 * until the next timer is due; a virtual clock may instead jump forward to that timer (see
 * {@link #idle(long)}), as Trio's autojump clock does.
 *
 * <p>Thread safety: {@link #nanoTime()} may be called from any thread; the other methods are called by the
 * loop thread only.
 */
public interface LoopClock {

    /**
     * Returns the current time in nanoseconds (monotonic, arbitrary origin).
     *
     * @return now
     */
    long nanoTime();

    /**
     * Returns how long, in real nanoseconds, the loop may block waiting for I/O when its next timer is due at
     * {@code deadline} ({@link Long#MAX_VALUE} when there is no timer).
     *
     * @param deadline the next timer's deadline on this clock
     * @return the real time to block, {@code >= 0}
     */
    default long maxBlockNanos(long deadline) {
        return deadline == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, deadline - nanoTime());
    }

    /**
     * Called when the loop blocked for {@link #maxBlockNanos(long)} and nothing happened, and every task is
     * waiting on the loop. A virtual clock advances to {@code deadline}; a real clock does nothing.
     *
     * @param deadline the next timer's deadline, or {@link Long#MAX_VALUE} when there is none
     */
    default void idle(long deadline) {}

    /**
     * Returns whether this clock wants {@link #idle(long)} calls (the loop skips the quiescence check for
     * real clocks).
     *
     * @return {@code true} for a virtual clock
     */
    default boolean isVirtual() {
        return false;
    }

    /**
     * Returns the system's monotonic clock ({@link System#nanoTime()}).
     *
     * @return the system clock
     */
    static LoopClock system() {
        return System::nanoTime;
    }
}
