package io.jasyncio.sync;

import java.util.Comparator;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Queue} that returns the smallest item first (asyncio's {@code PriorityQueue}), by natural order or
 * a comparator. Everything else (bounds, fairness among waiting tasks, {@code join}, {@code shutdown}) is as in
 * {@link Queue}.
 *
 * {@snippet :
 * record Job(int priority, String name) {}
 * PriorityQueue<Job> jobs = new PriorityQueue<>(0, Comparator.comparingInt(Job::priority));
 * jobs.tryPut(new Job(5, "later"));
 * jobs.tryPut(new Job(1, "first"));
 * jobs.tryGet(); // Job[priority=1, name=first]
 * }
 *
 * <h2>Thread safety</h2>
 * Loop-confined, as {@link Queue}.
 *
 * @param <E> the item type
 */
public final class PriorityQueue<E> extends Queue<E> {
    private final java.util.PriorityQueue<E> heap;

    /** Creates an unbounded queue ordered by the items' natural order (they must be {@link Comparable}). */
    public PriorityQueue() {
        this(0, null);
    }

    /**
     * Creates a queue holding at most {@code maxSize} items.
     *
     * @param maxSize the bound; zero or negative for unbounded
     * @param comparator the order, or {@code null} for the natural order
     */
    public PriorityQueue(int maxSize, @Nullable Comparator<? super E> comparator) {
        super(maxSize, "PriorityQueue", false);
        this.heap = new java.util.PriorityQueue<>(comparator);
    }

    @Override
    void store(E item) {
        heap.add(item);
    }

    @Override
    E take() {
        return heap.remove();
    }

    @Override
    void restore(E item) {
        heap.add(item);
    }

    @Override
    int stored() {
        return heap.size();
    }
}
