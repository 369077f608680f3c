package io.jasyncio.internal;

import io.jasyncio.Handle;
import io.jasyncio.spi.Cancellable;
import org.jspecify.annotations.Nullable;

/**
 * A callback in the loop's ready queue or timer heap. User callbacks run in the loop's callback-runner
 * virtual thread; internal ones (the library's own wake-ups, which never block) run directly on the carrier.
 */
class CallbackHandle implements Handle, Cancellable, Runnable {
    final Runnable callback;
    /** True for user code, which must not run on the bare carrier. */
    final boolean user;
    /** The context the callback was scheduled from (for {@code ContextVar}s), or {@code null}. */
    final @Nullable Object context;

    /** Written by loop-confined code (and by close); read by the loop thread and, after close, the reaper. */
    private volatile boolean cancelled;

    CallbackHandle(Runnable callback, boolean user, @Nullable Object context) {
        this.callback = callback;
        this.user = user;
        this.context = context;
    }

    @Override
    public void cancel() {
        cancelled = true;
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    /** Runs the callback unless cancelled; exceptions propagate to the caller. */
    @Override
    public void run() {
        if (!cancelled) {
            callback.run();
        }
    }

    /** Called instead of {@link #run()} when a closed loop drops this callback; most callbacks are just dropped. */
    void discarded() {}

    @Override
    public String toString() {
        return (cancelled ? "Handle[cancelled, " : "Handle[") + callback + "]";
    }
}
