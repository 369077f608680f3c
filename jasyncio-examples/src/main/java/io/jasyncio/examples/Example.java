package io.jasyncio.examples;

import java.io.PrintStream;

/**
 * One runnable scenario: a short name, a one-line summary, and a body that tells its story on a stream. Each
 * example class also has a {@code main} method, so it runs on its own too.
 */
public interface Example {
    /**
     * Returns a short name.
     *
     * @return the name
     */
    String name();

    /**
     * Returns a one-line summary of what the example shows.
     *
     * @return the summary
     */
    String summary();

    /**
     * Runs the example, printing what happens.
     *
     * @param out where to print
     * @throws Exception if the example fails
     */
    void run(PrintStream out) throws Exception;
}
