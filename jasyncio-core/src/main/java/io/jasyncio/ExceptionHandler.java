package io.jasyncio;

/**
 * Receives errors that have no caller to go to: a callback that threw, a task whose exception was never
 * retrieved, a server handler that failed. Set with {@link EventLoop#setExceptionHandler}.
 */
@FunctionalInterface
public interface ExceptionHandler {
    /**
     * Handles one error; runs on the loop (in the reporting task or callback, or in the loop's callback runner,
     * never on its bare carrier thread) and should not block.
     *
     * @param context what happened
     */
    void handle(EventLoop loop, ExceptionContext context);
}
