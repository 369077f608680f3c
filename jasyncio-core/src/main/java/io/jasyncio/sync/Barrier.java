package io.jasyncio.sync;

import java.util.concurrent.BrokenBarrierException;

/**
 * A meeting point for a fixed number of tasks (asyncio's {@code Barrier}): each {@link #await()} suspends until
 * {@code parties} tasks are waiting, then all of them proceed together and the barrier starts over.
 *
 * {@snippet :
 * Barrier start = new Barrier(3);
 * for (int i = 0; i < 3; i++) {
 *     Asyncio.createTask(() -> {
 *         prepare();
 *         start.await(); // nobody runs() before all three prepared
 *         return run();
 *     });
 * }
 * }
 *
 * <p>{@link #abort()} breaks the barrier: waiting and future calls throw {@link BrokenBarrierException} until
 * {@link #reset()}.
 *
 * <h2>Thread safety</h2>
 * Loop-confined (bound to the first loop that uses it).
 */
public final class Barrier {
    private static final Object BROKEN = new Object();

    private final WaitQueue waiters = new WaitQueue("Barrier");
    private final int parties;
    private boolean broken;

    /**
     * Creates a barrier.
     *
     * @param parties how many tasks must arrive
     * @throws IllegalArgumentException if less than 1
     */
    public Barrier(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties must be >= 1: " + parties);
        }
        this.parties = parties;
    }

    /**
     * Waits until {@code parties} tasks are waiting; the last one to arrive releases them all.
     *
     * <p><b>Cancellation:</b> a task cancelled while waiting leaves the barrier (the count of waiting tasks goes
     * down by one) and throws {@link io.jasyncio.CancelledException}; the others keep waiting. A task cancelled
     * after the barrier released it, but before it resumed, throws {@code CancelledException} too; the others
     * proceed as released.
     *
     * @return the arrival index, from 0 (first) to {@code parties - 1} (the task that released the others)
     * @throws BrokenBarrierException if the barrier is broken or is reset or aborted while waiting
     */
    public int await() throws BrokenBarrierException {
        waiters.checkLoop();
        if (broken) {
            throw new BrokenBarrierException();
        }
        int index = waiters.size(); // cancelled waiters have left the count already
        if (index + 1 == parties) {
            waiters.unparkAll(null);
            return index;
        }
        Object v = waiters.park(null);
        if (v == BROKEN) {
            throw new BrokenBarrierException();
        }
        return index;
    }

    /**
     * Returns the barrier to its empty state; tasks waiting on it throw {@link BrokenBarrierException}. Also
     * repairs a broken barrier.
     */
    public void reset() {
        waiters.checkLoop();
        broken = false;
        waiters.unparkAll(BROKEN);
    }

    /** Breaks the barrier: waiting tasks and every later {@link #await()} throw {@link BrokenBarrierException}. */
    public void abort() {
        waiters.checkLoop();
        broken = true;
        waiters.unparkAll(BROKEN);
    }

    /** Returns how many tasks must arrive. */
    public int parties() {
        return parties;
    }

    /**
     * Returns how many tasks are waiting now.
     *
     * @return the waiting tasks
     */
    public int waiting() {
        waiters.checkLoop();
        return waiters.size();
    }

    /**
     * Returns whether the barrier is broken.
     *
     * @return {@code true} after {@link #abort()} until {@link #reset()}
     */
    public boolean isBroken() {
        return broken;
    }

    @Override
    public String toString() {
        return "Barrier[" + waiters.size() + "/" + parties + (broken ? ", broken" : "") + "]";
    }
}
