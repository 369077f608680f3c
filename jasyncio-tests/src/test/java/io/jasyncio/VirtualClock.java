package io.jasyncio;

/**
 * A test clock that jumps to the next timer whenever every task of the loop waits (so minutes pass in
 * milliseconds). Stand-in until the suite moves to {@code @AsyncioTest}.
 */
final class VirtualClock implements LoopClock {
    private volatile long now = 1_000_000_000L;

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public long maxBlockNanos(long deadline) {
        if (deadline == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        return deadline <= now ? 0 : 1;
    }

    @Override
    public void idle(long deadline) {
        if (deadline != Long.MAX_VALUE && deadline > now) {
            now = deadline;
        }
    }

    @Override
    public boolean isVirtual() {
        return true;
    }
}
