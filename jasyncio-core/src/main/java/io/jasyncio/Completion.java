package io.jasyncio;

import io.jasyncio.spi.LoopCore;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** Package-private helpers shared by the composition functions: completion listeners and outcome copies. */
final class Completion {
    private Completion() {}

    /** Checks that {@code a} belongs to {@code loop}, with an error that says how to bridge loops. */
    static void checkSameLoop(Awaitable<?> a, LoopCore loop) {
        if (a.loop() != Seam.api(loop)) {
            throw new IllegalArgumentException(
                    "every awaitable must belong to the running loop, not " + a + "; " + LoopCore.OTHER_LOOP_BRIDGE);
        }
    }

    /**
     * Runs {@code listener} when {@code a} is done: inline for jasyncio futures (library code only), through a
     * done callback otherwise. Runs it at once when {@code a} is already done.
     *
     * @return a token for {@link #removeListener}
     */
    static Object addListener(Awaitable<?> a, Runnable listener) {
        if (a instanceof AbstractFuture<?> f) {
            if (f.isDone()) {
                listener.run();
            } else {
                f.addWaiter(listener);
            }
            return listener;
        }
        Consumer<Awaitable<?>> c = x -> listener.run();
        a.addDoneCallback(c);
        return c;
    }

    /** {@code Asyncio.await(stage)}: a future of the running loop, completed from the stage's thread. */
    static <T extends @Nullable Object> T awaitStage(CompletionStage<T> stage) {
        LoopCore loop = Seam.running();
        loop.requireTask();
        Future<T> f = new Future<>(loop);
        stage.whenComplete((value, error) -> loop.deliverFromThread(() -> {
            if (f.isDone()) {
                return;
            }
            Throwable e = error instanceof CompletionException || error instanceof ExecutionException
                    ? error.getCause()
                    : error;
            if (error instanceof CancellationException || e instanceof CancellationException) {
                f.cancel();
            } else if (e != null) {
                f.setException(e);
            } else {
                f.setResult(value);
            }
        }));
        try {
            return f.await();
        } catch (CancelledException e) {
            if (stage instanceof CompletableFuture<?> cf) {
                cf.cancel(false);
            }
            throw e;
        }
    }

    /** Removes a listener added with {@link #addListener}; harmless when it already ran. */
    @SuppressWarnings("unchecked")
    static void removeListener(Awaitable<?> a, Object token) {
        if (a instanceof AbstractFuture<?> f) {
            f.removeWaiter(token);
        } else if (!a.isDone()) {
            ((Awaitable<Object>) a).removeDoneCallback((Consumer<Object>) token);
        }
    }

    /** The message a cancelled awaitable was cancelled with. */
    static @Nullable String cancelMessage(Awaitable<?> a) {
        if (a instanceof AbstractFuture<?> f) {
            return f.cancelMessage();
        }
        try {
            a.exceptionNow();
            return null;
        } catch (CancelledException e) {
            return e.getMessage();
        }
    }

    /** Completes {@code dst} (if still pending) the way {@code src} (done) completed. */
    static <T extends @Nullable Object> void copyOutcome(Awaitable<T> src, AbstractFuture<T> dst) {
        switch (src.state()) {
            case SUCCESS -> dst.complete(src.resultNow());
            case FAILED -> {
                Throwable e = src.exceptionNow();
                dst.fail(e == null ? new IllegalStateException("failed without an exception") : e);
            }
            case CANCELLED -> dst.cancelNow(cancelMessage(src));
            case PENDING -> throw new IllegalStateException("not done: " + src);
        }
    }

    /** Returns a done awaitable's outcome the way {@code await()} reports it. */
    static <T extends @Nullable Object> T report(Awaitable<T> a) {
        return a instanceof AbstractFuture<T> f ? f.report() : a.resultNow();
    }

    /** Marks a failed awaitable's exception as retrieved (so it is not logged as never retrieved). */
    static void markRetrieved(Awaitable<?> a) {
        if (a.state() == FutureState.FAILED) {
            a.exceptionNow();
        }
    }

    /**
     * Throws a body's own failure as itself. The caller declares {@code throws X}, the checked exceptions of the
     * body that threw {@code e}, so a checked {@code e} is an {@code X} and needs no wrapping (the rule in
     * {@code docs/design.md}, "How await() reports failures").
     *
     * @return never returns; declared so that callers can write {@code throw rethrowOwn(e)}
     * @throws X always: {@code e} itself
     */
    @SuppressWarnings("unchecked")
    static <X extends Throwable> RuntimeException rethrowOwn(Throwable e) throws X {
        throw (X) e;
    }

    /**
     * Awaits a future that runs a body of the caller's (not another task's), reporting the body's failure as
     * itself rather than by the await rule.
     */
    static <T extends @Nullable Object, X extends Exception> T awaitOwn(Awaitable<T> a) throws X {
        try {
            return a.await();
        } catch (CompletionException e) {
            Throwable own = a.state() == FutureState.FAILED ? a.exceptionNow() : null;
            if (own != null && own == e.getCause()) {
                throw Completion.<X>rethrowOwn(own); // the body's checked exception, an X
            }
            throw e;
        }
    }

    /** Rethrows a stored failure following the await rule: unchecked as is, checked wrapped. */
    static RuntimeException rethrow(Throwable e) {
        if (e instanceof RuntimeException re) {
            return re;
        }
        if (e instanceof Error err) {
            throw err;
        }
        return new CompletionException(e);
    }
}
