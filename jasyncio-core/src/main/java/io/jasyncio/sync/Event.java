package io.jasyncio.sync;

/**
 * A flag tasks can wait for (asyncio's {@code Event}): {@link #set()} wakes every waiting task.
 *
 * {@snippet :
 * Event ready = new Event();
 * Asyncio.createTask(() -> { ready.await(); return serve(); });
 * ready.set(); // the task above proceeds
 * }
 *
 * <h2>Thread safety</h2>
 * Loop-confined (bound to the first loop that uses it). From another thread, set it through
 * {@code loop.callSoonThreadsafe(event::set)}.
 */
public final class Event {
    private final WaitQueue waiters = new WaitQueue("Event");
    private boolean set;

    /** Creates a cleared event. */
    public Event() {}

    /** Sets the flag and wakes every waiting task; waits started later return at once until {@link #clear()}. */
    public void set() {
        waiters.checkLoop();
        if (!set) {
            set = true;
            waiters.unparkAll(null);
        }
    }

    /** Clears the flag. Tasks woken by an earlier {@link #set()} still proceed. */
    public void clear() {
        waiters.checkLoop();
        set = false;
    }

    /**
     * Returns whether the flag is set.
     *
     * @return {@code true} when set
     */
    public boolean isSet() {
        return set;
    }

    /**
     * Suspends until the flag is set; returns at once if it already is.
     *
     * <p><b>Cancellation:</b> a cancelled wait throws {@link io.jasyncio.CancelledException} and leaves no
     * trace on the event, also when the event was set just before the cancellation (the task had not resumed
     * yet): the flag stays set for everyone else.
     */
    public void await() {
        waiters.checkLoop();
        if (!set) {
            waiters.park(null);
        }
    }

    @Override
    public String toString() {
        return "Event[" + (set ? "set" : "unset") + ", waiters=" + waiters.size() + "]";
    }
}
