package io.jasyncio.internal;

import io.jasyncio.Task;
import io.jasyncio.spi.Deadlines;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A loop's debug mode: the slow-step report and the stuck-loop {@link LoopWatchdog}. Loop-confined: written by
 * {@code setDebug}/{@code setSlowCallbackDuration} on the loop, read on the loop thread (the watchdog thread reads
 * the threshold too; a stale value only delays its report).
 */
final class LoopDebug {
    private static final System.Logger LOG = System.getLogger("io.jasyncio");

    private final SelectorEventLoop loop;
    private boolean on;
    private long slowNanos;
    private @Nullable LoopWatchdog watchdog;

    LoopDebug(SelectorEventLoop loop, boolean on, Duration slow) {
        this.loop = loop;
        this.on = on;
        this.slowNanos = Deadlines.saturatedNanos(slow);
    }

    boolean isOn() {
        return on;
    }

    /** Turns debug mode on or off; a running loop gets its watchdog at once. */
    void set(boolean on) {
        this.on = on;
        if (on && loop.isRunning() && watchdog == null) {
            watchdog = LoopWatchdog.watch(loop);
        }
    }

    Duration slowDuration() {
        return Duration.ofNanos(slowNanos);
    }

    void setSlowDuration(Duration d) {
        slowNanos = Deadlines.saturatedNanos(d);
    }

    /** The loop starts running: watch it, in debug mode. */
    void loopStarted() {
        watchdog = on ? LoopWatchdog.watch(loop) : null;
    }

    /** The loop stopped running. */
    void loopStopped() {
        LoopWatchdog wd = watchdog;
        watchdog = null;
        if (wd != null) {
            wd.stop();
        }
    }

    /** Returns the start time of a step to measure, or 0 outside debug mode. */
    long stepStarted() {
        return on ? System.nanoTime() : 0;
    }

    /** Logs a step ({@code what}: its task, or what ran) that held the loop longer than the slow-step duration. */
    void stepEnded(long start, Object what) {
        if (!on) {
            return;
        }
        long took = System.nanoTime() - start;
        if (took <= slowNanos) {
            return;
        }
        StringBuilder sb = new StringBuilder("executing ")
                .append(what)
                .append(" took ")
                .append(took / 1_000_000)
                .append(" ms");
        if (what instanceof Task<?> t) {
            for (StackTraceElement e : t.stack()) {
                sb.append("\n    at ").append(e);
            }
        }
        LOG.log(System.Logger.Level.WARNING, sb.toString());
    }
}
