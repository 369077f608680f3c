package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import java.io.PrintStream;
import java.time.Duration;
import java.util.StringJoiner;

/**
 * Two counting tasks and a timer that stops the loop: the loop is opened by hand, runs forever until the
 * {@code stopper} callback calls {@code stop()}, and is closed (the seeds' {@code foo(delay)} with
 * {@code call_later(12, stopper, loop)} and {@code run_forever}).
 *
 * <p>Time is scaled down: the seed's 0.5 s and 1 s delays are 10 and 20 ms here, its 12 s stopper 240 ms.
 */
public final class RunForever implements Example {

    /**
     * Runs the example on its own.
     *
     * @param args ignored
     * @throws Exception if it fails
     */
    public static void main(String[] args) throws Exception {
        new RunForever().run(System.out);
    }

    @Override
    public String name() {
        return "run-forever";
    }

    @Override
    public String summary() {
        return "two counting tasks run until a callLater stopper stops runForever";
    }

    @Override
    public void run(PrintStream out) {
        StringJoiner ticks = new StringJoiner(" ");
        try (EventLoop loop = EventLoop.open()) {
            long start = System.nanoTime();
            loop.createTask(() -> foo(ticks, "a", Duration.ofMillis(10)));
            loop.createTask(() -> foo(ticks, "b", Duration.ofMillis(20)));
            loop.callLater(Duration.ofMillis(240), () -> stopper(loop));
            loop.runForever(); // returns once stop() was called
            long millis = (System.nanoTime() - start) / 1_000_000;
            out.println("   the tasks counted, interleaved: " + ticks);
            out.printf("   stopper called loop.stop() after %d ms; runForever returned%n", millis);
        }
        out.println("   loop closed");
    }

    private static void foo(StringJoiner ticks, String name, Duration delay) {
        for (int i = 0; i < 10; i++) {
            ticks.add(name + i);
            Asyncio.sleep(delay);
        }
    }

    private static void stopper(EventLoop loop) {
        loop.stop();
    }
}
