package io.jasyncio.sync;

import io.jasyncio.internal.WaitQueue;
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
    private static final Object ENTERED = new Object();

    private final int maxSize;
    private final WaitQueue getters;
    private final WaitQueue putters;
    private final WaitQueue joiners;
    private final ArrayDeque<E> fifo = new ArrayDeque<>();
    private int unfinished;
    private boolean shutDown;

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
        this(maxSize, "Queue");
    }

    Queue(int maxSize, String name) {
        this.maxSize = Math.max(0, maxSize);
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
        fifo.addLast(item);
    }

    E take() {
        return fifo.removeFirst();
    }

    /** Puts back an item that was taken but not consumed, so that it comes out next. */
    void restore(E item) {
        fifo.addFirst(item);
    }

    int stored() {
        return fifo.size();
    }

    /**
     * Adds an item, suspending while the queue is full.
     *
     * <p><b>Cancellation:</b> a put cancelled while waiting for room throws
     * {@link io.jasyncio.CancelledException} and adds nothing. If the item entered the queue just before the
     * cancellation, the put succeeds and the cancellation is delivered at the task's next await.
     *
     * @param item the item
     * @throws QueueShutDownException if the queue is shut down (before or while waiting)
     * @throws NullPointerException if {@code item} is {@code null}
     */
    public void put(E item) {
        Objects.requireNonNull(item, "item");
        getters.checkLoop();
        if (tryEnter(item)) {
            return;
        }
        if (putters.park(item, null) == SHUT_DOWN) {
            throw new QueueShutDownException();
        }
    }

    /**
     * Adds an item without suspending (asyncio's {@code put_nowait}).
     *
     * @param item the item
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
        WaitQueue.Waiter getter = getters.poll();
        if (getter != null) {
            unfinished++;
            getter.wake(item);
            return true;
        }
        if ((maxSize == 0 || stored() < maxSize) && putters.isEmpty()) {
            unfinished++;
            store(item);
            return true;
        }
        return false;
    }

    /**
     * Removes and returns the next item, suspending while the queue is empty.
     *
     * <p><b>Cancellation:</b> a get cancelled while waiting throws {@link io.jasyncio.CancelledException} and
     * takes no item: nothing is lost. If an item was handed to it just before the cancellation, the get returns
     * it and the cancellation is delivered at the task's next await.
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
        Object v = getters.park(null, handedOver -> giveBack(item(handedOver)));
        if (v == SHUT_DOWN) {
            throw new QueueShutDownException();
        }
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
        // room was made: let the longest-waiting putters in, in order
        while (maxSize == 0 || stored() < maxSize) {
            WaitQueue.Waiter putter = putters.poll();
            if (putter == null) {
                break;
            }
            E entering = item(putter.payload());
            unfinished++;
            store(entering);
            putter.wake(ENTERED);
        }
        return item;
    }

    /** A getter that was handed an item but leaves by an exception gives it back (it was never consumed). */
    private void giveBack(E item) {
        WaitQueue.Waiter getter = getters.poll();
        if (getter != null) {
            getter.wake(item);
        } else {
            restore(item);
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
        unfinished--;
        if (unfinished == 0) {
            joiners.unparkAll(null);
        }
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
            joiners.park(null, null);
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
            while (stored() > 0) {
                take();
                if (unfinished > 0) {
                    unfinished--;
                }
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

    /**
     * Returns the number of queued items.
     *
     * @return the size
     */
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
     * Returns whether the queue is bounded and holds {@link #maxSize()} items.
     *
     * @return {@code true} when full
     */
    public boolean isFull() {
        return maxSize > 0 && stored() >= maxSize;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[size=" + stored() + (maxSize > 0 ? "/" + maxSize : "") + ", unfinished="
                + unfinished + (shutDown ? ", shut down" : "") + "]";
    }
}
