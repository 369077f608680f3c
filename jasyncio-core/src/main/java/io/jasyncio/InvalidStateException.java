package io.jasyncio;

/**
 * Thrown by an operation that the future's current state does not allow (asyncio's {@code InvalidStateError}):
 * setting the result of a future that is already done, or asking for the result of one that is not done.
 */
public class InvalidStateException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was wrong
     */
    public InvalidStateException(String message) {
        super(message);
    }
}
