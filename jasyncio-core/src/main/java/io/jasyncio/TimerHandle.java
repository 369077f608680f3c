package io.jasyncio;

/** A callback scheduled for a point on the loop's clock by {@link EventLoop#callLater} or {@link EventLoop#callAt}. */
public interface TimerHandle extends Handle {
    /**
     * Returns when the callback is due, on the loop's clock ({@link EventLoop#time()}, nanoseconds).
     *
     * @return the deadline in loop-clock nanoseconds
     */
    long when();
}
