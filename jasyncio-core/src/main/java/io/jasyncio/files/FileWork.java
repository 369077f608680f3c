package io.jasyncio.files;

import io.jasyncio.Asyncio;
import io.jasyncio.Awaitable;
import io.jasyncio.CancelledException;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.FutureState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Runs blocking file calls off the loop and waits for them in the calling task.
 *
 * <p>Every job goes through {@link EventLoop#runInExecutor}, so its result comes back on the loop through the
 * loop's own machinery and a virtual clock does not jump while a job runs. What a cancelled wait leaves behind
 * depends on the job, hence three shapes:
 *
 * <ul>
 *   <li>{@link #call}: the job's result is dropped when the wait is cancelled (the job itself goes on; a thread
 *       cannot be stopped in the middle of a system call);
 *   <li>{@link #open}: the job makes a resource (a channel, a directory stream, a temporary file); if the wait is
 *       cancelled, the resource is released whenever the job ends, by whichever side comes second;
 *   <li>{@link #submit} and {@link #await}: the caller keeps the job (a read ahead, a write) and decides itself;
 *       the wait is shielded, so cancelling the waiting task does not cancel the job's future.
 * </ul>
 *
 * <p>Loop-confined (the methods are called by tasks), except the jobs, which run on the file executor.
 */
final class FileWork {
    private FileWork() {}

    /** A blocking file call. */
    @FunctionalInterface
    interface IoCallable<T extends @Nullable Object> {
        T call() throws IOException;
    }

    /** Releases a resource that nobody will use. */
    @FunctionalInterface
    interface Release<T> {
        void release(T resource) throws IOException;
    }

    /**
     * Starts a job on {@code executor}; its future completes on the running loop.
     *
     * @param executor where it runs
     * @param work the blocking call
     * @return the job
     */
    static <T extends @Nullable Object> Future<T> submit(Executor executor, IoCallable<T> work) {
        return Asyncio.loop().runInExecutor(executor, work::call);
    }

    /**
     * Waits for a job without cancelling it when the waiting task is cancelled, and rethrows its failure as it
     * is (an {@link IOException} is not wrapped: the job is the caller's own body).
     *
     * <p><b>Cancellation:</b> throws {@link CancelledException}; the job goes on and keeps its outcome.
     */
    static <T extends @Nullable Object> T await(Future<T> job) throws IOException {
        Awaitable<T> shielded = Asyncio.shield(job);
        try {
            return shielded.await();
        } catch (CompletionException e) {
            throw unwrap(e);
        }
    }

    /**
     * Runs a blocking call and waits for it.
     *
     * <p><b>Cancellation:</b> throws {@link CancelledException} at once; the call goes on in its thread and its
     * outcome is dropped.
     */
    static <T extends @Nullable Object> T call(Executor executor, IoCallable<T> work) throws IOException {
        Future<T> job = submit(executor, work);
        try {
            return job.await();
        } catch (CompletionException e) {
            throw unwrap(e);
        }
    }

    /**
     * Runs a blocking call that makes a resource and waits for it.
     *
     * <p><b>Cancellation:</b> throws {@link CancelledException} at once; the resource, made now or later, is
     * released (on the file executor, or in the job's own thread), so nothing leaks.
     */
    static <T> T open(Executor executor, IoCallable<T> work, Release<? super T> release) throws IOException {
        Handoff<T> handoff = new Handoff<>(executor, release);
        Future<T> job = submit(executor, () -> handoff.produced(work.call()));
        try {
            return job.await();
        } catch (CompletionException e) {
            throw unwrap(e);
        } catch (CancelledException e) {
            handoff.abandon();
            throw e;
        }
    }

    /** Marks a job's failure as seen, now or when it ends (a dropped job must not be reported as unretrieved). */
    static void discard(Future<?> job) {
        if (job.isDone()) {
            retrieve(job);
        } else {
            job.addDoneCallback(FileWork::retrieve);
        }
    }

    private static void retrieve(Awaitable<?> job) {
        if (job.state() == FutureState.FAILED) {
            job.exceptionNow();
        }
    }

    /** The job's own exception from an await's {@link CompletionException}. */
    static IOException unwrap(CompletionException e) {
        if (e.getCause() instanceof IOException io) {
            return io;
        }
        throw e;
    }

    /** An {@link UncheckedIOException} for iterators, which cannot throw checked exceptions. */
    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e.getMessage(), e);
    }

    /**
     * Hands a resource from the job's thread to the waiting task, or releases it if the task stopped waiting.
     * Two parties race, the job finishing and the waiter giving up; whichever comes second releases:
     *
     * <pre>
     *   job:    produced(r): slot PENDING -> r       (the waiter may take it)   | slot was ABANDONED: release(r)
     *   waiter: abandon():   slot -> ABANDONED      | slot held r: release(r) (the job finished first)
     * </pre>
     *
     * The slot also covers a job that finished after its loop closed, when its result can no longer reach the
     * loop.
     */
    private static final class Handoff<T> {
        private static final Object PENDING = new Object();
        private static final Object ABANDONED = new Object();

        private final Executor executor;
        private final Release<? super T> release;
        private final AtomicReference<Object> slot = new AtomicReference<>(PENDING);

        Handoff(Executor executor, Release<? super T> release) {
            this.executor = executor;
            this.release = release;
        }

        /** Called by the job with its resource; returns it for the waiter. */
        T produced(T resource) throws IOException {
            if (!slot.compareAndSet(PENDING, resource)) {
                release.release(resource); // the waiter is gone
            }
            return resource;
        }

        /** Called by the waiter when its wait was cancelled. */
        @SuppressWarnings("unchecked")
        void abandon() {
            Object previous = slot.getAndSet(ABANDONED);
            if (previous != PENDING && previous != ABANDONED) {
                T resource = (T) previous;
                Runnable r = () -> {
                    try {
                        release.release(resource);
                    } catch (IOException e) {
                        // nobody is left to tell; the resource is as released as it can be
                    }
                };
                try {
                    executor.execute(r);
                } catch (RejectedExecutionException e) {
                    r.run();
                }
            }
        }
    }
}
