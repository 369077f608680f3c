package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The seeds' first program, {@code say_hello}, four ways: {@code asyncio.run}, a loop run by hand, a task that is
 * awaited, and two of them gathered so that their sleeps overlap.
 *
 * <p>A Python coroutine function becomes a Java method that may suspend: calling it from a task <em>is</em> the
 * {@code await}. A body that returns nothing is written as it is, {@code () -> sayHello(out)}, with no
 * {@code return} statement.
 */
public final class HelloWorld implements Example {
    /** The seed sleeps for a second; the demo keeps it short. */
    static final Duration PAUSE = Duration.ofMillis(100);

    /**
     * Runs the example on its own.
     *
     * @param args ignored
     * @throws Exception if it fails
     */
    public static void main(String[] args) throws Exception {
        new HelloWorld().run(System.out);
    }

    @Override
    public String name() {
        return "hello";
    }

    @Override
    public String summary() {
        return "say_hello: Asyncio.run, a loop by hand, createTask + await, gather";
    }

    @Override
    public void run(PrintStream out) throws Exception {
        out.println("   Asyncio.run(() -> sayHello()):");
        Asyncio.run(() -> sayHello(out));

        out.println("   a loop by hand (asyncio's get_event_loop / run_until_complete / close):");
        try (EventLoop loop = EventLoop.open()) {
            loop.runUntilComplete(loop.createTask(() -> out.println("     Hello, world!")));
        }

        out.println("   createTask, then await the task:");
        Asyncio.run(() -> {
            var task = Asyncio.createTask(() -> sayHello(out));
            task.await();
        });

        out.println("   gather two: both say Hello! before either says World!");
        long start = System.nanoTime();
        Asyncio.run(() -> {
            Asyncio.gather(Asyncio.createTask(() -> sayHello(out)), Asyncio.createTask(() -> sayHello(out)));
        });
        long millis = (System.nanoTime() - start) / 1_000_000;
        out.println("   the two " + PAUSE.toMillis() + " ms sleeps overlapped: " + millis + " ms in all");
    }

    /** Prints, sleeps without holding the loop, prints again (the seed's {@code say_hello} coroutine). */
    static void sayHello(PrintStream out) {
        out.println("     Hello!");
        Asyncio.sleep(PAUSE);
        out.println("     World!");
    }
}
