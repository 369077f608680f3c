package io.jasyncio.internal;

import io.jasyncio.ExceptionContext;

/**
 * The virtual thread in which a loop runs user callbacks ({@code callSoon}, timers, I/O callbacks), so that a
 * callback that blocks (on a lock a parked task needs, say) unmounts instead of freezing the carrier.
 *
 * <p>The loop runs it at once whenever the head of the ready queue is a user callback ({@link #runBatch}); it
 * drains consecutive user callbacks within the loop's budget for this pass and suspends. If a callback blocks,
 * the loop replaces the runner; the old one finishes its callback when unblocked and then ends. In compatibility
 * mode the blocked runner was detached from the loop: it waits for the run permit again ({@link #runCallback})
 * before it reads the ready queue or its budget, and then sees it was replaced.
 */
final class CallbackRunner implements Runnable {
    private final SelectorEventLoop loop;
    private final RunQueue ready;
    private final FiberScheduler scheduler;
    final LoopFiber fiber;
    /** True while suspended between batches; written by the runner's thread, read by the loop thread. */
    private boolean idle;
    /** How many ready-queue entries this pass may still run; set by the loop thread, counted down by the runner. */
    private int budget;

    CallbackRunner(SelectorEventLoop loop, RunQueue ready, FiberScheduler scheduler) {
        this.loop = loop;
        this.ready = ready;
        this.scheduler = scheduler;
        this.fiber = scheduler.newFiber(null, "jasyncio-callbacks", this, null);
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
                runCallback(h);
                if (loop.runner() != this) {
                    return; // replaced while this callback blocked
                }
            }
        }
    }

    /**
     * Loop thread: runs the user callbacks at the head of the ready queue, at most {@code passBudget} entries, in
     * this runner. Returns the budget left; afterwards {@link #isBlocked()} says whether a callback blocked.
     */
    int runBatch(int passBudget) {
        budget = passBudget;
        scheduler.running(fiber);
        long start = loop.debug.stepStarted();
        scheduler.runNow(fiber);
        scheduler.running(null);
        loop.debug.stepEnded(start, "callbacks");
        return budget;
    }

    /** Whether the last batch left this runner blocked in a callback (the loop must replace it). */
    boolean isBlocked() {
        return !idle;
    }

    /** Runs one user callback, sending failures to the exception handler. */
    private void runCallback(CallbackHandle h) {
        // kept per runner: a callback that blocks keeps its values while a replacement runner goes on
        fiber.setContext(h.context);
        Throwable failure = null;
        try {
            h.run();
        } catch (Throwable e) {
            failure = e;
        } finally {
            fiber.setContext(null);
        }
        // Compatibility mode: a callback that blocked in a foreign call had this runner detached (and replaced);
        // wait for the permit again before reporting, and before the runner looks at the ready queue.
        fiber.ensureAttached();
        if (failure != null) {
            loop.callExceptionHandler(
                    new ExceptionContext("exception in callback", failure, null, h.callback.toString()));
        }
    }
}
