package io.jasyncio.benchmarks;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.SchedulingMode;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

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
@Fork(value = 1, jvmArgsAppend = BenchLoops.ADD_OPENS)
public class CallSoonBenchmark {
    /** Callbacks per invocation. */
    public static final int BATCH = 10_000;

    /** The scheduling mode. */
    @Param({"FAST", "COMPAT"})
    public SchedulingMode mode = SchedulingMode.FAST;

    private @Nullable EventLoop loop;
    private long counter;
    private final Runnable increment = this::increment;

    /** Creates a benchmark; JMH calls it. */
    public CallSoonBenchmark() {}

    private void increment() {
        counter++;
    }

    /** Opens the loop for the trial. */
    @Setup(Level.Trial)
    public void open() {
        loop = BenchLoops.open(mode);
    }

    /** Closes the loop. */
    @TearDown(Level.Trial)
    public void close() {
        EventLoop l = loop;
        if (l != null) {
            l.close();
        }
    }

    /**
     * Schedules and runs {@link #BATCH} callbacks.
     *
     * @return the callback counter
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long callSoon() {
        EventLoop l = loop;
        if (l == null) {
            throw new IllegalStateException("not set up");
        }
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
