package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledException;
import io.jasyncio.TaskGroup;
import io.jasyncio.TaskGroupException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * A {@link TaskGroup} owns its tasks: when one fails, the others are cancelled and every failure is reported
 * together; {@link Asyncio#withTimeout} bounds a whole block (asyncio's {@code TaskGroup} and {@code timeout}).
 */
public final class StructuredConcurrency implements Example {

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
        return "task-group";
    }

    @Override
    public String summary() {
        return "a failing task cancels its siblings; a timeout bounds a block";
    }

    @Override
    public void run(PrintStream out) {
        Asyncio.run(() -> mainTask(out));
    }

    /** The main task: a task group with a failing task, then a block with a timeout. */
    static void mainTask(PrintStream out) {
        try {
            TaskGroup.run(group -> {
                group.createTask("slow", () -> {
                    try {
                        Asyncio.sleep(Duration.ofSeconds(10));
                    } catch (CancelledException e) {
                        out.println("   slow task: cancelled because a sibling failed");
                        throw e;
                    }
                });
                group.createTask("broken", () -> {
                    Asyncio.sleep(Duration.ofMillis(10));
                    throw new IllegalStateException("sensor offline");
                });
            });
        } catch (TaskGroupException e) {
            out.println("   the group reports: " + e.exceptions());
        }
        try {
            Asyncio.withTimeout(Duration.ofMillis(30), () -> Asyncio.sleep(Duration.ofSeconds(5)));
        } catch (TimeoutException e) {
            out.println("   the 5 s block was stopped by its 30 ms timeout");
        }
    }
}
