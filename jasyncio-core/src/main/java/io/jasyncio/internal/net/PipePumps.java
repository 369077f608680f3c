package io.jasyncio.internal.net;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The platform threads that move bytes through a child process's pipes, which the JDK gives as blocking
 * {@code InputStream}/{@code OutputStream}s that no selector can watch. A pump reading a pipe blocks in
 * {@code read} until the child writes or exits, so a thread is busy per open read pipe; a write pump runs only
 * while bytes wait. Neither may block the loop's thread (in fast mode a blocking read in a task would block the
 * carrier), hence threads of their own.
 *
 * <p>Threads are reused: an idle one ends after a quarter of a second, so a burst of short-lived children does not create a
 * thread per pipe, and an idle JVM keeps none. They are daemons with a small stack (they run a copy loop only).
 * Thread-safe.
 */
public final class PipePumps {
    /** How long an idle pump thread waits for more work before it ends. */
    private static final long KEEP_ALIVE_MILLIS = 250;
    /** A copy loop needs little stack. */
    private static final long STACK_SIZE = 256 * 1024;

    private static final AtomicLong COUNT = new AtomicLong();
    private static final ExecutorService POOL = new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE, // one per open read pipe: a bounded pool would starve the pipes queued behind it
            KEEP_ALIVE_MILLIS,
            TimeUnit.MILLISECONDS,
            new SynchronousQueue<>(),
            r -> {
                Thread t = new Thread(null, r, "jasyncio-pipe-" + COUNT.incrementAndGet(), STACK_SIZE, false);
                t.setDaemon(true);
                return t;
            });

    private PipePumps() {}

    /**
     * Runs a pump's job on a pump thread (also the wait for a child's exit: see {@code ProcessTransport}).
     *
     * @param job the job
     */
    public static void run(Runnable job) {
        POOL.execute(job);
    }
}
