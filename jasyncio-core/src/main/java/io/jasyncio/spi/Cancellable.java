package io.jasyncio.spi;

/** A scheduled internal callback or timer that can still be cancelled (the seam's view of a loop handle). */
public interface Cancellable {
    /** Cancels it; does nothing once it ran or was cancelled. Loop-confined. */
    void cancel();

    /** Whether it was cancelled (a handle scheduled on a closed loop comes back cancelled). */
    boolean isCancelled();
}
