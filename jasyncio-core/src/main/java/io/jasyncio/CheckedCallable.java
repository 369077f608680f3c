package io.jasyncio;

import org.jspecify.annotations.Nullable;

/**
 * A body given inline to a jasyncio method, returning a value; its checked exceptions {@code X} reach the
 * caller as they are.
 *
 * <p>{@link Asyncio#run(CheckedCallable)}, {@link Asyncio#withTimeout(java.time.Duration, CheckedCallable)},
 * {@link Asyncio#withDeadline(long, CheckedCallable)}, {@link Asyncio#moveOnAfter(java.time.Duration,
 * CheckedCallable)}, {@link Asyncio#waitFor(CheckedCallable, java.time.Duration)} and
 * {@link Asyncio#toThread(CheckedCallable)} take one and declare {@code throws X}: the compiler infers
 * {@code X} from the lambda, so the exceptions the body can throw are the ones the call can throw, as if the
 * body were written at the call site.
 *
 * {@snippet :
 * try {
 *     String line = Asyncio.withTimeout(Duration.ofSeconds(5), () -> reader.readLine()); // X = IOException
 * } catch (IOException e) {
 *     // the reader's own exception, not wrapped
 * } catch (TimeoutException e) {
 *     // the five seconds passed
 * }
 * }
 *
 * <p>Its sibling {@link CheckedRunnable} is the body that returns nothing; each of these methods has an
 * overload for it, and Java picks the right one from the lambda. An {@link AsyncCallable} (a task's body) is a
 * {@code CheckedCallable<T, Exception>}, so a body kept in a variable works too. The rule for which
 * exceptions jasyncio wraps is in {@code docs/design.md}, "How await() reports failures".
 *
 * @param <T> the result type
 * @param <X> the checked exceptions the body may throw (inferred; {@link RuntimeException} when none, and the
 *     closest common supertype, often {@link Exception}, when the body throws two unrelated ones)
 */
@FunctionalInterface
public interface CheckedCallable<T extends @Nullable Object, X extends Exception> {
    /**
     * Runs the body.
     *
     * @throws X the body's own checked exceptions
     */
    T call() throws X;
}
