package io.jasyncio;

import org.jspecify.annotations.Nullable;

/**
 * What went wrong, for a loop's exception handler (asyncio's exception-handler context dictionary).
 *
 * @param message a description
 * @param exception the exception, if there is one
 * @param future the future or task concerned, if any
 * @param callback a description of the callback that failed, if any
 */
public record ExceptionContext(
        String message,
        @Nullable Throwable exception,
        @Nullable Awaitable<?> future,
        @Nullable String callback) {

    /**
     * Creates a context with a message and an exception.
     *
     * @param message a description
     * @param exception the exception, or {@code null}
     * @return the context
     */
    public static ExceptionContext of(String message, @Nullable Throwable exception) {
        return new ExceptionContext(message, exception, null, null);
    }
}
