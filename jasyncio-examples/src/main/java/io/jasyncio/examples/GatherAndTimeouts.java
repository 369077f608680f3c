package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.Outcome;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Polling several temperature sensors at once: {@link Asyncio#gather} collects their readings in argument order,
 * {@link Asyncio#gatherSettled} keeps going past a sensor that fails, and {@link Asyncio#waitFor} gives up on
 * one that is too slow (the seeds' sensor poller with {@code gather}, {@code return_exceptions=True} and
 * {@code wait_for}; the sensors answer from memory instead of over HTTP).
 */
public final class GatherAndTimeouts implements Example {

    /**
     * Runs the example on its own; Ctrl-C ends it with exit status 130.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Asyncio.runMain(() -> mainTask(System.out));
    }

    @Override
    public String name() {
        return "gather";
    }

    @Override
    public String summary() {
        return "gather readings from sensors, survive a broken one, time out on a slow one";
    }

    @Override
    public void run(PrintStream out) {
        Asyncio.run(() -> mainTask(out));
    }

    /** The main task: polls the sensors three ways. */
    static void mainTask(PrintStream out) {
        List<Double> readings = Asyncio.gather(
                Asyncio.createTask(() -> readSensor(out, "kitchen", 30, 21.5)),
                Asyncio.createTask(() -> readSensor(out, "garage", 10, 14.0)),
                Asyncio.createTask(() -> readSensor(out, "attic", 20, 27.25)));
        out.println("   readings in argument order: " + readings);

        List<Outcome<Double>> settled = Asyncio.gatherSettled(
                Asyncio.createTask(() -> readSensor(out, "porch", 10, 8.5)), Asyncio.createTask(() -> {
                    Asyncio.sleep(Duration.ofMillis(5));
                    throw new IllegalStateException("shed sensor offline");
                }));
        for (Outcome<Double> outcome : settled) {
            switch (outcome) {
                case Outcome.Success<Double> s -> out.println("   settled: reading " + s.value());
                case Outcome.Failure<Double> f ->
                    out.println("   settled: failed, " + f.exception().getMessage());
                case Outcome.Cancelled<Double> c -> out.println("   settled: cancelled");
            }
        }

        try {
            double cellar = Asyncio.waitFor(() -> readSensor(out, "cellar", 5_000, 11.0), Duration.ofMillis(50));
            out.println("   cellar: " + cellar);
        } catch (TimeoutException e) {
            out.println("   cellar sensor: no answer within 50 ms, so waitFor cancelled the read");
        }
    }

    private static double readSensor(PrintStream out, String where, long millis, double celsius) {
        Asyncio.sleep(Duration.ofMillis(millis));
        out.println("   " + where + " answered after " + millis + " ms");
        return celsius;
    }
}
