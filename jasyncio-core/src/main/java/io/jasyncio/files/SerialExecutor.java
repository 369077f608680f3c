package io.jasyncio.files;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs one file's jobs one at a time, in submission order, on a shared pool. Because jobs of one file never
 * overlap, a read submitted after a write sees it, and a close runs after every job submitted before it, even
 * when the tasks that submitted them stopped waiting (cancellation).
 *
 * <h2>Thread safety</h2>
 * Thread-safe.
 */
final class SerialExecutor implements Executor {
    private final Executor pool;
    /** Jobs waiting for their turn; guarded by {@code this}. */
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    /** Whether a job of this file is running or handed to the pool; guarded by {@code this}. */
    private boolean active;

    SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable job) {
        synchronized (this) {
            queue.add(job);
            if (active) {
                return;
            }
            active = true;
        }
        try {
            pool.execute(this::runNext);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                queue.removeLast();
                active = false;
            }
            throw e;
        }
    }

    /**
     * Runs the oldest job, then hands the rest back to the pool one job at a time, so that files share the
     * threads fairly. If the pool was shut down (its loop closed), the rest runs here: a queued close must still
     * close its channel.
     */
    private void runNext() {
        while (true) {
            Runnable job;
            synchronized (this) {
                job = queue.poll();
                if (job == null) {
                    active = false;
                    return;
                }
            }
            try {
                job.run();
            } catch (Throwable t) {
                // The jobs (the loop's runInExecutor jobs) catch everything themselves; should one not, report it
                // and keep this file's queue going rather than leave it stuck.
                Thread me = Thread.currentThread();
                me.getUncaughtExceptionHandler().uncaughtException(me, t);
            }
            if (handOver()) {
                return;
            }
        }
    }

    /** After a job: {@code true} if there is nothing left or the rest went to the pool; {@code false}: go on here. */
    private boolean handOver() {
        synchronized (this) {
            if (queue.isEmpty()) {
                active = false;
                return true;
            }
        }
        try {
            pool.execute(this::runNext);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }
}
