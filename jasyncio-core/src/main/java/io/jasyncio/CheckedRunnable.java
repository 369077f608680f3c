package io.jasyncio;

/**
 * A body given inline to a jasyncio method that returns nothing; its checked exceptions {@code X} reach the
 * caller as they are (the {@code void} sibling of {@link CheckedCallable}).
 *
 * {@snippet :
 * Asyncio.withTimeout(Duration.ofSeconds(5), () -> {
 *     writer.write(request);
 *     writer.drain();          // throws IOException: so does the withTimeout call
 * });
 * }
 *
 * <p>Java picks this overload for a lambda whose body is a statement block without a value ({@code () -> {
 * ... }}) or a call of a {@code void} method, and for a reference to a {@code void} method. A lambda calling a
 * method that returns a value goes to the {@link CheckedCallable} overload, whose result the caller may ignore.
 * A reference to an <em>overloaded</em> method ({@code reader::readLine}) fits both shapes and does not
 * compile: write a lambda instead.
 *
 * @param <X> the checked exceptions the body may throw (inferred; {@link RuntimeException} when none, and the
 *     closest common supertype, often {@link Exception}, when the body throws two unrelated ones)
 */
@FunctionalInterface
public interface CheckedRunnable<X extends Exception> {
    /**
     * Runs the body.
     *
     * @throws X the body's own checked exceptions
     */
    void run() throws X;
}
