package io.jasyncio.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@link TaskSwitchBenchmark#pingPong()} while a busy thread burns a core: production machines have busy cores,
 * and a compatibility-mode hand-off that spins while the task it waits for needs that very core collapses (issue
 * #9 item 7: COMPAT must stay within 10× FAST here). The burner starts with the trial and stops with it; on a
 * two-core machine it takes one core, so the loop thread, the task's carrier and the burner share two.
 *
 * {@snippet :
 * // java -jar jasyncio-benchmarks/target/benchmarks.jar -f 1 -wi 3 -i 5 -w 1s -r 1s TaskSwitchUnderLoad
 * }
 *
 * <h2>Thread safety</h2>
 * JMH state, one instance per benchmark thread; the burner only reads its stop flag.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = LoopBenchmark.ADD_OPENS)
public class TaskSwitchUnderLoadBenchmark extends TaskSwitchBenchmark {
    private final Burner burner = new Burner();

    /** Creates a benchmark; JMH calls it. */
    public TaskSwitchUnderLoadBenchmark() {}

    /** Starts the busy thread for the trial. */
    @Setup(Level.Trial)
    public void startBurner() {
        burner.start();
    }

    /**
     * Stops the busy thread.
     *
     * @throws InterruptedException if interrupted while waiting for it to end
     */
    @TearDown(Level.Trial)
    public void stopBurner() throws InterruptedException {
        burner.stop();
    }

    /** A platform thread that keeps one core busy until stopped. */
    static final class Burner {
        /** Written by the benchmark thread, read by the burner. */
        private volatile boolean stopped;
        /** The burner's result, written once when it ends (so its loop is not dead code). */
        @SuppressWarnings("UnusedVariable") // written so that the JIT keeps the loop
        private volatile long sink;

        private final Thread thread =
                Thread.ofPlatform().daemon().name("jasyncio-bench-burner").unstarted(this::burn);

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            stopped = true;
            thread.join();
        }

        private void burn() {
            long x = 1;
            while (!stopped) {
                for (int i = 0; i < 1_000; i++) {
                    x = x * 6364136223846793005L + 1442695040888963407L;
                }
            }
            sink = x;
        }
    }
}
