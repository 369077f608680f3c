package io.jasyncio.sync;

import java.util.ArrayDeque;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A first-in, first-out queue between tasks (asyncio's {@code Queue}), optionally bounded for backpressure.
 *
 * {@snippet :
 * Queue<String> jobs = new Queue<>(100);
 * Task<Void> worker = Asyncio.createTask(() -> {
 *     try {
 *         while (true) {
 *             String job = jobs.get(); // throws QueueShutDownException once shut down and empty
 *             try {
 *                 process(job);
 *             } finally {
 *                 jobs.taskDone();
 *             }
 *         }
 *     } catch (QueueShutDownException e) {
 *         // no more jobs: the worker ends
 *     }
 * });
 * for (String j : input) {
 *     jobs.put(j); // suspends while 100 jobs are queued
 * }
 * jobs.shutdown(false); // the end of the input: the worker takes what is queued, then ends
 * worker.await();
 * }
 *
 * <p>Ending consumers: call {@link #shutdown(boolean) shutdown(false)} when no more items will come, and each
 * consumer's {@link #get()} throws {@link QueueShutDownException} once the queue is empty (asyncio 3.13's
 * {@code shutdown()}), as above; no sentinel item is needed. {@link #join()} instead waits, without ending
 * anyone, until every item put so far was marked processed with {@link #taskDone()}.
 *
 * <p>Items must not be {@code null}: {@link #put(Object)} and {@link #tryPut(Object)} throw
 * {@link NullPointerException}. (A {@code null} "end of input" sentinel, common in asyncio code, is what
 * {@code shutdown} replaces.)
 *
 * <p>Fairness: tasks blocked in {@link #get()} receive items in the order they started waiting, and tasks
 * blocked in {@link #put(Object)} enter their items in the order they started waiting. Items pass directly
 * from a putter to a waiting getter.
 *
 * <p>Bound: an item handed to a waiting getter, and room granted to a waiting putter, count against
 * {@link #maxSize()} until that task has resumed (as in asyncio, where the item stays in the queue until the
 * woken getter takes it). So a bounded queue never holds more than its bound, even when a cancelled getter
 * gives its item back.
 *
 * <p>{@link PriorityQueue} and {@link LifoQueue} change only the order in which items come out.
 *
 * <h2>Thread safety</h2>
 * Loop-confined (bound to the first loop that uses it). Feed it from other threads through
 * {@code loop.callSoonThreadsafe(() -> queue.tryPut(x))}.
 *
 * @param <E> the item type
 */
public sealed class Queue<E> permits PriorityQueue, LifoQueue {
    private static final Object SHUT_DOWN = new Object();
    /** Handed to a waiting putter: room was kept for its item, which it enters when it resumes. */
    private static final Object ROOM = new Object();

    private final int maxSize;
    private final WaitQueue getters;
    private final WaitQueue putters;
    private final WaitQueue joiners;
    /** The stored items of a FIFO or LIFO queue; {@code null} in a subclass that stores them itself. */
    private final @Nullable ArrayDeque<E> deque;

    private int unfinished;
    /** Items handed to getters that have not resumed yet (they may still give them back). */
    private int handedToGetters;
    /** Room granted to putters that have not resumed yet (they may still decline it). */
    private int roomForPutters;

    private boolean shutDown;
    private boolean discardOnGiveBack;

    /** Creates an unbounded queue. */
    public Queue() {
        this(0);
    }

    /**
     * Creates a queue holding at most {@code maxSize} items.
     *
     * @param maxSize the bound; zero or negative for unbounded
     */
    public Queue(int maxSize) {
        this(maxSize, "Queue", true);
    }

    /** {@code withDeque}: the items go to the deque of {@link #deque()}, else to the subclass's own storage. */
    Queue(int maxSize, String name, boolean withDeque) {
        this.maxSize = Math.max(0, maxSize);
        this.deque = withDeque ? new ArrayDeque<>() : null;
        this.getters = new WaitQueue(name);
        this.putters = new WaitQueue(name);
        this.joiners = new WaitQueue(name);
    }

    @SuppressWarnings("unchecked") // only items of type E are handed over or carried by putters
    private E item(@Nullable Object o) {
        return (E) Objects.requireNonNull(o);
    }

    // storage hooks (overridden by PriorityQueue and LifoQueue)

    void store(E item) {
        deque().addLast(item);
    }

    E take() {
        return deque().removeFirst();
    }

    /** Puts back an item that was taken but not consumed, so that it comes out next. */
    void restore(E item) {
        deque().addFirst(item);
    }

    int stored() {
        return deque().size();
    }

    /** The items of a queue made with a deque (the FIFO and LIFO queues). */
    final ArrayDeque<E> deque() {
        ArrayDeque<E> d = deque;
        if (d == null) {
            throw new IllegalStateException("this queue keeps its items elsewhere");
        }
        return d;
    }

    /**
     * Adds an item, suspending while the queue is full.
     *
     * <p><b>Cancellation:</b> a put cancelled while waiting for room throws
     * {@link io.jasyncio.CancelledException} and adds nothing, even when room had been made for it just before
     * the cancellation (it had not resumed yet): that room goes on to the next waiting putter.
     *
     * @throws QueueShutDownException if the queue is shut down (before or while waiting)
     * @throws NullPointerException if {@code item} is {@code null}
     */
    public void put(E item) {
        Objects.requireNonNull(item, "item");
        getters.checkLoop();
        if (tryEnter(item)) {
            return;
        }
        // The item enters only when this task resumes with the room kept for it, so that a put that throws
        // (cancelled after the room was granted) has added nothing; the room then goes to the next putter.
        Object v = putters.park(granted -> {
            if (granted == ROOM) {
                roomForPutters--;
                admitPutters();
            }
        });
        if (v == SHUT_DOWN) {
            throw new QueueShutDownException();
        }
        roomForPutters--;
        if (shutDown) {
            throw new QueueShutDownException(); // shut down after the room was granted
        }
        enter(item);
    }

    /**
     * Adds an item without suspending (asyncio's {@code put_nowait}).
     *
     * @throws QueueFullException if the queue is full
     * @throws QueueShutDownException if the queue is shut down
     * @throws NullPointerException if {@code item} is {@code null}
     */
    public void tryPut(E item) {
        Objects.requireNonNull(item, "item");
        getters.checkLoop();
        if (!tryEnter(item)) {
            throw new QueueFullException();
        }
    }

    private boolean tryEnter(E item) {
        if (shutDown) {
            throw new QueueShutDownException();
        }
        if (maxSize > 0 && (occupied() >= maxSize || !putters.isEmpty())) {
            return false;
        }
        enter(item);
        return true;
    }

    /** Adds an item for which there is room: to the longest-waiting getter, or into the storage. */
    private void enter(E item) {
        unfinished++;
        WaitQueue.Waiter getter = getters.poll();
        if (getter != null) {
            handedToGetters++;
            getter.wake(item);
        } else {
            store(item);
        }
    }

    /** What counts against the bound: stored items, items on their way to getters, room kept for putters. */
    private int occupied() {
        return stored() + handedToGetters + roomForPutters;
    }

    /** Grants the room there is to the longest-waiting putters, in order. */
    private void admitPutters() {
        while (maxSize > 0 && occupied() < maxSize) {
            WaitQueue.Waiter putter = putters.poll();
            if (putter == null) {
                return;
            }
            roomForPutters++;
            putter.wake(ROOM);
        }
    }

    /**
     * Removes and returns the next item, suspending while the queue is empty.
     *
     * <p><b>Cancellation:</b> a get cancelled while waiting throws {@link io.jasyncio.CancelledException} and
     * takes no item: nothing is lost. An item that had been handed to it just before the cancellation (it had
     * not resumed yet) goes on to the next waiting getter or, if there is none, back into the queue as if it had
     * never left: the next item out of a FIFO or LIFO queue, in its place by priority in a
     * {@link PriorityQueue}.
     *
     * @return the item
     * @throws QueueShutDownException if the queue is shut down and empty
     */
    public E get() {
        getters.checkLoop();
        if (stored() > 0) {
            return takeAndRefill();
        }
        if (shutDown) {
            throw new QueueShutDownException();
        }
        Object v = getters.park(handedOver -> {
            if (handedOver != SHUT_DOWN) {
                giveBack(item(handedOver));
            }
        });
        if (v == SHUT_DOWN) {
            throw new QueueShutDownException();
        }
        handedToGetters--;
        admitPutters(); // the item has left the queue only now: its room is free
        return item(v);
    }

    /**
     * Removes and returns the next item without suspending (asyncio's {@code get_nowait}).
     *
     * @return the item
     * @throws QueueEmptyException if the queue is empty
     * @throws QueueShutDownException if the queue is shut down and empty
     */
    public E tryGet() {
        getters.checkLoop();
        if (stored() > 0) {
            return takeAndRefill();
        }
        if (shutDown) {
            throw new QueueShutDownException();
        }
        throw new QueueEmptyException();
    }

    private E takeAndRefill() {
        E item = take();
        admitPutters();
        return item;
    }

    /**
     * A getter that was handed an item but leaves by an exception (cancelled before it resumed) gives it back:
     * the item was never consumed, so it goes to the next getter or back where it came from. Its room is
     * unchanged.
     */
    private void giveBack(E item) {
        WaitQueue.Waiter getter = getters.poll();
        if (getter != null) {
            getter.wake(item);
            return;
        }
        handedToGetters--;
        if (discardOnGiveBack) {
            finishOne(); // the queue was shut down with immediate = true: discard it, as the queued items were
        } else {
            restore(item);
        }
    }

    /** Counts one item as processed for {@link #join()}. */
    private void finishOne() {
        if (unfinished > 0) {
            unfinished--;
            if (unfinished == 0) {
                joiners.unparkAll(null);
            }
        }
    }

    /**
     * Marks one item taken with {@link #get()} as processed; when every item put so far is processed, tasks in
     * {@link #join()} resume.
     *
     * @throws IllegalStateException if called more often than items were put
     */
    public void taskDone() {
        getters.checkLoop();
        if (unfinished <= 0) {
            throw new IllegalStateException("taskDone() called more times than items were put");
        }
        finishOne();
    }

    /**
     * Suspends until every item put so far has been marked processed with {@link #taskDone()}.
     *
     * <p><b>Cancellation:</b> a cancelled join throws {@link io.jasyncio.CancelledException} and leaves no
     * trace on the queue.
     */
    public void join() {
        getters.checkLoop();
        if (unfinished > 0) {
            joiners.park(null);
        }
    }

    /**
     * Shuts the queue down (asyncio 3.13): later puts throw {@link QueueShutDownException}, as do tasks blocked
     * in {@link #put(Object)} (their items are not added). Gets keep returning the queued items and throw once
     * the queue is empty; tasks blocked in {@link #get()} are woken with the exception.
     *
     * @param immediate also discard the queued items (each counting as processed for {@link #join()}), so that
     *     gets throw at once
     */
    public void shutdown(boolean immediate) {
        getters.checkLoop();
        shutDown = true;
        if (immediate) {
            discardOnGiveBack = true;
            while (stored() > 0) {
                take();
                finishOne();
            }
            if (unfinished == 0) {
                joiners.unparkAll(null);
            }
        }
        getters.unparkAll(SHUT_DOWN);
        putters.unparkAll(SHUT_DOWN);
    }

    /**
     * Returns whether {@link #shutdown(boolean)} was called.
     *
     * @return {@code true} once shut down
     */
    public boolean isShutDown() {
        return shutDown;
    }

    /** Returns the number of queued items (not counting items handed to getters that have not resumed yet). */
    public int size() {
        return stored();
    }

    /**
     * Returns the bound given at creation ({@code 0}: unbounded).
     *
     * @return the maximum size
     */
    public int maxSize() {
        return maxSize;
    }

    /**
     * Returns whether the queue holds no item.
     *
     * @return {@code true} when empty
     */
    public boolean isEmpty() {
        return stored() == 0;
    }

    /**
     * Returns whether the queue is bounded and has no room: {@link #put(Object)} would wait. Items handed to
     * getters and room granted to putters that have not resumed yet count as held (see the class
     * documentation).
     *
     * @return {@code true} when full
     */
    public boolean isFull() {
        return maxSize > 0 && occupied() >= maxSize;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[size=" + stored() + (maxSize > 0 ? "/" + maxSize : "") + ", unfinished="
                + unfinished + (shutDown ? ", shut down" : "") + "]";
    }
}
