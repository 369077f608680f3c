package io.jasyncio.internal;

import io.jasyncio.Future;
import io.jasyncio.spi.Deadlines;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A loop's executor side: it owns the default executor (made on first use), runs blocking work in executors
 * with the result delivered back to the loop, and counts the jobs in flight (a virtual clock must not jump
 * while one runs).
 *
 * <p>Loop-confined, except {@link #awaitTermination}, which a non-loop thread calls after the loop closed; the
 * worker threads only touch loop state through {@link SelectorEventLoop#deliverFromThread}.
 */
final class LoopExecutors {
    /** The loop these executors serve. */
    private final SelectorEventLoop loop;
    /** The loop's id, used in the default executor's thread names. */
    private final int loopId;
    /** Executor jobs started and not yet delivered back to the loop; loop-confined (deliveries run on the loop). */
    private int inFlight;
    /**
     * The default executor, or {@code null} until first used or set; written on the loop, read after close by the
     * thread that waits for its termination.
     */
    private @Nullable ExecutorService defaultExecutor;

    LoopExecutors(SelectorEventLoop loop, int loopId) {
        this.loop = loop;
        this.loopId = loopId;
    }

    /** Whether an executor job is running whose result the loop has not received yet. */
    boolean hasJobsInFlight() {
        return inFlight > 0;
    }

    <T extends @Nullable Object> Future<T> runInExecutor(@Nullable Executor executor, Callable<T> work) {
        Executor ex = executor != null ? executor : defaultExecutor();
        Future<T> f = loop.createFuture();
        inFlight++;
        Runnable job = () -> {
            T value = null;
            Throwable failure = null;
            try {
                value = work.call();
            } catch (Throwable e) {
                failure = e;
            }
            T v = value;
            Throwable e = failure;
            loop.deliverFromThread(() -> {
                inFlight--;
                if (f.isDone()) {
                    return;
                }
                if (e != null) {
                    f.setException(e);
                } else {
                    f.setResult(v);
                }
            });
        };
        try {
            ex.execute(job);
        } catch (RuntimeException e) {
            inFlight--;
            f.setException(e);
        }
        return f;
    }

    private ExecutorService defaultExecutor() {
        ExecutorService ex = defaultExecutor;
        if (ex == null) {
            int max = Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
            AtomicInteger n = new AtomicInteger();
            ThreadPoolExecutor pool = new ThreadPoolExecutor(
                    max,
                    max,
                    10,
                    TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(),
                    r -> Thread.ofPlatform()
                            .daemon()
                            .name("jasyncio-executor-" + loopId + "-" + n.incrementAndGet())
                            .unstarted(r));
            pool.allowCoreThreadTimeOut(true);
            ex = pool;
            defaultExecutor = ex;
        }
        return ex;
    }

    void setDefault(ExecutorService executor) {
        defaultExecutor = executor;
    }

    /** Starts an orderly shutdown of the default executor, if there is one (the loop is closing). */
    void shutdownOnClose() {
        ExecutorService ex = defaultExecutor;
        if (ex != null) {
            ex.shutdown();
        }
    }

    boolean awaitTermination(Duration timeout) {
        ExecutorService ex = defaultExecutor;
        if (ex == null) {
            return true;
        }
        ex.shutdown();
        try {
            return ex.awaitTermination(Deadlines.saturatedNanos(timeout), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    boolean shutdownDefault(Duration timeout) {
        ExecutorService ex = defaultExecutor;
        if (ex == null) {
            return true;
        }
        ex.shutdown();
        Future<Boolean> done = loop.createFuture();
        Thread.ofPlatform().daemon().name("jasyncio-executor-shutdown").start(() -> {
            boolean ok;
            try {
                ok = ex.awaitTermination(Deadlines.saturatedNanos(timeout), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                ok = false;
            }
            boolean result = ok;
            loop.deliverFromThread(() -> {
                if (!done.isDone()) {
                    done.setResult(result);
                }
            });
        });
        return done.await();
    }
}
