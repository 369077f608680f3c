package io.jasyncio.sync;

import java.util.ArrayDeque;

/**
 * A last-in, first-out {@link Queue} (asyncio's {@code LifoQueue}): {@link #get()} returns the most recently
 * added item. Everything else (bounds, fairness among waiting tasks, {@code join}, {@code shutdown}) is as in
 * {@link Queue}.
 *
 * {@snippet :
 * LifoQueue<String> stack = new LifoQueue<>();
 * stack.tryPut("a");
 * stack.tryPut("b");
 * stack.tryGet(); // "b"
 * }
 *
 * <h2>Thread safety</h2>
 * Loop-confined, as {@link Queue}.
 *
 * @param <E> the item type
 */
public final class LifoQueue<E> extends Queue<E> {
    private final ArrayDeque<E> stack = new ArrayDeque<>();

    /** Creates an unbounded LIFO queue. */
    public LifoQueue() {
        this(0);
    }

    /**
     * Creates a LIFO queue holding at most {@code maxSize} items.
     *
     * @param maxSize the bound; zero or negative for unbounded
     */
    public LifoQueue(int maxSize) {
        super(maxSize, "LifoQueue");
    }

    @Override
    void store(E item) {
        stack.addLast(item);
    }

    @Override
    E take() {
        return stack.removeLast();
    }

    @Override
    void restore(E item) {
        stack.addLast(item);
    }

    @Override
    int stored() {
        return stack.size();
    }
}
