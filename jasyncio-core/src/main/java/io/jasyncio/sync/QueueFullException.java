package io.jasyncio.sync;

/**
 * Thrown by {@link Queue#tryPut(Object)} when the queue is full (asyncio's {@code QueueFull}).
 *
 * {@snippet :
 * try {
 *     queue.tryPut(item);
 * } catch (QueueFullException e) {
 *     dropped++; // the consumers are behind: shed the load instead of waiting
 * }
 * }
 */
public final class QueueFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public QueueFullException() {
        super("the queue is full");
    }
}
