package io.jasyncio.benchmarks;

import io.jasyncio.EventLoop;
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
 * {@code callSoonThreadsafe} from another thread: the loop runs for the whole trial on its own platform thread,
 * and the benchmark thread posts to it.
 *
 * <ul>
 *   <li>{@link #burst()}: posts {@link #BATCH} callbacks back to back while the loop drains them, then waits
 *       until the last one ran; the figure is the amortised cost per post, including running it. Budget:
 *       100 ns in fast mode.
 *   <li>{@link #roundTrip()}: one post to an idle loop (blocked in {@code select}) and the spin until it ran:
 *       the wake-up latency, reported for reference (no budget).
 * </ul>
 *
 * {@snippet :
 * // java -jar jasyncio-benchmarks/target/benchmarks.jar CallSoonThreadsafeBenchmark
 * }
 *
 * <h2>Thread safety</h2>
 * The callbacks touch {@code counter} on the loop only; completion is published through a volatile field.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = LoopBenchmark.ADD_OPENS)
public class CallSoonThreadsafeBenchmark extends LoopBenchmark {
    /** Posts per {@link #burst()} invocation. */
    public static final int BATCH = 10_000;

    private @Nullable Thread loopThread;
    private long counter;
    private volatile long seen;
    private final Runnable increment = this::increment;
    private final Runnable publish = this::publish;

    /** Creates a benchmark; JMH calls it. */
    public CallSoonThreadsafeBenchmark() {}

    private void increment() {
        counter++;
    }

    private void publish() {
        seen = ++counter;
    }

    /** Runs the new loop on a dedicated thread for the whole trial. */
    @Override
    protected void afterOpen(EventLoop l) {
        loopThread = Thread.ofPlatform().name("bench-loop").start(l::runForever);
        while (!l.isRunning()) {
            Thread.onSpinWait();
        }
    }

    /**
     * Stops the loop and waits for its thread; the base class then closes it.
     *
     * @throws InterruptedException if interrupted while joining
     */
    @Override
    protected void beforeClose(EventLoop l) throws InterruptedException {
        l.stop();
        Thread t = loopThread;
        if (t != null) {
            t.join();
        }
    }

    /**
     * Posts {@link #BATCH} callbacks and waits until the loop ran them all.
     *
     * @return the counter
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long burst() {
        EventLoop l = loop();
        long target = seen + BATCH;
        for (int i = 0; i < BATCH - 1; i++) {
            l.callSoonThreadsafe(increment);
        }
        l.callSoonThreadsafe(publish);
        return await(target);
    }

    /**
     * Posts one callback to the idle loop and spins until it ran.
     *
     * @return the counter
     */
    @Benchmark
    public long roundTrip() {
        EventLoop l = loop();
        long target = seen + 1;
        l.callSoonThreadsafe(publish);
        return await(target);
    }

    private long await(long target) {
        long s;
        while ((s = seen) < target) {
            Thread.onSpinWait();
        }
        return s;
    }
}
