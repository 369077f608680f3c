package io.jasyncio.sync;

/**
 * Thrown by {@link Queue#tryPut(Object)} when the queue is full (asyncio's {@code QueueFull}).
 *
 * {@snippet :
 * try {
 *     handle(queue.tryGet());
 * } catch (QueueEmptyException e) {
 *     // nothing to do yet
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
