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
     * Runs the example on its own.
     *
     * @param args ignored
     * @throws Exception if it fails
     */
    public static void main(String[] args) throws Exception {
        new TaskErrors().run(System.out);
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
    public void run(PrintStream out) throws Exception {
        Asyncio.run(() -> {
            riskyOperation(out);

            var task = Asyncio.createTask("failing", () -> {
                failingTask();
                return null;
            });
            try {
                task.await();
            } catch (IllegalArgumentException e) {
                out.println("   Task failed with exception: " + e.getMessage());
            }

            var unattended = Asyncio.createTask("unattended", () -> {
                failingTask();
                return null;
            });
            Asyncio.sleep(PAUSE.multipliedBy(2));
            out.println("   nobody awaited '" + unattended.name() + "'; it is " + unattended.state()
                    + " and exceptionNow() says: " + unattended.exceptionNow());
            return null;
        });
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
