package io.jasyncio.testing;

import io.jasyncio.LoopClock;
import java.time.Duration;

/**
 * A loop clock that only moves when told to, or when the loop is idle: if every task waits on the loop and
 * nothing else can happen, time jumps to the next timer (Trio's autojump clock). Timeouts of minutes then run
 * in microseconds, deterministically.
 *
 * {@snippet :
 * var clock = new VirtualClock();
 * Asyncio.run(() -> {
 *     Asyncio.sleep(Duration.ofHours(1)); // returns at once
 *     return clock.elapsed();             // PT1H
 * }, LoopOptions.defaults().withClock(clock));
 * }
 *
 * <p>Do not use it for waits on things outside the loop's knowledge (a reply from another process or thread
 * awaited through a plain future): the clock may jump past a timeout before the reply arrives. Executor work
 * ({@code toThread}, {@code runInExecutor}) is known to the loop and holds the clock, and so does a task blocked
 * outside the loop (in {@code Thread.sleep} or on a JDK lock): while one is, time does not jump. A test in which
 * a task blocks on a JDK lock held by another task that sleeps on loop time therefore needs the real clock.
 *
 * <p><b>Thread safety:</b> all methods may be called from any thread.
 */
public final class VirtualClock implements LoopClock {
    /** An arbitrary origin far from zero, so that deadlines computed from it never wrap. */
    private static final long ORIGIN = 1L << 40;

    private volatile long now = ORIGIN;

    /** Creates a clock at its origin. */
    public VirtualClock() {}

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public long maxBlockNanos(long deadline) {
        return deadline == Long.MAX_VALUE ? Long.MAX_VALUE : 0;
    }

    @Override
    public synchronized void idle(long deadline) {
        if (deadline != Long.MAX_VALUE && deadline > now) {
            now = deadline;
        }
    }

    @Override
    public boolean isVirtual() {
        return true;
    }

    /**
     * Moves the clock forward; due timers run on the loop's next iteration.
     *
     * @param duration how far
     * @throws IllegalArgumentException if negative
     */
    public synchronized void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("the clock cannot go back: " + duration);
        }
        now += duration.toNanos();
    }

    /**
     * Returns how much virtual time has passed since the clock was created.
     *
     * @return the elapsed time
     */
    public Duration elapsed() {
        return Duration.ofNanos(now - ORIGIN);
    }

    @Override
    public String toString() {
        return "VirtualClock[" + elapsed() + "]";
    }
}
