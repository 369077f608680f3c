package io.jasyncio.internal;

import io.jasyncio.ExceptionContext;
import io.jasyncio.ExceptionHandler;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A loop's error reporting: it owns the exception handler, falls back to logging when there is none (or when
 * it fails), and reports unretrieved future exceptions.
 *
 * <p>The handler is user code, so it never runs on the bare carrier (concurrency rule 4): called from a task or
 * the callback runner it runs there, at once; called from the carrier or another thread it is scheduled as a user
 * callback ({@link Report}). A report that can no longer run because the loop closed is logged instead.
 *
 * <p>It also keeps the failed futures whose exception nobody has retrieved yet, so that closing the loop reports
 * them ({@link #reportUnretrievedAtClose}).
 *
 * <p>Loop-confined, except {@link #reportUnretrieved} (the cleaner thread), {@link #call} from other threads,
 * which only read the volatile handler and hand the report to the loop through its inbox, and the tracking of
 * unretrieved failures (any thread).
 */
final class LoopErrors {
    private static final System.Logger LOG = System.getLogger("io.jasyncio");

    /** The loop whose errors these are (passed to the handler). */
    private final SelectorEventLoop loop;
    /** The user's exception handler, or {@code null} for the default one; read by the cleaner thread too. */
    private volatile @Nullable ExceptionHandler handler;
    /** Failed futures whose exception nobody has retrieved yet (added on the loop, removed from any thread). */
    private final Set<Consumer<String>> unretrieved = ConcurrentHashMap.newKeySet();

    LoopErrors(SelectorEventLoop loop) {
        this.loop = loop;
    }

    @Nullable
    ExceptionHandler handler() {
        return handler;
    }

    void setHandler(@Nullable ExceptionHandler handler) {
        this.handler = handler;
    }

    /** Reports an error: to the user's handler where user code may run, else through a scheduled callback. */
    void call(ExceptionContext context) {
        ExceptionHandler h = handler;
        if (h == null) {
            logDefault(context); // library code: runs anywhere
        } else if (loop.scheduler.ownFiber() != null) {
            runHandler(h, context);
        } else if (loop.isClosed()) {
            logDefault(context);
        } else {
            schedule(context);
        }
    }

    /** Calls the handler and nothing else that could block (see {@link LoopFrames}); re-attaches after it. */
    private void runHandler(ExceptionHandler h, ExceptionContext context) {
        Throwable failure = null;
        try {
            h.handle(loop, context);
        } catch (Throwable e) {
            failure = e;
        }
        loop.afterUserCode();
        if (failure != null) {
            handlerFailed(failure, context);
        }
    }

    private static void handlerFailed(Throwable failure, ExceptionContext context) {
        LOG.log(System.Logger.Level.ERROR, "unhandled error in the exception handler", failure);
        logDefault(context);
    }

    static void logDefault(ExceptionContext context) {
        StringBuilder sb = new StringBuilder(context.message());
        if (context.future() != null) {
            sb.append(" (").append(context.future()).append(')');
        }
        if (context.callback() != null) {
            sb.append(" [callback ").append(context.callback()).append(']');
        }
        LOG.log(System.Logger.Level.ERROR, sb.toString(), context.exception());
    }

    /**
     * Called by the cleaner thread for a failed future that was collected with its exception unretrieved. With a
     * user handler, the report goes to the loop like {@code callSoonThreadsafe} and runs in the callback runner;
     * without one, or once the loop is closed, it is logged here.
     */
    void reportUnretrieved(String message, Throwable exception) {
        ExceptionContext context = ExceptionContext.of(message, exception);
        if (handler == null || loop.isClosed()) {
            logDefault(context);
        } else {
            schedule(context);
        }
    }

    /** Remembers a failed future's report until its exception is retrieved or reported (any thread). */
    void trackUnretrieved(Consumer<String> report) {
        unretrieved.add(report);
    }

    /** Forgets a report that was retrieved or made (any thread). */
    void untrackUnretrieved(Consumer<String> report) {
        unretrieved.remove(report);
    }

    /** Reports every failure still unretrieved (part of close); returns whether there was any. */
    boolean reportUnretrievedAtClose() {
        if (unretrieved.isEmpty()) {
            return false;
        }
        for (Consumer<String> report : List.copyOf(unretrieved)) {
            report.accept(" (reported as its event loop closed)");
        }
        return true;
    }

    /**
     * Schedules a report for the callback runner: from the carrier, at the end of the ready queue; from other threads,
     * through the inbox (as {@code callSoonThreadsafe} does).
     */
    private void schedule(ExceptionContext context) {
        Report report = new Report(this, context);
        if (Thread.currentThread() == loop.loopThreadOrNull()) {
            loop.queue.add(report);
        } else {
            loop.queue.addExternal(report);
        }
    }

    /**
     * An error report waiting for the callback runner. If the loop closes before it runs, it is logged rather
     * than dropped with the other callbacks.
     */
    static final class Report extends CallbackHandle {
        private final ExceptionContext report;

        Report(LoopErrors errors, ExceptionContext report) {
            super(() -> errors.call(report), true, null);
            this.report = report;
        }

        @Override
        void discarded() {
            if (!isCancelled()) {
                logDefault(report);
            }
        }
    }
}
