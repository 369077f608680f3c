package io.jasyncio;

import org.jspecify.annotations.Nullable;

/**
 * How an awaitable ended: with a value, an exception, or by cancellation. {@link Asyncio#gatherSettled} returns
 * one per child (asyncio's {@code gather(..., return_exceptions=True)}).
 *
 * {@snippet :
 * for (Outcome<String> o : Asyncio.gatherSettled(List.of(a, b))) {
 *     switch (o) {
 *         case Outcome.Success<String> s -> System.out.println("got " + s.value());
 *         case Outcome.Failure<String> f -> System.out.println("failed: " + f.exception());
 *         case Outcome.Cancelled<String> c -> System.out.println("cancelled");
 *     }
 * }
 * }
 *
 * <h2>Thread safety</h2>
 * Immutable.
 *
 * @param <T> the value type
 */
public sealed interface Outcome<T extends @Nullable Object> {

    /**
     * A value.
     *
     * @param value the value
     * @param <T> the value type
     */
    record Success<T extends @Nullable Object>(T value) implements Outcome<T> {}

    /**
     * A failure.
     *
     * @param exception the exception (the original one, never wrapped)
     * @param <T> the value type
     */
    record Failure<T extends @Nullable Object>(Throwable exception) implements Outcome<T> {}

    /**
     * A cancellation.
     *
     * @param message the cancellation message, or {@code null}
     * @param <T> the value type
     */
    record Cancelled<T extends @Nullable Object>(@Nullable String message) implements Outcome<T> {}

    /**
     * Returns the outcome of a done awaitable.
     *
     * @param done a done awaitable
     * @return its outcome
     * @throws InvalidStateException if it is not done
     */
    static <T extends @Nullable Object> Outcome<T> of(Awaitable<? extends T> done) {
        return switch (done.state()) {
            case SUCCESS -> new Success<>(done.resultNow());
            case FAILED -> {
                Throwable e = done.exceptionNow();
                yield new Failure<>(e == null ? new IllegalStateException("failed without an exception") : e);
            }
            case CANCELLED -> new Cancelled<>(Completion.cancelMessage(done));
            case PENDING -> throw new InvalidStateException("not done: " + done);
        };
    }

    /**
     * Returns whether this is a {@link Success}.
     *
     * @return {@code true} for a value
     */
    default boolean isSuccess() {
        return this instanceof Success<T>;
    }

    /**
     * Returns the value, or throws as {@link Awaitable#await()} would: an unchecked exception as it is, a
     * checked one wrapped in {@link java.util.concurrent.CompletionException}, a cancellation as
     * {@link CancelledException}.
     */
    default T getOrThrow() {
        return switch (this) {
            case Success<T> s -> s.value();
            case Failure<T> f -> throw Completion.rethrow(f.exception());
            case Cancelled<T> c -> throw new CancelledException(c.message());
        };
    }
}
