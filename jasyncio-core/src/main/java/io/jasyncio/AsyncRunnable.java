package io.jasyncio;

/**
 * The body of a task that returns nothing; its task's result is {@code null} (the {@code void} sibling of
 * {@link AsyncCallable}).
 *
 * {@snippet :
 * Task<Void> worker = Asyncio.createTask(this::consume);   // void consume() throws IOException
 * Task<Void> ticker = Asyncio.createTask(() -> {
 *     Asyncio.sleep(Duration.ofSeconds(1));
 *     System.out.println("tick");
 * });
 * }
 *
 * <p>Java picks this overload of {@code createTask} for a statement block without a value, a call of a
 * {@code void} method or a reference to one; a lambda or method reference that yields a value makes an
 * {@link AsyncCallable} task. A reference to an <em>overloaded</em> method fits both shapes and does not
 * compile: write a lambda instead.
 */
@FunctionalInterface
public interface AsyncRunnable extends CheckedRunnable<Exception> {
    /**
     * Runs the body.
     *
     * @throws Exception any failure, which fails the task that runs this body
     */
    @Override
    void run() throws Exception;
}
