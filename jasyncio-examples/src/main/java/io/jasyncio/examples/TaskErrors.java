package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Exceptions in coroutines and in tasks: caught inside the coroutine, or rethrown by the task's {@code await}
 * to whoever awaits it, or read with {@code exceptionNow()} (the seeds' {@code risky_operation} and
 * {@code failing_task}).
 *
 * <p>Python's {@code ValueError} is {@link IllegalArgumentException} here. {@code await()} rethrows an unchecked
 * exception as it is, so the {@code catch} reads like the seed's {@code except}.
 */
public final class TaskErrors implements Example {
    private static final Duration PAUSE = Duration.ofMillis(20);

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
        return "task-errors";
    }

    @Override
    public String summary() {
        return "a coroutine catches its own error; a failing task's error reaches its awaiter";
    }

    @Override
    public void run(PrintStream out) {
        Asyncio.run(() -> mainTask(out));
    }

    /** The main task: an error caught where it happens, one awaited from a task, one read from a task. */
    static void mainTask(PrintStream out) {
        riskyOperation(out);

        var task = Asyncio.createTask("failing", TaskErrors::failingTask);
        try {
            task.await();
        } catch (IllegalArgumentException e) {
            out.println("   Task failed with exception: " + e.getMessage());
        }

        var unattended = Asyncio.createTask("unattended", TaskErrors::failingTask);
        Asyncio.sleep(PAUSE.multipliedBy(2));
        out.println("   nobody awaited '" + unattended.name() + "'; it is " + unattended.state()
                + " and exceptionNow() says: " + unattended.exceptionNow());
    }

    private static void riskyOperation(PrintStream out) {
        try {
            Asyncio.sleep(PAUSE);
            throw new IllegalArgumentException("Something went wrong!");
        } catch (IllegalArgumentException e) {
            out.println("   Caught an exception: " + e.getMessage());
        }
    }

    private static void failingTask() {
        Asyncio.sleep(PAUSE);
        throw new IllegalArgumentException("Task failed!");
    }
}
