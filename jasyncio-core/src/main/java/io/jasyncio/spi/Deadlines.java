package io.jasyncio.spi;

import java.time.Duration;

/**
 * Saturating time arithmetic: every relative delay becomes a deadline through here, and a deadline too far away to
 * represent is {@link Long#MAX_VALUE}, which the timer heap treats as "never" (a wrapped sum would lie in the past
 * and fire at once, or give {@code select} a timeout of centuries).
 */
public final class Deadlines {
    private Deadlines() {}

    /**
     * Converts a duration to nanoseconds, saturating instead of overflowing. To turn a delay into a deadline, use
     * {@link #after} (adding the result to a time may still overflow).
     */
    public static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE / 2 : Long.MAX_VALUE / 2;
        }
    }

    /** Adds nanoseconds (possibly negative) to an instant, clamping to the {@code long} range instead of wrapping. */
    public static long saturatedAdd(long instant, long nanos) {
        long sum = instant + nanos;
        // overflow iff both operands have the sign the sum lacks (Hacker's Delight 2-13)
        if (((instant ^ sum) & (nanos ^ sum)) < 0) {
            return nanos > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return sum;
    }

    /** Returns the instant {@code delay} after {@code now}, saturating. */
    public static long after(long now, Duration delay) {
        return saturatedAdd(now, saturatedNanos(delay));
    }
}
