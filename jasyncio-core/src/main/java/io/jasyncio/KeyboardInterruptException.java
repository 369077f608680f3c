package io.jasyncio;

import java.util.concurrent.CancellationException;

/**
 * Thrown by {@link Asyncio#run(CheckedCallable)} when Ctrl-C (SIGINT) ended the run (asyncio's
 * {@code KeyboardInterrupt}).
 *
 * <p>What happens on Ctrl-C, as in {@code asyncio.run}: the first SIGINT cancels the main task, whose
 * {@code finally} blocks and {@code catch (CancelledException e)} clean-ups run as usual; when it has ended
 * cancelled, the run closes the loop (cancelling the tasks left over) and throws this exception. A second
 * SIGINT stops waiting for the main task: the loop is closed at once (its tasks are cancelled, for at most
 * {@link LoopOptions#closeTimeout()}) and this exception is thrown. SIGINT is handled this way only while
 * {@code Asyncio.run} runs on the JVM's main thread; a main task that catches the cancellation and returns
 * normally ends the run normally.
 *
 * <p>Unlike {@link CancelledException}, it carries the stack trace of the {@code Asyncio.run} call and a
 * one-line message. Left uncaught, the JVM prints it and exits with status 1. To exit like a Python program
 * (status {@value #EXIT_STATUS}, 128 + SIGINT, and one line on stderr) use {@link Asyncio#runMain}, or the same
 * pattern by hand:
 *
 * {@snippet :
 * public static void main(String[] args) throws Exception {
 *     try {
 *         Asyncio.run(() -> serve(args));
 *     } catch (KeyboardInterruptException e) {
 *         System.err.println(e.getMessage());
 *         System.exit(KeyboardInterruptException.EXIT_STATUS);
 *     }
 * }
 * }
 *
 * <p>It extends {@link CancellationException} (the run's result cannot be had because its main task was
 * cancelled), not {@link CancelledException}, the exception tasks see at their awaits.
 */
public final class KeyboardInterruptException extends CancellationException {
    private static final long serialVersionUID = 1L;

    /** The conventional exit status of a process ended by SIGINT: 128 + 2. */
    public static final int EXIT_STATUS = 130;

    /**
     * Creates the exception.
     *
     * @param message the one-line message
     */
    public KeyboardInterruptException(String message) {
        super(message);
    }
}
