package io.jasyncio;

import java.util.concurrent.CancellationException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown at an await point when the awaiting task, or the awaited future, was cancelled (asyncio's
 * {@code CancelledError}).
 *
 * <p>It is unchecked and, for speed, carries no stack trace. A task may catch it to clean up; it should
 * normally rethrow it. Catching it and continuing is allowed, but then call {@link Task#uncancel()} so that
 * structured constructs (timeouts, task groups) see a consistent count.
 */
public class CancelledException extends CancellationException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception without a message. */
    public CancelledException() {
        super();
    }

    /**
     * Creates an exception with the cancellation message given to {@code cancel(msg)}.
     *
     * @param message the message, or {@code null}
     */
    public CancelledException(@Nullable String message) {
        super(message);
    }

    @Override
    @SuppressWarnings("UnsynchronizedOverridesSynchronized") // no stack trace: nothing to synchronise
    public Throwable fillInStackTrace() {
        return this;
    }
}
