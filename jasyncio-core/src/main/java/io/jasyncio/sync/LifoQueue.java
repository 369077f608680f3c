package io.jasyncio.sync;

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
        super(maxSize, "LifoQueue", true);
    }

    @Override
    E take() {
        return deque().removeLast(); // stored at the end too: the newest comes out first
    }

    @Override
    void restore(E item) {
        deque().addLast(item);
    }
}
