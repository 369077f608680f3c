package io.jasyncio.http.server;

/**
 * Wraps the handling of every request of an application (aiohttp's {@code @web.middleware}): the onion. The first
 * middleware added is the outermost; each may inspect or change the request, short-circuit by returning a response
 * itself, or call {@code next} and inspect or change what it returns.
 *
 * {@snippet :
 * app.use((request, next) -> {
 *     long start = System.nanoTime();
 *     StreamResponse response = next.handle(request);
 *     response.headers().set("X-Elapsed-Us", Long.toString((System.nanoTime() - start) / 1000));
 *     return response;
 * });
 * }
 */
@FunctionalInterface
public interface Middleware {

    /**
     * Handles {@code request}, usually by calling {@code next}.
     *
     * @throws Exception as a {@link Handler} may
     */
    StreamResponse handle(Request request, Handler next) throws Exception;
}
