package io.jasyncio;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Options for a new loop: debug mode, the clock and the scheduling mode.
 *
 * {@snippet :
 * var options = LoopOptions.defaults().withDebug(true).withSlowCallbackDuration(Duration.ofMillis(50));
 * Asyncio.run(() -> work(), options);
 * }
 *
 * @param debug debug mode: slow-step warnings, a stuck-loop watchdog, extra checks (default: the
 *     {@code jasyncio.debug} system property)
 * @param clock the loop's clock (default: {@link LoopClock#system()})
 * @param slowCallbackDuration in debug mode, a step or callback taking longer is logged (default 100 ms)
 * @param mode the scheduling mode, or {@code null} to choose {@link SchedulingMode#FAST} when the JVM allows it
 *     (default: the {@code jasyncio.mode} property, {@code fast} or {@code compat}; any other value is an error)
 * @param closeTimeout how long {@link EventLoop#close()} waits for cancelled tasks to finish (default 10 s)
 * @param eagerTasks start new tasks eagerly: the body runs at once, up to its first suspension, inside
 *     {@code createTask} (asyncio 3.12's eager task factory; default off)
 */
public record LoopOptions(
        boolean debug,
        LoopClock clock,
        Duration slowCallbackDuration,
        @Nullable SchedulingMode mode,
        Duration closeTimeout,
        boolean eagerTasks) {

    /** Validates the options. */
    public LoopOptions {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(slowCallbackDuration, "slowCallbackDuration");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        if (slowCallbackDuration.isNegative() || closeTimeout.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    /**
     * Returns the default options, read from the system properties {@code jasyncio.debug} and
     * {@code jasyncio.mode}.
     *
     * @throws IllegalArgumentException if {@code jasyncio.mode} is set to something other than {@code fast} or
     *     {@code compat}
     */
    public static LoopOptions defaults() {
        return new LoopOptions(
                Boolean.getBoolean("jasyncio.debug"),
                LoopClock.system(),
                Duration.ofMillis(100),
                modeProperty(System.getProperty("jasyncio.mode", "")),
                Duration.ofSeconds(10),
                false);
    }

    /** Reads the {@code jasyncio.mode} property: a typo must not silently fall back to the automatic choice. */
    private static @Nullable SchedulingMode modeProperty(String value) {
        return switch (value) {
            case "" -> null;
            case "fast" -> SchedulingMode.FAST;
            case "compat" -> SchedulingMode.COMPAT;
            default ->
                throw new IllegalArgumentException("unknown scheduling mode -Djasyncio.mode=" + value
                        + ": use fast or compat (or leave it unset to choose automatically)");
        };
    }

    /**
     * Returns a copy with debug mode on or off.
     *
     * @param debug debug mode
     * @return the new options
     */
    public LoopOptions withDebug(boolean debug) {
        return new LoopOptions(debug, clock, slowCallbackDuration, mode, closeTimeout, eagerTasks);
    }

    /**
     * Returns a copy with another clock (a virtual clock for tests).
     *
     * @return the new options
     */
    public LoopOptions withClock(LoopClock clock) {
        return new LoopOptions(debug, clock, slowCallbackDuration, mode, closeTimeout, eagerTasks);
    }

    /**
     * Returns a copy with another slow-callback threshold.
     *
     * @param duration the threshold
     * @return the new options
     */
    public LoopOptions withSlowCallbackDuration(Duration duration) {
        return new LoopOptions(debug, clock, duration, mode, closeTimeout, eagerTasks);
    }

    /**
     * Returns a copy with a fixed scheduling mode ({@code null}: automatic).
     *
     * @return the new options
     */
    public LoopOptions withMode(@Nullable SchedulingMode mode) {
        return new LoopOptions(debug, clock, slowCallbackDuration, mode, closeTimeout, eagerTasks);
    }

    /**
     * Returns a copy with another close timeout.
     *
     * @param timeout how long close waits for cancelled tasks
     * @return the new options
     */
    public LoopOptions withCloseTimeout(Duration timeout) {
        return new LoopOptions(debug, clock, slowCallbackDuration, mode, timeout, eagerTasks);
    }

    /**
     * Returns a copy with eager task start on or off.
     *
     * @param eager eager start
     * @return the new options
     */
    public LoopOptions withEagerTasks(boolean eager) {
        return new LoopOptions(debug, clock, slowCallbackDuration, mode, closeTimeout, eager);
    }
}
