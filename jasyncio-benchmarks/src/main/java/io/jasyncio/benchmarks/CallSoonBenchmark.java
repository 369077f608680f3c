package io.jasyncio.benchmarks;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
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
 * {@code callSoon} throughput on the loop thread: a task schedules {@link #BATCH} callbacks, which the loop then
 * runs (in its callback runner) on its next pass; the task awaits a future the last callback completes. The
 * figure counts enqueue + run per callback. Budget: at least 10 M/s in fast mode.
 *
 * {@snippet :
 * // java -jar jasyncio-benchmarks/target/benchmarks.jar CallSoonBenchmark
 * }
 *
 * <h2>Thread safety</h2>
 * JMH state, one instance per benchmark thread; the loop runs on that thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = LoopBenchmark.ADD_OPENS)
public class CallSoonBenchmark extends LoopBenchmark {
    /** Callbacks per invocation. */
    public static final int BATCH = 10_000;

    private long counter;
    private final Runnable increment = this::increment;

    /** Creates a benchmark; JMH calls it. */
    public CallSoonBenchmark() {}

    private void increment() {
        counter++;
    }

    /**
     * Schedules and runs {@link #BATCH} callbacks.
     *
     * @return the callback counter
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long callSoon() {
        EventLoop l = loop();
        return l.runUntilComplete(l.createTask(() -> {
            Future<Long> done = l.createFuture();
            for (int i = 0; i < BATCH - 1; i++) {
                l.callSoon(increment);
            }
            l.callSoon(() -> done.setResult(++counter));
            return done.await();
        }));
    }
}
