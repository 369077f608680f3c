package io.jasyncio.benchmarks;

import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Task creation: a task creates a batch of {@link #BATCH} tasks, each returning at once, and awaits them all.
 * The figure is the cost per task of {@code createTask} + first step + completion + the parent's await.
 * Budget: 1 µs in fast mode.
 *
 * {@snippet :
 * // java -jar jasyncio-benchmarks/target/benchmarks.jar TaskSpawnBenchmark
 * }
 *
 * <h2>Thread safety</h2>
 * JMH state, one instance per benchmark thread; the loop runs on that thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = LoopBenchmark.ADD_OPENS)
public class TaskSpawnBenchmark extends LoopBenchmark {
    /** Tasks per invocation. */
    public static final int BATCH = 1000;

    /** Creates a benchmark; JMH calls it. */
    public TaskSpawnBenchmark() {}

    /**
     * Creates, runs and awaits {@link #BATCH} tasks.
     *
     * @return the sum of their results
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long spawnAndAwait() {
        EventLoop l = loop();
        return l.runUntilComplete(l.createTask(() -> {
            List<Task<Integer>> tasks = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) {
                int n = i;
                tasks.add(l.createTask("t", () -> n));
            }
            long sum = 0;
            for (Task<Integer> t : tasks) {
                sum += t.await();
            }
            return sum;
        }));
    }
}
