package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledException;
import io.jasyncio.Task;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Cancelling a task: the waiting call inside it throws {@link CancelledException}, its {@code finally} block
 * cleans up, and whoever awaits the task sees the cancellation; then the seeds' shutdown pattern: cancel every
 * task, gather them, and treat the cancellation as expected (asyncio's {@code task.cancel()} and
 * {@code except CancelledError: pass}).
 */
public final class CancellingTasks implements Example {

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
        return "cancel";
    }

    @Override
    public String summary() {
        return "a long task is cancelled and cleans up; then cancel all tasks and gather them";
    }

    @Override
    public void run(PrintStream out) {
        Asyncio.run(() -> mainTask(out));
    }

    /** The main task: cancels one task, then shuts several down. */
    static void mainTask(PrintStream out) {
        cancelOne(out);
        cancelAllThenGather(out);
    }

    /** Cancels a task in the middle of its sleep and awaits it. */
    static void cancelOne(PrintStream out) {
        Task<String> worker = Asyncio.createTask("worker", () -> {
            try {
                out.println("   worker: starting a one-hour job");
                Asyncio.sleep(Duration.ofHours(1));
                return "finished";
            } finally {
                out.println("   worker: cleaning up");
            }
        });
        Asyncio.sleep(Duration.ofMillis(20));
        out.println("   main: cancelling the worker");
        worker.cancel("not needed any more");
        try {
            out.println("   main: the worker was " + worker.await());
        } catch (CancelledException e) {
            out.println("   main: the worker was cancelled (" + e.getMessage() + "), state " + worker.state());
        }
    }

    /** The seeds' shutdown: cancel every task, then gather them and ignore the cancellation. */
    static void cancelAllThenGather(PrintStream out) {
        List<Task<?>> tasks = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            tasks.add(Asyncio.createTask("job-" + i, () -> Asyncio.sleep(Duration.ofHours(1))));
        }
        Asyncio.sleep(Duration.ofMillis(10));
        out.println("   shutting down: cancelling " + tasks.size() + " tasks, then gathering them");
        for (Task<?> task : tasks) {
            task.cancel();
        }
        try {
            Asyncio.gather(tasks);
        } catch (CancelledException e) {
            // the tasks were cancelled, as intended
        }
        out.println("   every task is cancelled: " + tasks.stream().allMatch(Task::isCancelled));
    }
}
