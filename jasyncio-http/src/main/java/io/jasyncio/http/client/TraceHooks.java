package io.jasyncio.http.client;

import java.net.URI;
import java.time.Duration;

/**
 * Callbacks on the steps of each request (aiohttp's {@code TraceConfig} signals), for logging, metrics and tracing.
 * Every method does nothing by default; override those you need. They run in the requesting task, in order, and
 * should be quick; an exception they throw fails the request.
 *
 * {@snippet :
 * TraceHooks timing = new TraceHooks() {
 *     @Override
 *     public void requestEnd(String method, URI url, int status, Duration elapsed) {
 *         System.out.printf("%s %s -> %d in %d ms%n", method, url, status, elapsed.toMillis());
 *     }
 * };
 * var session = ClientSession.builder().trace(timing).build();
 * }
 */
public interface TraceHooks {
    /** No hooks. */
    TraceHooks NONE = new TraceHooks() {};

    /**
     * A request (one hop: each redirect and retry is one) is about to be sent.
     *
     * @param method the method
     * @param url the URL
     */
    default void requestStart(String method, URI url) {}

    /**
     * A response head arrived.
     *
     * @param method the method
     * @param url the URL
     * @param status the status
     * @param elapsed since {@link #requestStart}
     */
    default void requestEnd(String method, URI url, int status, Duration elapsed) {}

    /**
     * A request failed before its response head arrived.
     *
     * @param method the method
     * @param url the URL
     * @param error the failure
     */
    default void requestException(String method, URI url, Exception error) {}

    /**
     * A request is redirected.
     *
     * @param method the method of the response's request
     * @param from the URL that answered with a redirect
     * @param status the redirect status
     * @param to the next URL
     */
    default void redirect(String method, URI from, int status, URI to) {}

    /**
     * A new connection was opened for a request.
     *
     * @param url the request's URL
     * @param elapsed how long waiting for a slot and connecting took
     */
    default void connectionCreated(URI url, Duration elapsed) {}

    /**
     * A pooled keep-alive connection was reused for a request.
     *
     * @param url the request's URL
     */
    default void connectionReused(URI url) {}

    /**
     * A host name was resolved for a new connection (not called for literal addresses).
     *
     * @param host the name
     * @param elapsed how long it took (near zero when the connector's DNS cache answered)
     */
    default void dnsResolved(String host, Duration elapsed) {}

    /**
     * A request is retried (a stale keep-alive connection, or the retry policy).
     *
     * @param method the method
     * @param url the URL
     * @param attempt the attempt about to start (2 for the first retry)
     * @param delay the wait before it
     * @param cause why
     */
    default void retry(String method, URI url, int attempt, Duration delay, Exception cause) {}
}
