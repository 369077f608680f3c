package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Chained coroutines on a loop run by hand: {@code printSum} calls {@code compute}, which sleeps, and the loop
 * runs until {@code printSum} is done (the seeds' {@code compute} / {@code print_sum} and {@code cool_coroutine}).
 *
 * <p>In Python, calling a coroutine function without {@code await} only makes a coroutine object ("coroutine
 * ... was never awaited"). In Java a method that may suspend runs when called, inside the calling task; a lambda
 * that nobody passes to {@code createTask} never runs at all.
 */
public final class ChainedCoroutines implements Example {

    /**
     * Runs the example on its own.
     *
     * @param args ignored
     * @throws Exception if it fails
     */
    public static void main(String[] args) throws Exception {
        new ChainedCoroutines().run(System.out);
    }

    @Override
    public String name() {
        return "chained";
    }

    @Override
    public String summary() {
        return "print_sum awaits compute on a loop run with runUntilComplete";
    }

    @Override
    public void run(PrintStream out) throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            String cool = loop.runUntilComplete(loop.createTask(ChainedCoroutines::coolCoroutine));
            out.println("   coolCoroutine returned: " + cool);
            loop.runUntilComplete(loop.createTask(() -> printSum(out, 1, 2)));
        }
    }

    static String coolCoroutine() {
        return "So cool...";
    }

    static int compute(PrintStream out, int x, int y) {
        out.println("   Compute " + x + " + " + y + " ...");
        Asyncio.sleep(Duration.ofMillis(100));
        return x + y;
    }

    static void printSum(PrintStream out, int x, int y) {
        int result = compute(out, x, y); // the await: this task suspends inside compute
        out.println("   " + x + " + " + y + " = " + result);
    }
}
