package io.jasyncio.internal;

import io.jasyncio.TimerHandle;
import org.jspecify.annotations.Nullable;

/** A callback due at a time on the loop's clock; ordered by deadline, then by scheduling order (FIFO). */
final class TimerEntry extends CallbackHandle implements TimerHandle, Comparable<TimerEntry> {
    final long when;
    final long seq;
    private final TimerQueue queue;
    /** Position in the heap, or -1 when not in it. */
    int index = -1;

    TimerEntry(long when, long seq, Runnable callback, boolean user, @Nullable Object context, TimerQueue queue) {
        super(callback, user, context);
        this.when = when;
        this.seq = seq;
        this.queue = queue;
    }

    @Override
    public long when() {
        return when;
    }

    @Override
    public void cancel() {
        if (!isCancelled()) {
            super.cancel();
            queue.cancelled(this);
        }
    }

    @Override
    public int compareTo(TimerEntry o) {
        int c = Long.compare(when, o.when);
        return c != 0 ? c : Long.compare(seq, o.seq);
    }
}
