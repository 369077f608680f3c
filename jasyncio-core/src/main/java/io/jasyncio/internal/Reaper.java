package io.jasyncio.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs the late continuations of one closed loop, so that its leftover tasks see "event loop is closed" and end
 * (rather than leaking, parked forever). A loop's scheduler must never throw: a {@code RejectedExecutionException}
 * would kill the JDK's I/O poller thread.
 *
 * <p>One reaper per loop, with a platform thread started on demand and ended after a second without work: a
 * leftover that will not end holds up only its own loop's reaping. Reaping is bounded per task as well: a task
 * that keeps awaiting after it was told the loop is closed is abandoned (see
 * {@link FiberScheduler#fiberForAwait()}).
 */
final class Reaper {
    private static final System.Logger LOG = System.getLogger("io.jasyncio");

    private final ThreadPoolExecutor executor;

    Reaper(int loopId) {
        // one thread at most, started by the first submit; the queue is unbounded, so execute never rejects
        this.executor = new ThreadPoolExecutor(
                0,
                1,
                1,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                r -> Thread.ofPlatform()
                        .daemon()
                        .name("jasyncio-reaper-" + loopId)
                        .unstarted(r));
    }

    /**
     * Queues a continuation (or drops a callback) of a closed loop. Never throws.
     *
     * @param r the runnable
     */
    void submit(Runnable r) {
        if (r instanceof CallbackHandle h) {
            h.discarded();
            return;
        }
        executor.execute(() -> {
            try {
                r.run();
            } catch (Throwable e) {
                LOG.log(System.Logger.Level.WARNING, "reaped continuation failed", e);
            }
        });
    }
}
