package io.jasyncio;

import io.jasyncio.spi.LoopCore;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A settable result that tasks can await (asyncio's {@code Future}): the bridge between callback-style code
 * and tasks.
 *
 * {@snippet :
 * Future<String> reply = loop.createFuture();
 * loop.callLater(Duration.ofSeconds(1), () -> reply.setResult("pong"));
 * String s = reply.await(); // in a task: suspends for one second
 * }
 *
 * <p>States: {@code PENDING -> SUCCESS | FAILED | CANCELLED}, once. Tasks waiting in {@link #await()} resume
 * in the order they started waiting; done callbacks run through {@link EventLoop#callSoon}.
 *
 * <p><b>Thread safety:</b> loop-confined. From another thread, complete it through
 * {@link EventLoop#callSoonThreadsafe(Runnable)}.
 *
 * <p><b>Memory consistency:</b> everything a callback or task did before completing the future happens-before
 * the awaiting task continues (they run on the same loop, one at a time).
 *
 * @param <T> the result type
 */
public final class Future<T extends @Nullable Object> extends AbstractFuture<T> {

    /**
     * Creates a pending future; prefer {@link EventLoop#createFuture()}.
     *
     * @param core the loop it belongs to
     */
    Future(LoopCore core) {
        super(core);
    }

    /**
     * Completes the future with a result and resumes its waiters.
     *
     * @param value the result
     * @throws InvalidStateException if it is already done
     */
    public void setResult(@Nullable T value) {
        core.checkThread();
        if (!complete(value)) {
            throw new InvalidStateException("future already done: " + this);
        }
    }

    /**
     * Completes the future with a result and resumes its waiters, unless it is already done (like
     * {@link java.util.concurrent.CompletableFuture#complete}); asyncio has no such method. Use it where several
     * events race to complete the same future (a wake-up and a timer, say) and the first one wins.
     *
     * @param value the result
     * @return {@code true} if this call completed the future; {@code false} if it was already done, in which case
     *     its outcome is unchanged
     */
    public boolean trySetResult(@Nullable T value) {
        core.checkThread();
        return complete(value);
    }

    /**
     * Completes the future with an exception and resumes its waiters. Use {@link #cancel()} rather than a
     * {@link CancelledException}.
     *
     * @param exception the failure
     * @throws InvalidStateException if it is already done
     * @throws IllegalArgumentException if the exception is a {@link CancelledException}
     */
    public void setException(Throwable exception) {
        Objects.requireNonNull(exception, "exception");
        if (exception instanceof CancelledException) {
            throw new IllegalArgumentException("cancel the future instead of setting a CancelledException");
        }
        core.checkThread();
        if (!fail(exception)) {
            throw new InvalidStateException("future already done: " + this);
        }
    }

    /**
     * Cancels the future at once; its waiters get a {@link CancelledException}.
     *
     * @param message the message, or {@code null}
     * @return {@code false} if it was already done
     */
    @Override
    public boolean cancel(@Nullable String message) {
        core.checkThread();
        return cancelNow(message);
    }

    @Override
    String ownerName() {
        return "Future";
    }

    @Override
    public String toString() {
        return "Future[" + describeState() + "]";
    }
}
