package io.jasyncio;

/**
 * When {@link Asyncio#wait(java.util.Collection, ReturnWhen, java.time.Duration)} returns (asyncio's
 * {@code FIRST_COMPLETED}, {@code FIRST_EXCEPTION} and {@code ALL_COMPLETED}).
 *
 * {@snippet :
 * Done<Task<String>> d = Asyncio.wait(tasks, ReturnWhen.FIRST_COMPLETED, null);
 * }
 */
public enum ReturnWhen {
    /** As soon as any awaitable is done (or was cancelled). */
    FIRST_COMPLETED,
    /** As soon as any awaitable fails with an exception (cancellation does not count); else when all are done. */
    FIRST_EXCEPTION,
    /** When every awaitable is done. */
    ALL_COMPLETED
}
