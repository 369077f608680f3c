package io.jasyncio.files;

import io.jasyncio.EventLoop;
import java.util.Iterator;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The file executor of each loop: a bounded pool of platform threads on which every blocking file call of that
 * loop's tasks runs (a blocking file read in a task would block the loop's own thread, docs/design.md "Files").
 *
 * <p>Size: the system property {@value #THREADS_PROPERTY} (default: the number of processors, between 2 and 8).
 * Idle threads end after {@link #KEEP_ALIVE_MS} ms, so a loop that stopped using files, or closed, keeps no
 * thread for long. The loop offers no close hook, so the pool is not told when its loop closes: a pool whose loop
 * is found closed at the next lookup is shut down then, and the map holds loops weakly.
 *
 * <h2>Thread safety</h2>
 * Thread-safe: loops on different threads look their pools up concurrently.
 */
final class FileExecutors {
    /** The system property that sets the number of threads per loop. */
    static final String THREADS_PROPERTY = "jasyncio.files.threads";
    /** How long an idle pool thread waits for work before it ends. */
    static final long KEEP_ALIVE_MS = 100;

    /** Each loop's pool; guarded by itself. */
    private static final Map<EventLoop, ExecutorService> POOLS = new WeakHashMap<>();
    /** Numbers the pool threads of the whole process (thread names). */
    private static final AtomicInteger THREAD_IDS = new AtomicInteger();

    private FileExecutors() {}

    /**
     * Returns the file pool of a loop, making it on first use.
     *
     * @param loop the running loop
     * @return its pool
     */
    static ExecutorService of(EventLoop loop) {
        synchronized (POOLS) {
            for (Iterator<Map.Entry<EventLoop, ExecutorService>> it =
                            POOLS.entrySet().iterator();
                    it.hasNext(); ) {
                Map.Entry<EventLoop, ExecutorService> e = it.next();
                if (e.getKey().isClosed()) {
                    e.getValue().shutdown(); // work already queued still runs: a cancelled close still closes
                    it.remove();
                }
            }
            return POOLS.computeIfAbsent(loop, l -> newPool(threads()));
        }
    }

    /** Reads {@value #THREADS_PROPERTY}; a bad value is an error rather than a silent default. */
    static int threads() {
        String value = System.getProperty(THREADS_PROPERTY);
        if (value == null || value.isBlank()) {
            return Math.clamp(Runtime.getRuntime().availableProcessors(), 2, 8);
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "-D" + THREADS_PROPERTY + "=" + value + " must be a positive number of threads");
    }

    private static ExecutorService newPool(int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                threads,
                threads,
                KEEP_ALIVE_MS,
                TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(),
                r -> Thread.ofPlatform()
                        .daemon()
                        .name("jasyncio-files-" + THREAD_IDS.incrementAndGet())
                        .unstarted(r));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
