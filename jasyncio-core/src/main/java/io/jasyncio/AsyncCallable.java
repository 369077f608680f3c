package io.jasyncio;

/**
 * The body of a task: code that may suspend on awaits and returns a value.
 *
 * <p>This is asyncio's coroutine function in Java: any method it calls may suspend the task (never the loop),
 * so it reads like sequential code. Checked exceptions may propagate; they fail the task.
 *
 * {@snippet :
 * Task<String> t = Asyncio.createTask(() -> {
 *     Asyncio.sleep(Duration.ofSeconds(1));
 *     return "done";
 * });
 * }
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface AsyncCallable<T> {
    /**
     * Runs the body.
     *
     * @return the result
     * @throws Exception any failure, which fails the task that runs this body
     */
    T call() throws Exception;
}
