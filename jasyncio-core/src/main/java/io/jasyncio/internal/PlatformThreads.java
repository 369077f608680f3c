package io.jasyncio.internal;

/** Waiting for the platform threads the library starts for itself. */
final class PlatformThreads {
    private PlatformThreads() {}

    /**
     * Waits until {@code t} has ended, whatever interrupts arrive meanwhile: each interrupt runs
     * {@code onInterrupt} and the wait goes on. The caller's interrupt status is restored before returning if it
     * was interrupted.
     *
     * @param t the thread to wait for
     * @param onInterrupt what to do on each interrupt (for example, ask the thread to finish)
     */
    static void joinUninterruptibly(Thread t, Runnable onInterrupt) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
                onInterrupt.run();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
