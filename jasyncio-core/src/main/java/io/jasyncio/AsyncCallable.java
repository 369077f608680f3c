package io.jasyncio;

import org.jspecify.annotations.Nullable;

/**
 * The body of a task: code that may suspend on awaits and returns a value.
 *
 * <p>This is asyncio's coroutine function in Java: any method it calls may suspend the task (never the loop),
 * so it reads like sequential code. Any exception may propagate; it fails the task, and whoever awaits the task
 * receives it as {@code docs/design.md}, "How await() reports failures", describes. A body that returns
 * nothing is an {@link AsyncRunnable}: no {@code return null;} is needed.
 *
 * {@snippet :
 * Task<String> t = Asyncio.createTask(() -> {
 *     Asyncio.sleep(Duration.ofSeconds(1));
 *     return "done";
 * });
 * }
 *
 * <p>It is a {@link CheckedCallable} that may throw any {@link Exception}, so a task body kept in a variable
 * can also be given to the methods that run a body inline ({@link Asyncio#withTimeout}, ...).
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface AsyncCallable<T extends @Nullable Object> extends CheckedCallable<T, Exception> {
    /**
     * Runs the body.
     *
     * @throws Exception any failure, which fails the task that runs this body
     */
    @Override
    T call() throws Exception;
}
