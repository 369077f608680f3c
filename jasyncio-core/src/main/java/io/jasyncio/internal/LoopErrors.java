package io.jasyncio.internal;

import io.jasyncio.ExceptionContext;
import io.jasyncio.ExceptionHandler;
import io.jasyncio.Task;
import org.jspecify.annotations.Nullable;

/**
 * A loop's error reporting: it owns the exception handler, falls back to logging when there is none (or when
 * it fails), reports unretrieved future exceptions and, in debug mode, slow steps.
 *
 * <p>Loop-confined, except {@link #reportUnretrieved}, which the cleaner thread calls and which hands the
 * report to the loop through {@link SelectorEventLoop#deliverFromThread}.
 */
final class LoopErrors {
    private static final System.Logger LOG = System.getLogger("io.jasyncio");

    /** The loop whose errors these are (passed to the handler). */
    private final SelectorEventLoop loop;
    /** The user's exception handler, or {@code null} for the default one. */
    private @Nullable ExceptionHandler handler;

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

    void call(ExceptionContext context) {
        ExceptionHandler h = handler;
        if (h == null) {
            logDefault(context);
            return;
        }
        try {
            h.handle(loop, context);
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.ERROR, "unhandled error in the exception handler", e);
            logDefault(context);
        }
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

    void reportUnretrieved(String message, Throwable exception) {
        if (!loop.isClosed() && handler != null) {
            loop.deliverFromThread(() -> call(ExceptionContext.of(message, exception)));
        } else {
            LOG.log(System.Logger.Level.ERROR, message, exception);
        }
    }

    /** Logs a step (a task's, or the callbacks') that held the loop longer than the slow-callback duration. */
    static void reportSlow(long nanos, Object what) {
        StringBuilder sb = new StringBuilder("executing ")
                .append(what)
                .append(" took ")
                .append(nanos / 1_000_000)
                .append(" ms");
        if (what instanceof Task<?> t) {
            for (StackTraceElement e : t.stack()) {
                sb.append("\n    at ").append(e);
            }
        }
        LOG.log(System.Logger.Level.WARNING, sb.toString());
    }
}
