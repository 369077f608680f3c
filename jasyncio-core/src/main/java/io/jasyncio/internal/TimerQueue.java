package io.jasyncio.internal;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The loop's timers: a binary min-heap on (deadline, sequence number), so timers due at the same time run in
 * the order they were scheduled. Cancelled timers are removed lazily; the heap is rebuilt when more than half
 * of it is cancelled (as asyncio does). Loop-confined.
 */
final class TimerQueue {
    private final SelectorEventLoop loop;
    private TimerEntry[] heap = new TimerEntry[64];
    private int size;
    private int cancelledCount;
    private long nextSeq;

    TimerQueue(SelectorEventLoop loop) {
        this.loop = loop;
    }

    TimerEntry add(long when, Runnable callback, boolean user, @Nullable Object context) {
        TimerEntry e = new TimerEntry(when, nextSeq++, callback, user, context, this);
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = e;
        e.index = size;
        siftUp(size++);
        return e;
    }

    /** Called when a timer in the heap was cancelled. */
    void cancelled(TimerEntry e) {
        if (e.index < 0) {
            return;
        }
        // handles are cancelled by user code (or by library code right after a body of user code returned)
        loop.afterUserCode();
        cancelledCount++;
        if (cancelledCount > 64 && cancelledCount * 2 > size) {
            compact();
        }
    }

    /** Returns the deadline of the earliest live timer, or {@link Long#MAX_VALUE} when there is none. */
    long nextDeadline() {
        dropCancelledHead();
        return size == 0 ? Long.MAX_VALUE : heap[0].when;
    }

    /**
     * Removes and returns the earliest live timer if it is due at {@code now}.
     *
     * @param now the loop's time
     * @return the timer, or {@code null}
     */
    @Nullable
    TimerEntry pollDue(long now) {
        dropCancelledHead();
        if (size == 0 || heap[0].when > now) {
            return null;
        }
        return removeHead();
    }

    int size() {
        return size - cancelledCount;
    }

    /** Whether the heap holds no entry at all, live or cancelled. */
    boolean isEmpty() {
        return size == 0;
    }

    private void dropCancelledHead() {
        while (size > 0 && heap[0].isCancelled()) {
            removeHead();
            cancelledCount--;
        }
    }

    @SuppressWarnings("NullAway") // clearing the vacated slot
    private TimerEntry removeHead() {
        TimerEntry head = heap[0];
        head.index = -1;
        TimerEntry last = heap[--size];
        heap[size] = null;
        if (size > 0) {
            heap[0] = last;
            last.index = 0;
            siftDown(0);
        }
        return head;
    }

    @SuppressWarnings("NullAway") // clearing the vacated slots
    private void compact() {
        int n = 0;
        for (int i = 0; i < size; i++) {
            TimerEntry e = heap[i];
            if (e.isCancelled()) {
                e.index = -1;
            } else {
                heap[n] = e;
                e.index = n++;
            }
        }
        Arrays.fill(heap, n, size, null);
        size = n;
        cancelledCount = 0;
        for (int i = (size >>> 1) - 1; i >= 0; i--) {
            siftDown(i);
        }
    }

    private void siftUp(int i) {
        TimerEntry e = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            TimerEntry p = heap[parent];
            if (e.compareTo(p) >= 0) {
                break;
            }
            heap[i] = p;
            p.index = i;
            i = parent;
        }
        heap[i] = e;
        e.index = i;
    }

    private void siftDown(int i) {
        TimerEntry e = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && heap[right].compareTo(heap[child]) < 0) {
                child = right;
            }
            if (e.compareTo(heap[child]) <= 0) {
                break;
            }
            heap[i] = heap[child];
            heap[i].index = i;
            i = child;
        }
        heap[i] = e;
        e.index = i;
    }
}
