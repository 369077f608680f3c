package io.jasyncio.internal;

import org.jspecify.annotations.Nullable;

/** Running work on threads the library starts for itself (a loop's, the poller's initialisation), and waiting for them. */
final class PlatformThreads {
    private PlatformThreads() {}

    /**
     * Waits until {@code t} has ended, whatever interrupts arrive meanwhile: each interrupt runs
     * {@code onInterrupt} (for example, ask the thread to finish) and the wait goes on. The caller's interrupt
     * status is restored before returning if it was interrupted.
     */
    static void joinUninterruptibly(Thread t, Runnable onInterrupt) {
        joinUninterruptibly(t, onInterrupt, true);
    }

    /** As {@link #joinUninterruptibly(Thread, Runnable)}; {@code restore}: whether to restore the interrupt status. */
    private static void joinUninterruptibly(Thread t, Runnable onInterrupt, boolean restore) {
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
        if (interrupted && restore) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs {@code body} on a new thread of {@code builder} and waits for it ({@link #joinUninterruptibly}): each
     * interrupt of the caller runs {@code onInterrupt}, or, when it is {@code null}, is passed on to the new thread,
     * which consumes it (the caller's interrupt status is then not restored: the thread acted on it, as if it had
     * been interrupted itself).
     * Rethrows what the body threw (a checked throwable wrapped in {@link IllegalStateException}).
     */
    static void runOnNewThread(Thread.Builder builder, Runnable body, @Nullable Runnable onInterrupt) {
        Throwable[] failure = new Throwable[1];
        Thread t = builder.start(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        if (onInterrupt != null) {
            joinUninterruptibly(t, onInterrupt, true);
        } else {
            joinUninterruptibly(t, t::interrupt, false);
        }
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
