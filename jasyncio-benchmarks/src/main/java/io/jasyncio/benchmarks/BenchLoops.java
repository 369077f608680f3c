package io.jasyncio.benchmarks;

import io.jasyncio.EventLoop;
import io.jasyncio.LoopOptions;
import io.jasyncio.SchedulingMode;

/**
 * Opens loops for the benchmarks in a fixed scheduling mode.
 *
 * {@snippet :
 * try (EventLoop loop = BenchLoops.open(SchedulingMode.COMPAT)) {
 *     loop.runUntilComplete(loop.createTask(() -> 42));
 * }
 * }
 *
 * <h2>Thread safety</h2>
 * Stateless; the loops it returns are confined to the thread that runs them.
 */
public final class BenchLoops {
    /** The JVM flag fast mode needs; JMH forks are started with it (compatibility mode works with it too). */
    public static final String ADD_OPENS = "--add-opens=java.base/java.lang=ALL-UNNAMED";

    private BenchLoops() {}

    /**
     * Opens a loop in the given mode, with debug off (no watchdog, no slow-step timing).
     *
     * @param mode the scheduling mode
     * @return a new loop, not running
     */
    public static EventLoop open(SchedulingMode mode) {
        return EventLoop.open(LoopOptions.defaults().withDebug(false).withMode(mode));
    }
}
