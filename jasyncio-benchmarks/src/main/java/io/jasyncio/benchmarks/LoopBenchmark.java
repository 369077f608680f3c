package io.jasyncio.benchmarks;

import io.jasyncio.EventLoop;
import io.jasyncio.LoopOptions;
import io.jasyncio.SchedulingMode;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Base JMH state of the benchmarks that run on one event loop: it holds the scheduling mode parameter (every
 * benchmark runs in {@code FAST} and {@code COMPAT} mode), opens the loop for the trial and closes it after.
 * It is thread-scoped state (subclasses repeat {@code @State(Scope.Thread)} to make it plain); subclasses add their {@code @Benchmark} methods, and reach the loop through
 * {@link #loop()}; those that run the loop on a thread of its own override {@link #afterOpen(EventLoop)} and
 * {@link #beforeClose(EventLoop)}.
 *
 * {@snippet :
 * @State(Scope.Thread)
 * @Fork(value = 1, jvmArgsAppend = LoopBenchmark.ADD_OPENS)
 * public class EchoBenchmark extends LoopBenchmark {
 *     @Benchmark
 *     public int answer() {
 *         EventLoop l = loop();
 *         return l.runUntilComplete(l.createTask(() -> 42));
 *     }
 * }
 * }
 *
 * <h2>Thread safety</h2>
 * JMH state, one instance per benchmark thread; the loop is confined to the thread that runs it.
 */
@State(Scope.Thread)
public abstract class LoopBenchmark {
    /** The JVM flag fast mode needs; JMH forks are started with it (compatibility mode works with it too). */
    public static final String ADD_OPENS = "--add-opens=java.base/java.lang=ALL-UNNAMED";

    /** The scheduling mode. */
    @Param({"FAST", "COMPAT"})
    public SchedulingMode mode = SchedulingMode.FAST;

    private @Nullable EventLoop loop;

    /** Creates the state; JMH calls the subclass constructor. */
    protected LoopBenchmark() {}

    /**
     * Opens a loop in the given mode, with debug off (no watchdog, no slow-step timing).
     *
     * @param mode the scheduling mode
     * @return a new loop, not running
     */
    public static EventLoop openLoop(SchedulingMode mode) {
        return EventLoop.open(LoopOptions.defaults().withDebug(false).withMode(mode));
    }

    /** Opens the loop for the trial, then calls {@link #afterOpen(EventLoop)}. */
    @Setup(Level.Trial)
    public final void open() {
        EventLoop l = openLoop(mode);
        loop = l;
        afterOpen(l);
    }

    /**
     * Calls {@link #beforeClose(EventLoop)}, then closes the loop.
     *
     * @throws InterruptedException if interrupted in {@link #beforeClose(EventLoop)}
     */
    @TearDown(Level.Trial)
    public final void close() throws InterruptedException {
        EventLoop l = loop;
        if (l != null) {
            beforeClose(l);
            l.close();
        }
    }

    /**
     * Called once the loop is open, before the first iteration; does nothing unless overridden.
     *
     * @param loop the new loop, not running
     */
    protected void afterOpen(EventLoop loop) {}

    /**
     * Called after the last iteration, before the loop is closed; does nothing unless overridden.
     *
     * @param loop the loop
     * @throws InterruptedException if interrupted while waiting for the loop to stop
     */
    protected void beforeClose(EventLoop loop) throws InterruptedException {}

    /**
     * Returns the loop of this trial.
     *
     * @return the loop
     * @throws IllegalStateException if the trial is not set up
     */
    protected final EventLoop loop() {
        EventLoop l = loop;
        if (l == null) {
            throw new IllegalStateException("not set up");
        }
        return l;
    }
}
