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

    /**
     * Runs {@code body} on a new platform thread named {@code name} and waits for it ({@link #joinUninterruptibly},
     * with {@code onInterrupt}); rethrows what it threw (a checked throwable wrapped in
     * {@link IllegalStateException}).
     */
    static void runOnPlatformThread(String name, Runnable body, Runnable onInterrupt) {
        Throwable[] failure = new Throwable[1];
        Thread t = Thread.ofPlatform().name(name).start(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        joinUninterruptibly(t, onInterrupt);
        Throwable e = failure[0];
        if (e instanceof RuntimeException re) {
            throw re;
        } else if (e instanceof Error err) {
            throw err;
        } else if (e != null) {
            throw new IllegalStateException(e);
        }
    }
}
