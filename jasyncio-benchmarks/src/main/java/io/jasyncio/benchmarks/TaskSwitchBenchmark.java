package io.jasyncio.benchmarks;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Task switch: two tasks of one loop ping-pong through futures. One switch = create a future, complete the
 * other task's future (which queues that task), await the own future (park), and the other task resuming.
 *
 * <p>Each invocation runs {@link #SWITCHES} switches inside one {@code runUntilComplete}, so starting the two
 * tasks is amortised to well under 1 ns per switch. Budget: 200 ns in fast mode.
 *
 * {@snippet :
 * // java -jar jasyncio-benchmarks/target/benchmarks.jar TaskSwitchBenchmark -p mode=FAST
 * }
 *
 * <h2>Thread safety</h2>
 * JMH state, one instance per benchmark thread; the loop runs on that thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = LoopBenchmark.ADD_OPENS)
public class TaskSwitchBenchmark extends LoopBenchmark {
    /** Switches per invocation (both directions counted). */
    public static final int SWITCHES = 20_000;

    private @Nullable Future<@Nullable Void> toA;
    private @Nullable Future<@Nullable Void> toB;

    /** Creates a benchmark; JMH calls it. */
    public TaskSwitchBenchmark() {}

    /**
     * Runs {@link #SWITCHES} task switches.
     *
     * @return the number of rounds, so the work is not dead code
     */
    @Benchmark
    @OperationsPerInvocation(SWITCHES)
    public int pingPong() {
        EventLoop l = loop();
        return l.runUntilComplete(l.createTask(() -> runA(l)));
    }

    private int runA(EventLoop l) {
        int rounds = SWITCHES / 2;
        Future<@Nullable Void> first = l.createFuture();
        toB = first;
        Task<Integer> b = l.createTask(() -> runB(l, rounds));
        for (int i = 0; i < rounds; i++) {
            Future<@Nullable Void> mine = l.createFuture();
            toA = mine;
            take(toB).setResult(null);
            mine.await();
        }
        return b.await();
    }

    private int runB(EventLoop l, int rounds) {
        for (int i = 0; i < rounds; i++) {
            take(toB).await();
            toB = l.createFuture();
            take(toA).setResult(null);
        }
        return rounds;
    }

    private static Future<@Nullable Void> take(@Nullable Future<@Nullable Void> f) {
        if (f == null) {
            throw new IllegalStateException("ping-pong out of step");
        }
        return f;
    }
}
