package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Three "downloads" that each wait a while run as tasks on one loop: the waits overlap, so the whole run takes
 * about as long as the longest one, not the sum (asyncio's first lesson: tasks and {@code await}).
 */
public final class ConcurrentTasks implements Example {

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
        return "tasks";
    }

    @Override
    public String summary() {
        return "three tasks wait concurrently on one loop thread";
    }

    @Override
    public void run(PrintStream out) {
        Asyncio.run(() -> mainTask(out));
    }

    /** The main task: a task per download, then {@code gather} (the seeds' {@code gather(*tasks)}). */
    static void mainTask(PrintStream out) {
        long start = System.nanoTime();
        List<Task<String>> downloads = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            int id = i;
            downloads.add(Asyncio.createTask("download-" + id, () -> download(out, id)));
        }
        List<String> results = Asyncio.gather(downloads);
        long millis = (System.nanoTime() - start) / 1_000_000;
        out.println("   results " + results + " in " + millis + " ms (the waits add up to 600 ms)");
    }

    private static String download(PrintStream out, int id) {
        out.println("   download " + id + " started on "
                + Asyncio.currentTask().orElseThrow().name());
        Asyncio.sleep(Duration.ofMillis(100L * id));
        out.println("   download " + id + " finished");
        return "file-" + id;
    }
}
