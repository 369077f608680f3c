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
     * Runs the example on its own.
     *
     * @param args ignored
     * @throws Exception if it fails
     */
    public static void main(String[] args) throws Exception {
        new CancellingTasks().run(System.out);
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
    public void run(PrintStream out) throws Exception {
        String outcome = Asyncio.run(() -> {
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
                return worker.await();
            } catch (CancelledException e) {
                return "cancelled (" + e.getMessage() + "), state " + worker.state();
            }
        });
        out.println("   main: the worker was " + outcome);

        Asyncio.run(() -> {
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                tasks.add(Asyncio.createTask("job-" + i, () -> {
                    Asyncio.sleep(Duration.ofHours(1));
                    return null;
                }));
            }
            Asyncio.sleep(Duration.ofMillis(10));
            out.println("   shutting down: cancelling " + tasks.size() + " tasks, then gathering them");
            for (Task<Void> task : tasks) {
                task.cancel();
            }
            try {
                Asyncio.gather(tasks);
            } catch (CancelledException e) {
                // the tasks were cancelled, as intended
            }
            out.println("   every task is cancelled: " + tasks.stream().allMatch(Task::isCancelled));
            return null;
        });
    }
}
