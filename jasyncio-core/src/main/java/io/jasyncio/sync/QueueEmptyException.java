package io.jasyncio.sync;

/**
 * Thrown by {@link Queue#tryGet()} when the queue is empty (asyncio's {@code QueueEmpty}).
 *
 * {@snippet :
 * try {
 *     handle(queue.tryGet());
 * } catch (QueueEmptyException e) {
 *     // nothing to do yet
 * }
 * }
 */
public final class QueueEmptyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public QueueEmptyException() {
        super("the queue is empty");
    }
}
