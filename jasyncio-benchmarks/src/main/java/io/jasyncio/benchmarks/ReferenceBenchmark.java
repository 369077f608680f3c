package io.jasyncio.benchmarks;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Floors measured on the same machine without jasyncio, to read the loop's figures against:
 *
 * <ul>
 *   <li>{@link #bareSwitch()}: two virtual threads scheduled by a plain {@link ArrayDeque} run loop ping-pong
 *       with {@code LockSupport.park/unpark} and a flag each: the JDK's cost of one switch between
 *       loop-scheduled virtual threads, which bounds fast mode's task switch from below.
 *   <li>{@link #selectNow()}: one non-blocking {@code Selector.selectNow(Consumer)} with one idle channel
 *       registered: what each loop iteration pays to poll I/O while channels are registered.
 * </ul>
 *
 * {@snippet :
 * // java -jar jasyncio-benchmarks/target/benchmarks.jar ReferenceBenchmark
 * }
 *
 * <h2>Thread safety</h2>
 * JMH state, one instance per benchmark thread; everything runs on that thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = LoopBenchmark.ADD_OPENS)
public class ReferenceBenchmark {
    /** Switches per {@link #bareSwitch()} invocation. */
    public static final int SWITCHES = 20_000;

    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private Thread.Builder.@Nullable OfVirtual builder;
    private @Nullable Selector selector;
    private java.nio.channels.@Nullable Pipe pipe;
    private final Consumer<SelectionKey> ignore = ReferenceBenchmark::ignore;
    private volatile boolean turnA;
    private volatile boolean turnB;

    /** Creates a benchmark; JMH calls it. */
    public ReferenceBenchmark() {}

    private static void ignore(SelectionKey key) {
        key.readyOps();
    }

    /**
     * Builds the loop-scheduled thread builder and a selector with one idle pipe registered.
     *
     * @throws ReflectiveOperationException if {@code java.lang} is not open
     * @throws IOException if the selector cannot be opened
     */
    @Setup(Level.Trial)
    public void open() throws ReflectiveOperationException, IOException {
        Class<?> c = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
        Constructor<?> ctor = c.getDeclaredConstructor(Executor.class);
        ctor.setAccessible(true);
        Executor scheduler = queue::addLast;
        builder = (Thread.Builder.OfVirtual) ctor.newInstance(scheduler);
        Selector s = Selector.open();
        java.nio.channels.Pipe p = java.nio.channels.Pipe.open();
        p.source().configureBlocking(false);
        p.source().register(s, SelectionKey.OP_READ);
        selector = s;
        pipe = p;
    }

    /**
     * Closes the selector and the pipe.
     *
     * @throws IOException if closing fails
     */
    @TearDown(Level.Trial)
    public void close() throws IOException {
        if (selector != null) {
            selector.close();
        }
        if (pipe != null) {
            pipe.source().close();
            pipe.sink().close();
        }
    }

    /**
     * Runs {@link #SWITCHES} switches between two loop-scheduled virtual threads.
     *
     * @return the number of run-queue entries executed
     */
    @Benchmark
    @OperationsPerInvocation(SWITCHES)
    public int bareSwitch() {
        Thread.Builder.OfVirtual b = builder;
        if (b == null) {
            throw new IllegalStateException("not set up");
        }
        int rounds = SWITCHES / 2;
        Thread[] threads = new Thread[2];
        threads[0] = b.unstarted(() -> {
            for (int i = 0; i < rounds; i++) {
                turnB = true;
                LockSupport.unpark(threads[1]);
                while (!turnA) {
                    LockSupport.park();
                }
                turnA = false;
            }
        });
        threads[1] = b.unstarted(() -> {
            for (int i = 0; i < rounds; i++) {
                while (!turnB) {
                    LockSupport.park();
                }
                turnB = false;
                turnA = true;
                LockSupport.unpark(threads[0]);
            }
        });
        threads[0].start();
        threads[1].start();
        int steps = 0;
        Runnable r;
        while ((r = queue.pollFirst()) != null) {
            r.run();
            steps++;
        }
        return steps;
    }

    /**
     * Polls a selector with one idle channel, without blocking.
     *
     * @return the number of ready keys (0)
     * @throws IOException if the poll fails
     */
    @Benchmark
    public int selectNow() throws IOException {
        Selector s = selector;
        if (s == null) {
            throw new IllegalStateException("not set up");
        }
        return s.selectNow(ignore);
    }
}
