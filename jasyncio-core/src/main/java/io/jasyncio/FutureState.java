package io.jasyncio;

/**
 * The state of a {@link Future} or {@link Task}: {@code PENDING -> SUCCESS | FAILED | CANCELLED}.
 *
 * <p>asyncio has PENDING, FINISHED and CANCELLED; FINISHED is split here into {@code SUCCESS} and
 * {@code FAILED}, as in {@link java.util.concurrent.Future.State}.
 */
public enum FutureState {
    /** Not done yet. */
    PENDING,
    /** Done with a result. */
    SUCCESS,
    /** Done with an exception. */
    FAILED,
    /** Done by cancellation. */
    CANCELLED
}
