package io.jasyncio.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test method whose body runs as the main task of a fresh event loop (use it instead of {@code @Test}).
 *
 * <p>By default the loop runs on a {@link VirtualClock}: when every task waits and no I/O is ready, time jumps to
 * the next timer, so a test of a five-minute timeout takes milliseconds. After the body (and the loop's close),
 * the test fails if it leaked tasks, file descriptors, threads or child processes.
 *
 * {@snippet :
 * @AsyncioTest
 * void timeoutFires() {
 *     var never = Asyncio.loop().createFuture();
 *     assertThatThrownBy(() -> Asyncio.waitFor(never, Duration.ofMinutes(5)))
 *             .isInstanceOf(TimeoutException.class);   // instant: the clock is virtual
 * }
 * }
 *
 * <p>A test method may declare a {@link VirtualClock} parameter to read or advance the clock.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Test
@ExtendWith(AsyncioExtension.class)
public @interface AsyncioTest {

    /**
     * Runs on the system clock instead of the virtual one: for tests that wait on real external peers
     * (sockets, subprocesses, other threads, remote servers) whose replies take real time. The leak checks run
     * all the same.
     *
     * @return {@code true} for the real clock
     */
    boolean realClock() default false;

    /**
     * Runs the loop in debug mode.
     *
     * @return {@code true} for debug mode
     */
    boolean debug() default false;

    /**
     * Checks for leaked tasks, file descriptors, threads and child processes after the test.
     *
     * @return {@code false} to skip the checks
     */
    boolean checkLeaks() default true;
}
