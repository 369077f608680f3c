package io.jasyncio.internal;

import io.jasyncio.Future;
import io.jasyncio.spi.Deadlines;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A loop's close sequence (asyncio's {@code Runner.close}: cancel the leftovers, then {@code loop.close()}):
 * <pre>
 *   cancel every live task -> run until they end or the close timeout passes -> report unretrieved failures
 *   -> mark closed -> end the callback runner -> queued continuations to the reaper, callbacks dropped
 *   -> signal handlers, default executor, selector -> wake the tasks that outlived the timeout
 * </pre>
 * From "mark closed" on, the loop's scheduler hands every late continuation to the loop's {@link Reaper}: a late
 * task wakes, sees "event loop is closed" at its await and ends, so nothing stays reachable.
 */
final class LoopClose {
    private static final System.Logger LOG = System.getLogger("io.jasyncio");

    private final SelectorEventLoop loop;

    LoopClose(SelectorEventLoop loop) {
        this.loop = loop;
    }

    /** Runs the sequence on the calling thread (the loop is not running). */
    void run() {
        cancelAllTasks();
        reportUnretrievedAtClose();
        // the leftovers end on reaper threads from now on: they must not touch the (unsynchronised) task set
        List<LoopFiber> leftovers = loop.liveTasks.takeAll();
        loop.queue.markClosed();
        CallbackRunner r = loop.takeRunner();
        if (r != null) {
            loop.scheduler.runNow(r.fiber); // it sees the loop closed and ends
        }
        // Queued continuations go to the reaper: dropped, their tasks would stay suspended for good (their finally
        // blocks never run, their threads leak). Queued callbacks are dropped, as asyncio does.
        loop.queue.reapQueued();
        loop.releaseResources();
        // Last: wake the tasks that outlived the close timeout and wait on the loop; they see "event loop is
        // closed" at their await and end, one at a time, on this loop's reaper thread. The others come on their
        // own: a queued step was handed over above, and a task blocked in a foreign call reaches the reaper
        // through execute (fast mode) or its re-attach (compatibility mode) when the call returns.
        for (LoopFiber f : leftovers) {
            LOG.log(System.Logger.Level.WARNING, "task destroyed while pending: " + f.task());
            if (f.suspended && !f.resumed) {
                f.resume();
            }
        }
    }

    /** Cancels every live task and runs the loop until they end or the close timeout passes. */
    private void cancelAllTasks() {
        if (loop.liveTasks.isEmpty()) {
            return;
        }
        loop.liveTasks.cancelAll("event loop is closing");
        // the close timeout is real time, also under a virtual clock
        long deadline = Deadlines.after(System.nanoTime(), loop.options().closeTimeout());
        Future<@Nullable Void> gate = loop.createFuture();
        Runnable check = new Runnable() {
            @Override
            public void run() {
                if (loop.liveTasks.isEmpty() || System.nanoTime() > deadline) {
                    gate.trySetResult(null);
                } else if (loop.queue.isEmpty()) {
                    loop.callAtInternal(loop.time() + 1_000_000L, this);
                } else {
                    loop.callSoonInternal(this);
                }
            }
        };
        loop.callSoonInternal(check);
        gate.addDoneCallback(f -> loop.stop());
        loop.runForever();
    }

    /**
     * Reports every failure still unretrieved, then runs the loop until the exception handler has seen them (it
     * runs in the callback runner, never on the bare carrier).
     */
    private void reportUnretrievedAtClose() {
        if (loop.errors.reportUnretrievedAtClose()) {
            loop.callSoonInternal(loop::stop);
            loop.runForever();
        }
    }
}
