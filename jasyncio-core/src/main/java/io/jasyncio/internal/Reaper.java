package io.jasyncio.internal;

import java.util.concurrent.LinkedBlockingQueue;

/**
 * Runs the continuations of virtual threads that a closed loop can no longer run, so that their tasks see
 * "event loop is closed" and end (rather than leaking, parked forever). A loop's scheduler must never throw:
 * a {@code RejectedExecutionException} would kill the JDK's I/O poller thread.
 */
final class Reaper {
    private static final LinkedBlockingQueue<Runnable> QUEUE = new LinkedBlockingQueue<>();

    static {
        Thread t = Thread.ofPlatform().daemon().name("jasyncio-reaper").unstarted(Reaper::loop);
        t.start();
    }

    private Reaper() {}

    /**
     * Queues a continuation (or drops a callback) of a closed loop.
     *
     * @param r the runnable
     */
    static void submit(Runnable r) {
        if (!(r instanceof CallbackHandle)) {
            QUEUE.add(r);
        }
    }

    private static void loop() {
        while (true) {
            try {
                QUEUE.take().run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable e) {
                System.getLogger("io.jasyncio").log(System.Logger.Level.WARNING, "reaped continuation failed", e);
            }
        }
    }
}
