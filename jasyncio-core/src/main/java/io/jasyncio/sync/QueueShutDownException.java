package io.jasyncio.sync;

/**
 * Thrown by a {@link Queue} that was shut down (asyncio 3.13's {@code QueueShutDown}): by {@code put} at once, and by\n * {@code get} once the queue is empty (or at once after an immediate shutdown).
 *
 * {@snippet :
 * try {
 *     handle(queue.tryGet());
 * } catch (QueueEmptyException e) {
 *     // nothing to do yet
 * }
 * }
 */
public final class QueueShutDownException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public QueueShutDownException() {
        super("the queue is shut down");
    }
}
