package io.jasyncio.internal;

import java.util.ArrayDeque;

/**
 * The virtual thread in which a loop runs user callbacks ({@code callSoon}, timers, I/O callbacks), so that a
 * callback that blocks (on a lock a parked task needs, say) unmounts instead of freezing the carrier.
 *
 * <p>The loop runs it at once whenever the head of the ready queue is a user callback; it drains consecutive
 * user callbacks within the loop's budget for this pass and suspends. If a callback blocks, the loop replaces
 * the runner; the old one finishes its callback when unblocked and then ends. In compatibility mode the blocked
 * runner was detached from the loop: it waits for the run permit again ({@link SelectorEventLoop#runCallback})
 * before it reads the ready queue or its budget, and then sees it was replaced.
 */
final class CallbackRunner implements Runnable {
    private final SelectorEventLoop loop;
    private final ArrayDeque<Runnable> ready;
    final Fiber fiber;
    /** True while suspended between batches. */
    boolean idle;
    /** How many ready-queue entries this pass may still run. */
    int budget;

    CallbackRunner(SelectorEventLoop loop, ArrayDeque<Runnable> ready) {
        this.loop = loop;
        this.ready = ready;
        this.fiber = loop.newFiber(null, "jasyncio-callbacks", this);
    }

    @Override
    public void run() {
        fiber.runBound(this::serve);
    }

    private void serve() {
        while (true) {
            idle = true;
            fiber.suspend();
            idle = false;
            if (loop.isClosed()) {
                return;
            }
            while (budget > 0 && ready.peekFirst() instanceof CallbackHandle h && h.user) {
                ready.pollFirst();
                budget--;
                loop.runCallback(fiber, h);
                if (loop.runner() != this) {
                    return; // replaced while this callback blocked
                }
            }
        }
    }
}
