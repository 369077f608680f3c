package io.jasyncio.http.server;

/**
 * Answers a request (aiohttp's handler coroutine). Runs as a task on the loop of the request's connection: it may
 * await anything (a lock, a queue, a client call, {@code Asyncio.toThread} for blocking work) without holding up
 * other requests.
 *
 * <p>Throw an {@link HttpException} to answer with its status; any other exception becomes a 500 (logged, never
 * shown to the client). If the client disconnects, the task is cancelled: a {@code CancelledException} is thrown at
 * the handler's current await and its {@code finally} blocks run.
 */
@FunctionalInterface
public interface Handler {

    /**
     * Returns the response to {@code request}.
     *
     * @throws Exception to answer with a 500, or an {@link HttpException}'s status
     */
    StreamResponse handle(Request request) throws Exception;
}
