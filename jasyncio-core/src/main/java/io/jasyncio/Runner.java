package io.jasyncio;

import io.jasyncio.spi.Fiber;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The implementation of {@link Asyncio#run(CheckedCallable, LoopOptions)} (asyncio's {@code Runner}): a new loop
 * for one main task, Ctrl-C handling, and the reporting of the main task's outcome.
 */
final class Runner {
    private Runner() {}

    static <T extends @Nullable Object, X extends Exception> T run(CheckedCallable<T, X> main, LoopOptions options)
            throws X {
        if (Fiber.current() != null) {
            throw new IllegalStateException("Asyncio.run cannot be called from a running event loop");
        }
        EventLoop loop = EventLoop.open(options);
        AtomicInteger sigints = new AtomicInteger(); // written on the loop, read here after it closed
        Task<T> task;
        try {
            task = loop.createTask("main", main::call);
            // done when the main task ends, or when a second Ctrl-C gives up waiting for it
            Future<@Nullable Void> finished = loop.createFuture();
            Completion.addListener(task, () -> {
                Completion.markRetrieved(task); // its outcome is what run returns or throws
                finished.trySetResult(null);
            });
            Seam.core(loop).setInterruptAction(() -> task.cancel("interrupted"));
            boolean onMainThread = !Thread.currentThread().isVirtual()
                    && "main".equals(Thread.currentThread().getName());
            if (onMainThread) {
                // asyncio.Runner's rule: the first Ctrl-C cancels the main task, the second stops waiting for it
                // (closing the loop then cancels every task, for at most the close timeout)
                loop.addSignalHandler("INT", () -> {
                    if (sigints.incrementAndGet() == 1) {
                        task.cancel("interrupted (SIGINT)");
                    } else {
                        finished.trySetResult(null);
                    }
                });
            }
            try {
                loop.runUntilComplete(finished);
            } finally {
                if (onMainThread) {
                    loop.removeSignalHandler("INT");
                }
            }
        } finally {
            loop.close();
            Seam.core(loop).awaitExecutorTermination(Duration.ofSeconds(5));
        }
        if (sigints.get() > 1 || (sigints.get() == 1 && task.isCancelled())) {
            throw new KeyboardInterruptException("interrupted by SIGINT (Ctrl-C)");
        }
        if (task.state() == FutureState.FAILED) {
            Throwable e = task.exceptionNow();
            if (e != null) {
                throw Completion.<X>rethrowOwn(e); // the main task's own exception: an X or unchecked
            }
        }
        try {
            return task.resultNow();
        } catch (CancelledException e) {
            // CancelledException has no stack trace (it is thrown often, inside tasks); out here, tools such as
            // the JDK's source launcher expect one, and it shows where the run was
            e.setStackTrace(new Throwable().getStackTrace());
            throw e;
        }
    }
}
