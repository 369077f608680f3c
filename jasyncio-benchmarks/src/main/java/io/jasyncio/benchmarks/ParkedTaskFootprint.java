package io.jasyncio.benchmarks;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.SchedulingMode;
import io.jasyncio.Task;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Heap footprint of parked tasks: starts N tasks that each await their own pending future, lets them all park,
 * and prints the heap growth per task after a full GC (budget: 2 KiB in fast mode). It covers everything a
 * waiting task keeps alive: the task, its future, the virtual thread, its continuation and stack chunk, and the
 * loop's bookkeeping (plus 8 bytes per task for the two arrays that hold them here).
 *
 * <p>It is a plain program rather than a JMH benchmark because the figure is a size, not a time. Run it from the
 * benchmarks jar; fast mode needs the {@code --add-opens} flag ({@code java -jar} reads it from the manifest,
 * {@code -cp} does not):
 *
 * {@snippet lang = "sh" :
 * java --add-opens=java.base/java.lang=ALL-UNNAMED -cp jasyncio-benchmarks/target/benchmarks.jar \
 *     io.jasyncio.benchmarks.ParkedTaskFootprint 100000 FAST COMPAT
 * }
 *
 * <h2>Thread safety</h2>
 * A command-line program; each measurement runs on its own loop on the main thread.
 */
public final class ParkedTaskFootprint {
    private static final int ROUNDS = 5;

    private ParkedTaskFootprint() {}

    /**
     * Measures and prints bytes per parked task for each requested mode.
     *
     * @param args {@code [tasks] [FAST|COMPAT ...]}: the task count (default 100000) and the modes (default:
     *     both, FAST only when the JVM allows it)
     * @throws Exception if a measurement fails
     */
    public static void main(String[] args) throws Exception {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        List<SchedulingMode> modes = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            modes.add(SchedulingMode.valueOf(args[i].toUpperCase(Locale.ROOT)));
        }
        if (modes.isEmpty()) {
            modes.add(SchedulingMode.FAST);
            modes.add(SchedulingMode.COMPAT);
        }
        System.out.printf(
                Locale.ROOT,
                "%s %s, %d tasks, %d rounds%n",
                System.getProperty("java.vm.name"),
                Runtime.version(),
                tasks,
                ROUNDS);
        for (SchedulingMode mode : modes) {
            List<Double> results = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                double perTask;
                try (EventLoop loop = LoopBenchmark.openLoop(mode)) {
                    perTask = loop.runUntilComplete(loop.createTask(() -> measure(loop, tasks)));
                } catch (IllegalStateException e) {
                    System.out.printf(Locale.ROOT, "%-6s unavailable: %s%n", mode, e.getMessage());
                    break;
                }
                System.out.printf(Locale.ROOT, "%-6s round %d: %.0f bytes per parked task%n", mode, round + 1, perTask);
                results.add(perTask);
            }
            if (!results.isEmpty()) {
                results.sort(null);
                double median = results.get(results.size() / 2);
                System.out.printf(
                        Locale.ROOT,
                        "%-6s median %.0f bytes (%.2f KiB) per parked task, range %.0f-%.0f%n",
                        mode,
                        median,
                        median / 1024,
                        results.get(0),
                        results.get(results.size() - 1));
            }
        }
    }

    private static double measure(EventLoop loop, int count) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedAfterGc(memory);
        List<Future<@Nullable Void>> futures = new ArrayList<>(count);
        List<Task<@Nullable Void>> tasks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Future<@Nullable Void> f = loop.createFuture();
            futures.add(f);
            tasks.add(loop.createTask("parked", () -> f.await()));
        }
        Asyncio.sleep(Duration.ZERO);
        for (Task<@Nullable Void> t : tasks) {
            if (t.isDone()) {
                throw new IllegalStateException("a task ended early: " + t);
            }
        }
        long after = usedAfterGc(memory);
        for (Future<@Nullable Void> f : futures) {
            f.setResult(null);
        }
        for (Task<@Nullable Void> t : tasks) {
            t.await();
        }
        return (double) (after - before) / count;
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
