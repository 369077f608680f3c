package io.jasyncio.sync;

/**
 * Thrown by a {@link Queue} that was shut down (asyncio 3.13's {@code QueueShutDown}): by {@code put} at once, and by
 * {@code get} once the queue is empty (or at once after an immediate shutdown).
 *
 * {@snippet :
 * while (true) {
 *     String job;
 *     try {
 *         job = queue.get();
 *     } catch (QueueShutDownException e) {
 *         return; // shut down and empty: this consumer is done
 *     }
 *     process(job);
 *     queue.taskDone();
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
